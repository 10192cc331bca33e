/* value.h: what a value may be, in one place.
 *
 * Text itself (UTF-8, the characters no document can carry, the
 * bidirectional controls), phone numbers, dates, e-mail and web
 * addresses, state codes, the YAML words that are not text, and the
 * placeholders a scaffold leaves.  check, render (every format, the
 * DOCX properties included), init, explain, --set and the interview all
 * ask here; a function answers, and its caller reports, except
 * csp_value_check_text, which reports the one way text is refused. */
#ifndef CSP_VALUE_H
#define CSP_VALUE_H

#include <stddef.h>

#include "diag.h"
#include "util.h"

/* ---- UTF-8 ---------------------------------------------------------- */

/* Decodes the UTF-8 sequence at s[0..n) (n > 0): returns its length in
 * bytes and sets *cp.  Returns 0 for a malformed sequence (a stray
 * continuation byte, a bad lead byte, an overlong form, a surrogate,
 * past U+10FFFF, cut short); *cp is then the first byte. */
size_t csp_utf8_decode(const char *s, size_t n, unsigned *cp);

/* Nonzero when s[0..n) is well-formed UTF-8. */
int csp_utf8_valid(const char *s, size_t n);

/* Appends code point cp to out as UTF-8. */
void csp_utf8_put(csp_buf *out, unsigned cp);

/* ---- text ----------------------------------------------------------- */

/* Nonzero for a character XML 1.0 forbids: C0 controls other than tab,
 * LF and CR; U+FFFE, U+FFFF; surrogates. */
int csp_char_xml_forbidden(unsigned cp);

/* Nonzero for a character of Unicode's Bidi_Control property: U+061C,
 * U+200E, U+200F, U+202A..U+202E, U+2066..U+2069.  Each can make a
 * number display other than it dials. */
int csp_char_bidi_control(unsigned cp);

/* What is wrong with a text, if anything. */
typedef enum {
  CSP_TEXT_OK,
  CSP_TEXT_UTF8,    /* not well-formed UTF-8 */
  CSP_TEXT_NUL,     /* a NUL byte */
  CSP_TEXT_CONTROL, /* a character XML 1.0 forbids */
  CSP_TEXT_BIDI     /* a bidirectional control */
} csp_text_fault;

/* Checks text a policy is to carry.  On a fault sets *cp to the
 * character (or byte) and *off to its byte offset. */
csp_text_fault csp_text_check(const char *s, size_t n, unsigned *cp,
                              size_t *off);

/* Checks text as csp_text_check does, and its length against max (0:
 * none), and reports the first fault at loc with its rule ("utf8",
 * "control-char", "bidi", "limit"); what names the text ("value",
 * "key", "the site name").  Returns 0, or -1 after reporting. */
int csp_value_check_text(csp_diags *dg, const char *s, size_t n, size_t max,
                         const csp_loc *loc, const char *what);

/* Appends s to out as a short excerpt for a message: at most max
 * characters (then "..."), with newlines, tabs and other control
 * characters shown as \n, \t, \xNN, so that no value can start a line
 * of its own in a log. */
void csp_excerpt(csp_buf *out, const char *s, size_t max);

/* ---- phone numbers -------------------------------------------------- */

/* The longest tel: target: "+1" and ten digits, ";ext=" and eight. */
#define CSP_TEL_MAX 32

typedef struct csp_phone {
  char tel[CSP_TEL_MAX]; /* RFC 3966 without "tel:": "+18776522873",
                            "911", "+14192447101;ext=12" */
  int fictional;         /* its exchange is 555, kept for fiction */
} csp_phone;

/* Parses a phone number as a person writes it: a North American number
 * of ten digits (a leading 1 or +1 allowed) in groups set off by
 * spaces, - . ( ), or a short code (211 ... 911, 988); letters only as
 * a vanity word (1-800-THE-LOST, 1-877-NJ-ABUSE), never a letter that
 * stands in for a digit (8OO, (3l5)); then an optional extension
 * ("ext. 12", "ext 12", "x12", ", ext. 12", "extension 12").  Returns
 * 0, or -1 with what is wrong in why (a phrase to follow the number:
 * "does not have 10 digits (with the area code)") and, when fix is not
 * NULL and the number can be told, the fix in it ("write the digit 0:
 * 1-800-342-3720"); else fix is left empty. */
int csp_phone_parse(const char *s, csp_phone *p, csp_buf *why,
                    csp_buf *fix);

/* Two numbers to show in a message about a phone: both accepted. */
#define CSP_PHONE_EXAMPLES "(315) 592-4453 or 1-888-373-7888"

/* ---- dates ---------------------------------------------------------- */

/* Parses a date written YYYY-MM-DD, a real day from 1900-01-01 to
 * 9999-12-31, into days since 1970-01-01 (negative before it).
 * Returns 0, or -1 (then *days is untouched). */
int csp_date_parse(const char *s, long *days);

/* Nonzero when s parses as a date. */
int csp_date_ok(const char *s);

/* Appends the date s (which must parse) as people read it: "January 15,
 * 2027". */
void csp_date_long(const char *s, csp_buf *out);

