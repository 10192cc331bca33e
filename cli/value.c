/* value.c: the one home of each rule for what a value may be (value.h). */
#include "value.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- UTF-8 ---------------------------------------------------------- */

size_t csp_utf8_decode(const char *str, size_t n, unsigned *cp)
{
  const unsigned char *s = (const unsigned char *)str;
  unsigned c = s[0];
  size_t k;
  unsigned min;
  *cp = c;
  if (c < 0x80)
    return 1;
  if (c >= 0xC2 && c <= 0xDF)
    k = 2, min = 0x80;
  else if (c >= 0xE0 && c <= 0xEF)
    k = 3, min = 0x800;
  else if (c >= 0xF0 && c <= 0xF4)
    k = 4, min = 0x10000;
  else
    return 0;
  if (n < k)
    return 0;
  unsigned v = c & (k == 2 ? 0x1F : k == 3 ? 0x0F : 0x07);
  for (size_t j = 1; j < k; j++) {
    if ((s[j] & 0xC0) != 0x80)
      return 0;
    v = (v << 6) | (s[j] & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
    return 0;
  *cp = v;
  return k;
}

int csp_utf8_valid(const char *s, size_t n)
{
  size_t i = 0;
  while (i < n) {
    if ((unsigned char)s[i] < 0x80) {
      i++;
      continue;
    }
    unsigned cp;
    size_t k = csp_utf8_decode(s + i, n - i, &cp);
    if (!k)
      return 0;
    i += k;
  }
  return 1;
}

void csp_utf8_put(csp_buf *out, unsigned cp)
{
  if (cp < 0x80) {
    csp_buf_putc(out, (int)cp);
  } else if (cp < 0x800) {
    csp_buf_putc(out, (int)(0xC0 | (cp >> 6)));
    csp_buf_putc(out, (int)(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    csp_buf_putc(out, (int)(0xE0 | (cp >> 12)));
    csp_buf_putc(out, (int)(0x80 | ((cp >> 6) & 0x3F)));
    csp_buf_putc(out, (int)(0x80 | (cp & 0x3F)));
  } else {
    csp_buf_putc(out, (int)(0xF0 | (cp >> 18)));
    csp_buf_putc(out, (int)(0x80 | ((cp >> 12) & 0x3F)));
    csp_buf_putc(out, (int)(0x80 | ((cp >> 6) & 0x3F)));
    csp_buf_putc(out, (int)(0x80 | (cp & 0x3F)));
  }
}

/* ---- text ----------------------------------------------------------- */

int csp_char_xml_forbidden(unsigned cp)
{
  return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
         cp == 0xFFFE || cp == 0xFFFF || (cp >= 0xD800 && cp <= 0xDFFF);
}

int csp_char_bidi_control(unsigned cp)
{
  return cp == 0x061C || cp == 0x200E || cp == 0x200F ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

csp_text_fault csp_text_check(const char *s, size_t n, unsigned *cp,
                              size_t *off)
{
  size_t i = 0;
  while (i < n) {
    unsigned c = (unsigned char)s[i];
    size_t k = 1;
    *off = i;
    if (c >= 0x80) {
      k = csp_utf8_decode(s + i, n - i, &c);
      if (!k) {
        *cp = c;
        return CSP_TEXT_UTF8;
      }
    }
    *cp = c;
    if (c == 0)
      return CSP_TEXT_NUL;
    if (csp_char_xml_forbidden(c))
      return CSP_TEXT_CONTROL;
    if (csp_char_bidi_control(c))
      return CSP_TEXT_BIDI;
    i += k;
  }
  return CSP_TEXT_OK;
}

int csp_value_check_text(csp_diags *dg, const char *s, size_t n, size_t max,
                         const csp_loc *loc, const char *what)
{
  unsigned cp;
  size_t off;
  switch (csp_text_check(s, n, &cp, &off)) {
  case CSP_TEXT_OK:
    break;
  case CSP_TEXT_UTF8:
    csp_diag(dg, CSP_R_UTF8, loc,
             "%s is not valid UTF-8 (byte 0x%02X); write it in UTF-8", what,
             cp);
    return -1;
  case CSP_TEXT_NUL:
    csp_diag(dg, CSP_R_CONTROL_CHAR, loc,
             "%s holds a NUL character; remove it", what);
    return -1;
  case CSP_TEXT_CONTROL:
    csp_diag(dg, CSP_R_CONTROL_CHAR, loc,
             "%s holds the %scharacter U+%04X, which XML 1.0 forbids and "
             "no document can carry; remove it",
             what, cp < 0x20 ? "control " : "", cp);
    return -1;
  case CSP_TEXT_BIDI:
    csp_diag(dg, CSP_R_BIDI, loc,
             "%s holds the bidirectional control U+%04X, which can make "
             "text display differently from what it says; remove it",
             what, cp);
    return -1;
  }
  if (max && n > max) {
    csp_diag(dg, CSP_R_LIMIT, loc,
             "a %s of %zu bytes is longer than the limit of %zu; shorten it",
             strcmp(what, "value") == 0 || strcmp(what, "key") == 0
                 ? what
                 : "value",
             n, max);
    return -1;
  }
  return 0;
}

void csp_excerpt(csp_buf *out, const char *s, size_t max)
{
  size_t n = strlen(s), i = 0, chars = 0;
  while (i < n) {
    if (chars == max) {
      csp_buf_puts(out, "...");
      return;
    }
    unsigned cp = (unsigned char)s[i];
    size_t k = cp < 0x80 ? 1 : csp_utf8_decode(s + i, n - i, &cp);
    if (k == 0 || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
        csp_char_bidi_control(cp)) {
      if (cp == '\n')
        csp_buf_puts(out, "\\n");
      else if (cp == '\t')
        csp_buf_puts(out, "\\t");
      else if (cp == '\r')
        csp_buf_puts(out, "\\r");
      else if (k <= 1)
        csp_buf_printf(out, "\\x%02X", cp);
      else
        csp_buf_printf(out, "\\u%04X", cp);
      i += k ? k : 1;
    } else {
      csp_buf_put(out, s + i, k);
      i += k;
    }
    chars++;
  }
}

/* ---- phone numbers -------------------------------------------------- */

/* The digit a letter is mistaken for, or 0 when it looks like none. */
static int S_lookalike(int c)
{
  switch (c) {
  case 'O':
  case 'o':
  case 'Q':
  case 'D':
    return '0';
  case 'l':
  case 'I':
  case 'i':
    return '1';
  case 'Z':
  case 'z':
    return '2';
  case 'S':
  case 's':
    return '5';
  case 'b':
  case 'G':
    return '6';
  case 'B':
    return '8';
  case 'g':
  case 'q':
    return '9';
  default:
    return 0;
  }
}

/* The length of an extension's introduction at s ("ext. ", "x",
 * "extension "), spaces after it included, when digits follow; else 0. */
static size_t S_ext_word(const char *s)
{
  static const char *const words[] = {"extension", "ext.", "ext", "x"};
  for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
    size_t n = strlen(words[i]);
    if (strncasecmp(s, words[i], n) != 0)
      continue;
    size_t k = n;
    while (s[k] == ' ')
      k++;
    if (isdigit((unsigned char)s[k]))
      return k;
  }
  return 0;
}

/* Room for the digits of a phone number and its '\0'. */
#define S_DIGITS 24

/* At q, once the number has its ten digits: where the digits of an
 * extension start (after ", ext. ", "x", ...), or NULL when none does. */
static const char *S_ext_at(const char *q)
{
  const char *e = q;
  if (*e == ',' || *e == ';')
    for (e++; *e == ' '; e++)
      ;
  size_t w = S_ext_word(e);
  return w ? e + w : NULL;
}

/* What one group of a phone number (a run of letters and digits) holds,
 * and where it ends. */
typedef struct {
  const char *end;
  int has_digit;  /* a digit */
  int has_letter; /* a letter */
  int odd;        /* a letter that looks like no digit */
} S_group;

/* Scans the group at g, the number having n digits before it; the group
 * ends before an extension's introduction once the number has its ten
 * digits. */
static S_group S_group_scan(const char *g, size_t n)
{
  S_group gr = {g, 0, 0, 0};
  const char *q = g;
  while (isalnum((unsigned char)*q)) {
    if (n + (size_t)(q - g) >= 10 &&
        (q[0] == 'x' || q[0] == 'X' || q[0] == 'e' || q[0] == 'E') &&
        S_ext_word(q))
      break;
    if (isdigit((unsigned char)*q))
      gr.has_digit = 1;
    else if (S_lookalike(*q))
      gr.has_letter = 1;
    else
      gr.has_letter = gr.odd = 1;
    q++;
  }
  gr.end = q;
  return gr;
}

/* Says that group g..q of number s, whose every letter looks like a
 * digit (8OO, (3l5), O11), has a letter where a digit goes; and in fix,
 * when it is not NULL, which digit to write, with the number so fixed
 * when that is a number. */
static void S_lookalike_why(const char *s, const char *g, const char *q,
                            csp_buf *why, csp_buf *fix)
{
  const char *l = g;
  while (isdigit((unsigned char)*l))
    l++;
  csp_buf_printf(why, "has the letter '%c' in '%.*s', where a digit goes",
                 *l, (int)(q - g), g);
  if (!fix)
    return;
  csp_buf fixed, ignore;
  csp_buf_init(&fixed);
  csp_buf_init(&ignore);
  for (const char *r = s; *r; r++) {
    int dd = r >= g && r < q ? S_lookalike(*r) : 0;
    csp_buf_putc(&fixed, dd && !isdigit((unsigned char)*r) ? dd : *r);
  }
  csp_phone ok;
  csp_buf_printf(fix, "write the digit %c", S_lookalike(*l));
  if (csp_phone_parse(fixed.data, &ok, &ignore, NULL) == 0)
    csp_buf_printf(fix, ": %s", fixed.data);
  csp_buf_release(&fixed);
  csp_buf_release(&ignore);
}

/* Reads the digits of number s from q (past a "+1") into digits, of
 * S_DIGITS bytes, a letter as the keypad has it, and their count into
 * *n; *ext is where the digits of an extension start, or NULL.  Returns
 * 0, or -1 with why (and fix) set. */
static int S_phone_digits(const char *s, const char *q, char *digits,
                          size_t *n, const char **ext, csp_buf *why,
                          csp_buf *fix)
{
  static const char keypad[] = "22233344455566677778889999";
  while (*q) {
    unsigned char c = (unsigned char)*q;
    if (c == '-' || c == ' ' || c == '.' || c == '(' || c == ')') {
      q++;
      continue;
    }
    if (*n >= 10 && (*ext = S_ext_at(q)) != NULL)
      break;
    if (!isalnum(c)) {
      if (isprint(c))
        csp_buf_printf(why, "holds '%c', which is not part of a phone "
                            "number (digits, letters of a vanity word, "
                            "- . ( ) and an extension such as ext. 12)",
                       c);
      else
        csp_buf_puts(why, "holds characters other than digits, letters "
                          "and - . ( )");
      return -1;
    }
    const char *g = q;
    S_group gr = S_group_scan(g, *n);
    q = gr.end;
    if (gr.has_digit && gr.has_letter && !gr.odd) {
      S_lookalike_why(s, g, q, why, fix);
      return -1;
    }
    for (const char *r = g; r < q; r++) {
      if (*n >= S_DIGITS - 1) {
        csp_buf_puts(why, "has too many digits");
        return -1;
      }
      int d = (unsigned char)*r;
      digits[(*n)++] = isdigit(d) ? (char)d : keypad[toupper(d) - 'A'];
    }
  }
  digits[*n] = '\0';
  return 0;
}

/* The length of the extension's digits at ext, which must end the
 * number and be at most 8.  Returns it, or -1 with why set. */
static int S_ext_len(const char *ext, csp_buf *why)
{
  size_t elen = 0;
  while (isdigit((unsigned char)ext[elen]))
    elen++;
  const char *rest = ext + elen;
  while (*rest == ' ')
    rest++;
  if (*rest) {
    csp_buf_puts(why, "has text after its extension");
    return -1;
  }
  if (elen > 8) {
    csp_buf_puts(why, "has an extension of more than 8 digits");
    return -1;
  }
  return (int)elen;
}

int csp_phone_parse(const char *s, csp_phone *p, csp_buf *why,
                    csp_buf *fix)
{
  char digits[S_DIGITS];
  size_t n = 0;
  const char *q = s;
  const char *ext = NULL;
  memset(p, 0, sizeof *p);
  while (*q == ' ')
    q++;
  if (*q == '+') {
    if (q[1] != '1') {
      csp_buf_puts(why, "is not a North American number (+1)");
      return -1;
    }
    q++;
  }
  if (S_phone_digits(s, q, digits, &n, &ext, why, fix) < 0)
    return -1;
  if (!ext && n == 3 &&
      ((digits[1] == '1' && digits[2] == '1' && digits[0] >= '2') ||
       strcmp(digits, "988") == 0)) {
    memcpy(p->tel, digits, 4); /* 211, 311, ..., 911, 988 */
    return 0;
  }
  const char *d = digits;
  if (n == 11 && digits[0] == '1') {
    d++;
    n--;
  }
  if (n != 10) {
    csp_buf_puts(why, "does not have 10 digits (with the area code)");
    return -1;
  }
  if (d[0] < '2' || d[3] < '2') {
    csp_buf_puts(why, "is not a North American number (the area code and "
                      "exchange start with 2-9)");
    return -1;
  }
  int elen = ext ? S_ext_len(ext, why) : 0;
  if (elen < 0)
    return -1;
  snprintf(p->tel, sizeof p->tel, "+1%s%s%.*s", d, ext ? ";ext=" : "",
           elen, ext ? ext : "");
  p->fictional = strncmp(d + 3, "555", 3) == 0;
  return 0;
}

/* ---- dates ---------------------------------------------------------- */

static int S_is_leap(long y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int csp_date_parse(const char *s, long *days)
{
  if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
    return -1;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
      return -1;
  long y = atol(s), m = atol(s + 5), d = atol(s + 8);
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || m < 1 || m > 12 || d < 1)
    return -1;
  if (d > mdays[m - 1] + (m == 2 && S_is_leap(y)))
    return -1;
  /* days from civil (Howard Hinnant's algorithm) */
  y -= m <= 2;
  long era = y / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  *days = era * 146097 + doe - 719468;
  return 0;
}

int csp_date_ok(const char *s)
{
  long days;
  return csp_date_parse(s, &days) == 0;
}

static const char *const S_months[] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

void csp_date_long(const char *s, csp_buf *out)
{
  int m = atoi(s + 5), d = atoi(s + 8);
  if (m < 1 || m > 12)
    return;
  csp_buf_printf(out, "%s %d, %.4s", S_months[m - 1], d, s);
}

void csp_date_iso(long days, char out[11])
{
  /* civil from days (Howard Hinnant's algorithm) */
  long z = days + 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = yoe + era * 400;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  long d = doy - (153 * mp + 2) / 5 + 1;
  long m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  unsigned yy = (unsigned)(y % 10000), mm = (unsigned)m % 13,
           dd = (unsigned)d % 32;
  snprintf(out, 11, "%04u-%02u-%02u", yy % 10000, mm, dd);
}

/* ---- addresses ------------------------------------------------------ */

int csp_email_ok(const char *s)
{
  const char *at = strchr(s, '@');
  if (!at || at == s || strchr(at + 1, '@'))
    return 0;
  /* the name: letters, digits and . _ + - ' (and any non-ASCII letter),
   * never what a mailto: URL reads as escapes or headers */
  for (const char *p = s; p < at; p++) {
    unsigned char c = (unsigned char)*p;
    if (!isalnum(c) && c < 0x80 && !strchr("._+-'", c))
      return 0;
  }
  if (*s == '.' || at[-1] == '.' || strstr(s, ".."))
    return 0;
  /* the domain: labels of letters, digits and -, a top level of two or
   * more characters */
  const char *dom = at + 1;
  const char *dot = strrchr(dom, '.');
  if (!dot || dot == dom || strlen(dot + 1) < 2)
    return 0;
  for (const char *p = dom; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (!isalnum(c) && c < 0x80 && c != '-' && c != '.')
      return 0;
    if (c == '.' && (p == dom || p[1] == '.' || p[1] == '\0' ||
                     p[-1] == '-' || p[1] == '-'))
      return 0;
  }
  return *dom != '-';
}

int csp_web_url_ok(const char *s)
{
  size_t skip;
  if (strncasecmp(s, "https://", 8) == 0)
    skip = 8;
  else if (strncasecmp(s, "http://", 7) == 0)
    skip = 7;
  else
    return 0;
  if (!s[skip] || s[skip] == '/' || s[skip] == '?' || s[skip] == '#' ||
      s[skip] == ':' || s[skip] == '@')
    return 0;
  return csp_url_is_safe(s);
}

/* The schemes a policy may link to.  Each keeps its colon so that
 * "https" does not match "httpsfoo:". */
static const char *const S_safe_schemes[] = {"http:", "https:", "tel:",
                                             "mailto:"};

/* A browser strips leading spaces and C0 controls, and ignores tabs and
 * newlines anywhere in a URL ("java\tscript:"), so a URL holding any
 * control character is refused outright rather than guessed at.  The
 * URL must then start with one of the four schemes above, in any case
 * ("HTTPS:", "Tel:"), so a leading space refuses it too; relative URLs
 * have no scheme and are refused, since a standalone page has no base
 * to resolve them against.  Nor may a URL hold a space, <, >, ", \ or
 * `, which no URL holds as such (check refuses them too): cmark's
 * CommonMark renderer writes a link whose text is its URL as an
 * autolink <URL> without escaping, so "https://x <img>" would come back
 * as raw HTML when the Markdown is read again (found by fuzz_render). */
int csp_url_is_safe(const char *url)
{
  if (url == NULL)
    return 0;
  for (const unsigned char *p = (const unsigned char *)url; *p; p++)
    if (*p <= 0x20 || *p == 0x7f || strchr("<>\"\\`", *p))
      return 0;
  for (size_t i = 0; i < sizeof S_safe_schemes / sizeof *S_safe_schemes; i++)
    if (strncasecmp(url, S_safe_schemes[i], strlen(S_safe_schemes[i])) == 0)
      return 1;
  return 0;
}

int csp_example_domain(const char *s)
{
  const char *host = strchr(s, '@');
  if (host)
    host++;
  else if ((host = strstr(s, "://")) != NULL)
    host += 3;
  else
    return 0;
  size_t n = strcspn(host, "/:?#");
  static const char *const reserved[] = {"example.org", "example.com",
                                         "example.net", ".example"};
  for (size_t i = 0; i < 4; i++) {
    size_t rl = strlen(reserved[i]);
    if (n >= rl && strncasecmp(host + n - rl, reserved[i], rl) == 0 &&
        (n == rl || host[n - rl - 1] == '.' || reserved[i][0] == '.'))
      return 1;
  }
  return 0;
}

/* ---- states --------------------------------------------------------- */

static const struct {
  char code[3];
  const char *name;
} S_states[] = {
    {"AL", "Alabama"},        {"AK", "Alaska"},
    {"AZ", "Arizona"},        {"AR", "Arkansas"},
    {"CA", "California"},     {"CO", "Colorado"},
    {"CT", "Connecticut"},    {"DE", "Delaware"},
    {"DC", "District of Columbia"},
    {"FL", "Florida"},        {"GA", "Georgia"},
    {"HI", "Hawaii"},         {"ID", "Idaho"},
    {"IL", "Illinois"},       {"IN", "Indiana"},
    {"IA", "Iowa"},           {"KS", "Kansas"},
    {"KY", "Kentucky"},       {"LA", "Louisiana"},
    {"ME", "Maine"},          {"MD", "Maryland"},
    {"MA", "Massachusetts"},  {"MI", "Michigan"},
    {"MN", "Minnesota"},      {"MS", "Mississippi"},
    {"MO", "Missouri"},       {"MT", "Montana"},
    {"NE", "Nebraska"},       {"NV", "Nevada"},
    {"NH", "New Hampshire"},  {"NJ", "New Jersey"},
    {"NM", "New Mexico"},     {"NY", "New York"},
    {"NC", "North Carolina"}, {"ND", "North Dakota"},
    {"OH", "Ohio"},           {"OK", "Oklahoma"},
    {"OR", "Oregon"},         {"PA", "Pennsylvania"},
    {"RI", "Rhode Island"},   {"SC", "South Carolina"},
    {"SD", "South Dakota"},   {"TN", "Tennessee"},
    {"TX", "Texas"},          {"UT", "Utah"},
    {"VT", "Vermont"},        {"VA", "Virginia"},
    {"WA", "Washington"},     {"WV", "West Virginia"},
    {"WI", "Wisconsin"},      {"WY", "Wyoming"},
    {"AS", "American Samoa"}, {"GU", "Guam"},
    {"MP", "Northern Mariana Islands"},
    {"PR", "Puerto Rico"},    {"VI", "Virgin Islands"},
    {"FM", "Federated States of Micronesia"},
    {"MH", "Marshall Islands"},
    {"PW", "Palau"},
};
#define S_NSTATES (sizeof S_states / sizeof S_states[0])

int csp_state_ok(const char *s)
{
  if (strlen(s) != 2)
    return 0;
  for (size_t i = 0; i < S_NSTATES; i++)
    if (strcmp(S_states[i].code, s) == 0)
      return 1;
  return 0;
}

/* Nonzero when a and b are the same letters, ignoring case, spaces and
 * full stops ("new  york", "N.Y."). */
static int S_loose_eq(const char *a, const char *b)
{
  for (;;) {
    while (*a == ' ' || *a == '.')
      a++;
    while (*b == ' ' || *b == '.')
      b++;
    if (!*a || !*b)
      return !*a && !*b;
    if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
      return 0;
    a++, b++;
  }
}

const char *csp_state_hint(const char *s)
{
  for (size_t i = 0; i < S_NSTATES; i++)
    if (S_loose_eq(s, S_states[i].code) || S_loose_eq(s, S_states[i].name))
      return S_states[i].code;
  if (S_loose_eq(s, "Washington DC") || S_loose_eq(s, "Washington, DC") ||
      S_loose_eq(s, "US Virgin Islands") ||
      S_loose_eq(s, "U.S. Virgin Islands"))
    return s[0] == 'W' || s[0] == 'w' ? "DC" : "VI";
  return NULL;
}

const char *csp_state_code(size_t i)
{
  return i < S_NSTATES ? S_states[i].code : NULL;
}

/* ---- words ---------------------------------------------------------- */

int csp_yaml_word(const char *s, size_t n)
{
  static const char *const words[] = {
      "~",     "null",  "Null",  "NULL", "true", "True", "TRUE",
      "false", "False", "FALSE", "yes",  "Yes",  "YES",  "no",
      "No",    "NO",    "on",    "On",   "ON",   "off",  "Off",
      "OFF"};
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    if (strlen(words[i]) == n && memcmp(words[i], s, n) == 0)
      return 1;
  return 0;
}

const char *csp_placeholder(const char *s)
{
  static const char *const words[] = {"TBD", "TBA", "TODO", "XXX", "FIXME",
                                      "fill in", "placeholder",
                                      "[missing:", "lorem ipsum"};
  enum { NWORDS = sizeof words / sizeof words[0] };
  /* One pass over the value, trying only the words that start with the
   * letter at hand: this scan of every value was a tenth of a batch
   * render, then a twentieth with a pass a word. */
  for (const char *p = s; *p; p++) {
    int c = tolower((unsigned char)*p);
    if (c != 't' && c != 'x' && c != 'f' && c != 'p' && c != '[' &&
        c != 'l')
      continue;
    for (unsigned i = 0; i < NWORDS; i++) {
      size_t wl = strlen(words[i]);
      if (tolower((unsigned char)words[i][0]) != c ||
          strncasecmp(p, words[i], wl) != 0)
        continue;
      int before = p > s && isalnum((unsigned char)p[-1]);
      int after = isalnum((unsigned char)p[wl]) &&
                  isalnum((unsigned char)words[i][wl - 1]);
      if (!before && !after)
        return words[i];
    }
  }
  return NULL;
}
