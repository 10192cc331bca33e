/* rules.c: the table of diagnostic rules (rules.h), one row for each
 * csp_rule_id.  Every diagnostic carries one of these ids in brackets;
 * `csecpol check --list-rules` prints the table, `check --format sarif`
 * gives it as the tool's rules (each with its help), csecpol(1) and
 * csecpol-site(5) document it, and tests/suite/rules.sh checks each id
 * against the manuals and the tests. */
#include "rules.h"

#include <string.h>

const csp_rule csp_rules[CSP_R__COUNT] = {
    /* reading the file */
    [CSP_R_READ] =
        {"read", CSP_ERROR, 0, 0,
         "the file cannot be read (missing, a directory, "
         "no permission)",
         "Check the path: it is taken from the current directory (for a "
         "file named by extends, from the file that names it). The file "
         "must exist, be readable and be a file, not a directory."},
    [CSP_R_UTF8] =
        {"utf8", CSP_ERROR, 0, 0, "the file is not valid UTF-8",
         "Save the file as UTF-8 (in most editors: Save As, Encoding: "
         "UTF-8)."},
    [CSP_R_YAML] =
        {"yaml", CSP_ERROR, 0, 0,
         "the file is not valid YAML, with the structural fix: a key indented "
         "more or less than its siblings, a tab used to indent, key:value "
         "without a space, ': ' in an unquoted value, a missing '- '",
         "Fix the YAML at the line given (often the one before where libyaml "
         "stopped): line the key up with its siblings, indent with spaces, "
         "put a space after the colon, or quote a value holding ': ' or ' #'."},
    [CSP_R_YAML_COMMENT] =
        {"yaml-comment", CSP_WARNING, 0, 0,
         "a ' #' comment that cuts a value short (Suite #200, ext #12): quote "
         "the whole value",
         "Put the whole value in double quotes (phone: \"(419) 244-7100 "
         "#12\"), "
         "or write the number sign without a space before it."},
    [CSP_R_CURLY_QUOTES] =
        {"curly-quotes", CSP_WARNING, 0, 0,
         "a value wrapped in curly quotes (\u201c...\u201d, \u00ab...\u00bb), "
         "which YAML keeps as text",
         "Replace the curly quotes with straight ones (\"...\"), or remove "
         "them: a value needs quotes only when it holds ': ' or ' #'."},
    [CSP_R_YAML_JOIN] =
        {"yaml-join", CSP_WARNING, 0, 0,
         "an unquoted list item that runs on into the next line, often a "
         "second item without its '- '",
         "Start each item of the list with '- ' on a line of its own, or "
         "quote an item that really runs over two lines."},
    [CSP_R_MULTIPLE_DOCUMENTS] =
        {"multiple-documents", CSP_ERROR, 0, 0,
         "more than one YAML document (---) in one file",
         "Keep one site to a file: remove the '---' line and what follows "
         "it, or move it to a file of its own."},
    [CSP_R_DUPLICATE_KEY] =
        {"duplicate-key", CSP_ERROR, 0, 0,
         "the same key twice in one map; in a list item, often the '- ' of the "
         "next item left out",
         "Keep one of the two: delete the other line, or merge what they "
         "say; if the second starts a new list item, put '- ' before it."},
    [CSP_R_KEY] = {"key", CSP_ERROR, 0, 0,
                   "a key that is not a plain name (a list or a map)",
                   "Write each key as a plain name followed by a colon (name: "
                   "value)."},
    [CSP_R_ANCHOR] =
        {"anchor", CSP_ERROR, 0, 0,
         "a YAML anchor (&name); write values out or use "
         "extends",
         "Write the value out where it is needed; to share values between "
         "site files, put them in a file that each names with extends."},
    [CSP_R_ALIAS] =
        {"alias", CSP_ERROR, 0, 0,
         "a YAML alias (*name); write values out or use "
         "extends",
         "Write the value out where it is needed; to share values between "
         "site files, put them in a file that each names with extends."},
    [CSP_R_TAG] =
        {"tag", CSP_ERROR, 0, 0, "a YAML tag (!!str, !custom)",
         "Remove the tag (the word starting with !): every value of a site "
         "file is text."},
    [CSP_R_CONTROL_CHAR] =
        {"control-char", CSP_ERROR, 0, 0,
         "a NUL byte or a control character that no document can carry",
         "Remove the character; it often comes from pasting out of another "
         "program."},
    [CSP_R_BIDI] =
        {"bidi", CSP_ERROR, 0, 0,
         "a bidirectional control character (Unicode's Bidi_Control), which "
         "can make a number display differently from what it dials",
         "Remove the character; it often comes from pasting out of another "
         "program, and can hide what a phone number really dials."},
    [CSP_R_LIMIT] =
        {"limit", CSP_ERROR, 0, 0, "a size limit of csecpol(1) exceeded",
         "Shorten the value or split the file; csecpol(1) lists the limits "
         "under LIMITS."},
    [CSP_R_EXTENDS] =
        {"extends", CSP_ERROR, 0, 0,
         "an extends parent that is missing, too deep or part of a cycle",
         "Name a file that exists, relative to the file that extends it "
         "(extends: states/ny.yaml), and keep the chain short and free of "
         "cycles."},
    /* checking the fields */
    [CSP_R_SCHEMA] =
        {"schema", CSP_ERROR, 0, 0,
         "a schema version this csecpol does not read",
         "Set 'schema: 1', or upgrade csecpol to one that reads the file's "
         "schema."},
    [CSP_R_UNKNOWN_KEY] =
        {"unknown-key", CSP_ERROR, 0, 0,
         "a key the format does not have, with a suggestion for a near miss",
         "Correct the spelling (the message suggests the key meant), or "
         "remove the line; 'csecpol fields' lists every key a site file "
         "may hold."},
    [CSP_R_TYPE] =
        {"type", CSP_ERROR, 0, 0,
         "a value of the wrong kind (a map where a list belongs, a list where "
         "text belongs)",
         "Write the value in the shape the field takes: a map of fields "
         "indented under its key, a list of lines starting with '- ', or "
         "text."},
    [CSP_R_REQUIRED] =
        {"required", CSP_ERROR, 0, 0, "a required field missing or empty",
         "Add the field, or fill it in; 'csecpol fields' says what each "
         "one is for."},
    [CSP_R_RECOMMENDED] =
        {"recommended", CSP_WARNING, 0, 0,
         "a recommended field missing (a person's name, the site's own safety "
         "steps, the version and effective date)",
         "Add the field: the policy reads better with it, and check "
         "--strict requires it."},
    [CSP_R_PHONE] =
        {"phone", CSP_ERROR, 0, 0,
         "not a North American phone number once vanity letters are mapped to "
         "digits, nor a short code; a letter where a digit goes (8OO)",
         "Write the number as it is dialled, with its area code: (315) "
         "592-4453, 1-888-373-7888, 1-800-THE-LOST, a short code such as "
         "911 or 988, and an extension as ext. 12."},
    [CSP_R_EMAIL] =
        {"email", CSP_ERROR, 0, 0,
         "not a bare e-mail address with a domain (no spaces, ? % & =)",
         "Write the bare address, as name@domain.org, without a name, "
         "mailto: or spaces."},
    [CSP_R_URL] =
        {"url", CSP_ERROR, 0, 0, "not an http or https address",
         "Write the full address with its scheme: https://domain.org/page."},
    [CSP_R_YAML_WORD] =
        {"yaml-word", CSP_ERROR, 0, 0,
         "an unquoted true, false, yes, no, on, off, ~ or null where text "
         "belongs",
         "Put the word in quotes (\"yes\") to keep it as text, or remove the "
         "line to leave the field empty."},
    [CSP_R_DATE] = {"date", CSP_ERROR, 0, 0,
                    "not a real date written YYYY-MM-DD",
                    "Write the date as YYYY-MM-DD, a real day (2026-01-31)."},
    [CSP_R_STATE] =
        {"state", CSP_ERROR, 0, 0,
         "not a USPS state or territory code, with the code meant as a hint",
         "Write the state's two-letter USPS code in capitals (NY, NJ, DC, "
         "PR)."},
    [CSP_R_PLACEHOLDER] =
        {"placeholder", CSP_ERROR, 0, 0,
         "a placeholder left in: TBD, TODO, XXX, a fictional 555 number, the "
         "text csecpol init writes",
         "Replace the placeholder with the real value; a 555 number is "
         "fictional, so put the number that is really dialled."},
    [CSP_R_EXAMPLE_DOMAIN] =
        {"example-domain", CSP_WARNING, 0, 0,
         "an address at a domain reserved for examples (example.org)",
         "Put the real address; example.org and the like are reserved for "
         "examples and reach no one."},
    [CSP_R_REVIEW_DATE] =
        {"review-date", CSP_WARNING, 0, 0,
         "the policy's review date has passed",
         "Review the policy, then set review_date to the day of the next "
         "review."},
    [CSP_R_VERSION_HISTORY] =
        {"version-history", CSP_WARNING, 0, 0,
         "policy.version raised without an entry for it in policy.history",
         "Add an item to policy.history with the new version, its date and "
         "what changed, so the board sees what it is asked to sign."},
    [CSP_R_STALE] =
        {"stale", CSP_WARNING, 0, 0,
         "with --max-age: a contact not verified within that many days, or "
         "never",
         "Call the number or write to the address, and set verified to the "
         "day it was confirmed (YYYY-MM-DD)."},
    [CSP_R_UNUSED_KEY] = {"unused-key", CSP_WARNING, 0, 0,
                          "a value the template never shows",
                          "Remove the value, or use a template that shows it."},
    [CSP_R_SHARED] =
        {"shared", CSP_ERROR, 0, 0,
         "render (or diff) given a shared file (shared: true) that site files "
         "extend, which is no policy of its own",
         "Render a site file that extends the shared one (extends: "
         "states/ny.yaml) instead; check the shared file on its own."},
    [CSP_R_SET] =
        {"set", CSP_ERROR, 0, 0,
         "a --set list item more than one past the end of its list",
         "Name an existing item of the list, or the one just past its end "
         "to add one."},
    /* templates and output */
    [CSP_R_TEMPLATE] =
        {"template", CSP_ERROR, 1, 0,
         "a template that does not parse, holds raw HTML, names no field or "
         "leaves out a field every policy needs",
         "Fix the template at the line given: close each section, name "
         "fields that 'csecpol fields' lists, and leave HTML out of it."},
    [CSP_R_REFERENCE_DOC] =
        {"reference-doc", CSP_ERROR, 0, 0,
         "a --reference-doc that is not a usable .docx",
         "Give a .docx that Word or LibreOffice saved, of a size within "
         "csecpol(1)'s limits."},
    [CSP_R_DOCX_INPUT] =
        {"docx-input", CSP_ERROR, 0, 0,
         "a DOCX given to diff that cannot be read: not a zip, damaged, "
         "encrypted, over a limit, not well-formed XML, a DOCTYPE, or not "
         "WordprocessingML",
         "Give diff the .docx as Word or LibreOffice saved it, or the site "
         "file or Markdown policy it came from."},
    [CSP_R_OUTPUT] =
        {"output", CSP_ERROR, 0, 0,
         "the output cannot be written, or would overwrite an input",
         "Choose an output path that is writable and is none of the files "
         "read (the site file, what it extends, the template)."},
    [CSP_R_DOCX] =
        {"docx", CSP_ERROR, 0, 1,
         "the DOCX writer failed (out of memory, or a libzip error)",
         "Run it again; if it fails again, report it, with the site file, "
         "as a bug in csecpol."},
};

csp_rule_id csp_rule_find(const char *id)
{
  for (int i = 0; i < CSP_R__COUNT; i++)
    if (strcmp(csp_rules[i].id, id) == 0)
      return (csp_rule_id)i;
  return CSP_R_NONE;
}

const char *csp_rule_severity(const csp_rule *r)
{
  if (r->or_warning)
    return "error or warning";
  return r->sev == CSP_ERROR ? "error" : "warning";
}
