/* rules.c: the table of diagnostic rules.  Every diagnostic carries one
 * of these ids in brackets; `csecpol check --list-rules` prints the
 * table, csecpol-site(5) documents it, and tests/suite/rules.sh checks
 * that each id is in the manual and shown by at least one test. */
#include "diag.h"

#include <string.h>

const csp_rule csp_rules[] = {
    /* reading the file */
    {"read", "error", 0, "the file cannot be read (missing, a directory, "
                         "no permission)"},
    {"utf8", "error", 0, "the file is not valid UTF-8"},
    {"yaml", "error", 0,
     "the file is not valid YAML, with the structural fix: a key indented "
     "more or less than its siblings, a tab used to indent, key:value "
     "without a space, ': ' in an unquoted value, a missing '- '"},
    {"yaml-comment", "warning", 0,
     "a ' #' comment that cuts a value short (Suite #200, ext #12): quote "
     "the whole value"},
    {"curly-quotes", "warning", 0,
     "a value wrapped in curly quotes (\u201c...\u201d, \u00ab...\u00bb), "
     "which YAML keeps as text"},
    {"yaml-join", "warning", 0,
     "an unquoted list item that runs on into the next line, often a "
     "second item without its '- '"},
    {"multiple-documents", "error", 0,
     "more than one YAML document (---) in one file"},
    {"duplicate-key", "error", 0,
     "the same key twice in one map; in a list item, often the '- ' of the "
     "next item left out"},
    {"key", "error", 0, "a key that is not a plain name (a list or a map)"},
    {"anchor", "error", 0, "a YAML anchor (&name); write values out or use "
                           "extends"},
    {"alias", "error", 0, "a YAML alias (*name); write values out or use "
                          "extends"},
    {"tag", "error", 0, "a YAML tag (!!str, !custom)"},
    {"control-char", "error", 0,
     "a NUL byte or a control character that no document can carry"},
    {"bidi", "error", 0,
     "a bidirectional control character (Unicode's Bidi_Control), which "
     "can make a number display differently from what it dials"},
    {"limit", "error", 0, "a size limit of csecpol(1) exceeded"},
    {"extends", "error", 0,
     "an extends parent that is missing, too deep or part of a cycle"},
    /* checking the fields */
    {"schema", "error", 0, "a schema version this csecpol does not read"},
    {"unknown-key", "error", 0,
     "a key the format does not have, with a suggestion for a near miss"},
    {"type", "error", 0,
     "a value of the wrong kind (a map where a list belongs, a list where "
     "text belongs)"},
    {"required", "error", 0, "a required field missing or empty"},
    {"recommended", "warning", 0,
     "a recommended field missing (a person's name, the site's own safety "
     "steps, the version and effective date)"},
    {"phone", "error", 0,
     "not a North American phone number once vanity letters are mapped to "
     "digits, nor a short code; a letter where a digit goes (8OO)"},
    {"email", "error", 0,
     "not a bare e-mail address with a domain (no spaces, ? % & =)"},
    {"url", "error", 0, "not an http or https address"},
    {"yaml-word", "error", 0,
     "an unquoted true, false, yes, no, on, off, ~ or null where text "
     "belongs"},
    {"date", "error", 0, "not a real date written YYYY-MM-DD"},
    {"state", "error", 0,
     "not a USPS state or territory code, with the code meant as a hint"},
    {"placeholder", "error", 0,
     "a placeholder left in: TBD, TODO, XXX, a fictional 555 number, the "
     "text csecpol init writes"},
    {"example-domain", "warning", 0,
     "an address at a domain reserved for examples (example.org)"},
    {"review-date", "warning", 0, "the policy's review date has passed"},
    {"version-history", "warning", 0,
     "policy.version raised without an entry for it in policy.history"},
    {"stale", "warning", 0,
     "with --max-age: a contact not verified within that many days, or "
     "never"},
    {"unused-key", "warning", 0, "a value the template never shows"},
    {"shared", "error", 0,
     "render (or diff) given a shared file (shared: true) that site files "
     "extend, which is no policy of its own"},
    {"set", "error", 0,
     "a --set list item more than one past the end of its list"},
    /* templates and output */
    {"template", "error or warning", 0,
     "a template that does not parse, holds raw HTML, names no field or "
     "leaves out a field every policy needs"},
    {"reference-doc", "error", 0,
     "a --reference-doc that is not a usable .docx"},
    {"docx-input", "error", 0,
     "a DOCX given to diff that cannot be read: not a zip, damaged, "
     "encrypted, over a limit, not well-formed XML, a DOCTYPE, or not "
     "WordprocessingML"},
    {"output", "error", 0,
     "the output cannot be written, or would overwrite an input"},
    {"docx", "error", 1,
     "the DOCX writer failed (out of memory, or a libzip error)"},
};
const size_t csp_nrules = sizeof csp_rules / sizeof csp_rules[0];

const csp_rule *csp_rule_find(const char *id)
{
  for (size_t i = 0; i < csp_nrules; i++)
    if (strcmp(csp_rules[i].id, id) == 0)
      return &csp_rules[i];
  return NULL;
}