/* The date of day number days, YYYY-MM-DD, into out[11]. */
void csp_date_iso(long days, char out[11]);

/* ---- addresses ------------------------------------------------------ */

/* Nonzero when s is a bare e-mail address, name@domain.tld: no spaces,
 * nothing a mailto: link would read as headers or escapes (? % & =),
 * no quotes or brackets. */
int csp_email_ok(const char *s);

/* Nonzero when s is an http or https address with a host. */
int csp_web_url_ok(const char *s);

/* Nonzero when url may become a link in any output: http:, https:,
 * tel: and mailto: only, with no control character, space, <, >, ", \
 * or `. */
int csp_url_is_safe(const char *url);

/* Nonzero when an e-mail address or URL is at a domain reserved for
 * examples (RFC 2606): example.org, example.com, example.net,
 * *.example. */
int csp_example_domain(const char *s);

/* ---- states --------------------------------------------------------- */

/* Nonzero when s is a USPS code of a state, DC or a territory: the 50
 * states, DC, AS, GU, MP, PR, VI, and the freely associated FM, MH,
 * PW. */
int csp_state_ok(const char *s);

/* The code a person probably meant by s, when s is not one: "Ohio",
 * "ohio", "oh" and "O.H." give "OH"; NULL when none. */
const char *csp_state_hint(const char *s);

/* The i-th of the codes csp_state_ok accepts (from 0: "AL"), or NULL
 * past the last: for a list of them, such as a JSON Schema's enum. */
const char *csp_state_code(size_t i);

/* ---- words ---------------------------------------------------------- */

/* Nonzero when s, written unquoted, is a word YAML readers take for a
 * yes/no or empty value (true, False, yes, No, on, off, ~, null;
 * not y and n, which only some YAML 1.1 readers take so)
 * rather than text. */
int csp_yaml_word(const char *s, size_t n);

/* The placeholder s still holds ("TODO", "TBD", "[missing:", ...), or
 * NULL. */
const char *csp_placeholder(const char *s);

/* ---- patterns ------------------------------------------------------- */

/* Regular expressions, in the syntax of ECMA-262 that a JSON Schema's
 * "pattern" uses, that every value the rule above them accepts matches:
 * a looser net, for an editor to underline a value as it is typed
 * (csecpol fields --format json-schema).  The rule itself is the
 * function: what a pattern lets through (a letter where a digit goes,
 * February 30, a domain label that starts with '-') the function still
 * refuses.  tests/suite/schema.sh holds each pattern to its function
 * over a set of values, through the schema and `csecpol check`. */

/* What to write instead of a value that its rule refuses: the end of
 * check's message, and the message an editor shows for the pattern. */
#define CSP_PHONE_FIX "write it as " CSP_PHONE_EXAMPLES
#define CSP_DATE_FIX "write it as YYYY-MM-DD, e.g. 2026-01-31"
#define CSP_EMAIL_FIX "write the bare address, as name@domain.org"
#define CSP_URL_FIX "write it as https://domain.org/page"
#define CSP_STATE_FIX "write it as OH or NY"

/* csp_phone_parse: a short code of three letters or digits, or ten (a
 * leading 1 or +1 allowed) in groups set off by - . ( ) and spaces,
 * then an optional extension. */
#define CSP_PHONE_PATTERN                                                   \
  "^ *((\\+?1)?[-. ()]*([0-9A-Za-z][-. ()]*){9}[0-9A-Za-z]"                \
  "([-. ()]*|[-. ()]*([,;] *)?([Ee][Xx][Tt]([Ee][Nn][Ss][Ii][Oo][Nn]|\\.)?" \
  "|[Xx]) *[0-9]{1,8} *)"                                                    \
  "|[-. ()]*([0-9A-Za-z][-. ()]*){3})$"

/* csp_date_parse: YYYY-MM-DD from 1900 on, with a month of 01-12 and a
 * day of 01-31. */
#define CSP_DATE_PATTERN                                                    \
  "^(19|[2-9][0-9])[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"

/* csp_email_ok: name@domain.tld, the name of letters, digits, . _ + - '
 * (and any non-ASCII letter) without a leading, trailing or doubled
 * dot, the domain of labels set off by single dots. */
#define CSP_EMAIL_PATTERN                                                   \
  "^([A-Za-z0-9_+'-]|[^\\x00-\\x7F])+(\\.([A-Za-z0-9_+'-]|[^\\x00-\\x7F])+)*" \
  "@([A-Za-z0-9-]|[^\\x00-\\x7F])+(\\.([A-Za-z0-9-]|[^\\x00-\\x7F])+)*"      \
  "\\.(([A-Za-z0-9-]|[^\\x00-\\x7F]){2,}|[^\\x00-\\x7F])$"

/* csp_web_url_ok: http:// or https:// (in any case), a host, and no
 * space, control character, < > " \\ or `. */
#define CSP_URL_PATTERN                                                     \
  "^[Hh][Tt][Tt][Pp][Ss]?://[^/?#:@\\x00-\\x20\\x7F<>\"\\\\`]"                \
  "[^\\x00-\\x20\\x7F<>\"\\\\`]*$"

#endif
