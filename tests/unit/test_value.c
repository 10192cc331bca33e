/* test_value.c: the value rules (value.h): UTF-8, text hygiene, phone
 * numbers, dates, addresses, states, YAML words. */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "value.h"

static void phone(const char *in, const char *want)
{
  csp_phone p;
  csp_buf why;
  csp_buf_init(&why);
  int rc = csp_phone_parse(in, &p, &why, NULL);
  if (want)
    OK_STR(rc == 0 ? p.tel : why.data, want, "phone \"%s\"", in);
  else
    OK(rc < 0 && why.len, "phone \"%s\" refused (%s)", in, why.data);
  csp_buf_release(&why);
}

/* A refused phone whose message holds want. */
static void phone_why(const char *in, const char *want)
{
  csp_phone p;
  csp_buf why;
  csp_buf_init(&why);
  int rc = csp_phone_parse(in, &p, &why, NULL);
  OK(rc < 0 && strstr(why.data, want), "phone \"%s\": %s", in, why.data);
  csp_buf_release(&why);
}

static void text(const char *s, size_t n, csp_text_fault want, unsigned cp,
                 const char *what)
{
  unsigned got_cp = 0;
  size_t off = 0;
  csp_text_fault got = csp_text_check(s, n, &got_cp, &off);
  OK(got == want && (want == CSP_TEXT_OK || got_cp == cp),
     "%s: fault %d U+%04X, want %d U+%04X", what, got, got_cp, want, cp);
}

static void excerpt(const char *s, size_t max, const char *want)
{
  csp_buf b;
  csp_buf_init(&b);
  csp_excerpt(&b, s, max);
  OK_STR(b.data, want, "excerpt %s", want);
  csp_buf_release(&b);
}

int main(void)
{
  /* phone numbers as people write them */
  phone("1-877-NJ-ABUSE", "+18776522873");
  phone("1-800-THE-LOST", "+18008435678");
  phone("1-855-END-NJ-HT", "+18553636548");
  phone("1-800-4-A-CHILD", "+18004224453");
  phone("(315) 592-4453", "+13155924453");
  phone("315.592.4453", "+13155924453");
  phone("+1 888 373 7888", "+18883737888");
  phone("911", "911");
  phone("988", "988");
  phone("211", "211");
  /* extensions, shown as written and dialled as RFC 3966 */
  phone("(419) 244-7101 ext. 12", "+14192447101;ext=12");
  phone("(419) 244-7101 ext 12", "+14192447101;ext=12");
  phone("(419) 244-7101 x12", "+14192447101;ext=12");
  phone("(419) 244-7101x12", "+14192447101;ext=12");
  phone("(419) 244-7101, ext. 12", "+14192447101;ext=12");
  phone("(419) 244-7101 extension 12", "+14192447101;ext=12");
  phone("(419) 244-7101 Ext. 1234", "+14192447101;ext=1234");
  phone("1-888-373-7888 ext. 12 now", NULL);
  phone("911 ext. 2", NULL);
  /* wrong */
  phone("592-4453", NULL);
  phone("1-088-373-7888", NULL);
  phone("315-092-4453", NULL);
  phone("2-877-652-2873", NULL);
  phone("call us", NULL);
  phone("1-877-652-2873-1", NULL);
  phone("+44 20 7946 0958", NULL);
  phone("(419) 244-7101 #12", NULL);
  /* a letter standing in for a digit is named, with the digit */
  phone_why("1-8OO-422-4453", "the letter 'O' in '8OO'");
  {
    csp_phone p;
    csp_buf why, fix;
    csp_buf_init(&why);
    csp_buf_init(&fix);
    csp_phone_parse("1-8OO-422-4453", &p, &why, &fix);
    OK_STR(fix.data, "write the digit 0: 1-800-422-4453", "the fix");
    csp_buf_clear(&why);
    csp_buf_clear(&fix);
    csp_phone_parse("(3l5) 592-4453 x2", &p, &why, &fix);
    OK_STR(fix.data, "write the digit 1: (315) 592-4453 x2", "the fix");
    csp_buf_release(&why);
    csp_buf_release(&fix);
  }
  phone_why("(3l5) 592-4453", "the letter 'l' in '3l5'");
  phone_why("O11", "the letter 'O' in 'O11'");
  phone_why("(315) 592-44S3", "the letter 'S' in '44S3'");
  /* the examples messages give are accepted */
  phone("(315) 592-4453", "+13155924453");
  phone("1-888-373-7888", "+18883737888");
  {
    csp_phone p;
    csp_buf why;
    csp_buf_init(&why);
    OK(csp_phone_parse("1-800-555-0100", &p, &why, NULL) == 0 && p.fictional,
       "a 555 number parses, marked fictional");
    OK(csp_phone_parse("(315) 592-4453", &p, &why, NULL) == 0 && !p.fictional,
       "a real number is not fictional");
    csp_buf_release(&why);
  }

  /* dates from 1900 on, before 1970 included */
  long d = 99;
  OK(csp_date_parse("1970-01-01", &d) == 0 && d == 0, "epoch");
  OK(csp_date_parse("2026-11-23", &d) == 0 && d == 20780, "a recent date");
  OK(csp_date_parse("1969-12-31", &d) == 0 && d == -1, "the day before");
  OK(csp_date_parse("1900-01-01", &d) == 0 && d == -25567, "1900");
  OK(csp_date_parse("1899-12-31", &d) < 0, "before 1900");
  OK(csp_date_ok("2024-02-29"), "a leap day");
  OK(!csp_date_ok("2023-02-29"), "not a leap year");
  OK(!csp_date_ok("1900-02-29"), "1900 was no leap year");
  OK(csp_date_ok("2000-02-29"), "2000 was");
  OK(!csp_date_ok("2026-02-31"), "February 31");
  OK(!csp_date_ok("2026-13-01"), "month 13");
  OK(!csp_date_ok("2026-04-31"), "April 31");
  OK(!csp_date_ok("26-04-01"), "two-digit year");
  OK(!csp_date_ok("2026/04/01"), "slashes");
  OK(!csp_date_ok("2026-4-1"), "no zero padding");
  {
    csp_buf b;
    csp_buf_init(&b);
    csp_date_long("2027-01-15", &b);
    OK_STR(b.data, "January 15, 2027", "a date people read");
    csp_buf_clear(&b);
    csp_date_long("2026-12-01", &b);
    OK_STR(b.data, "December 1, 2026", "no leading zero on the day");
    csp_buf_release(&b);
    char iso[11];
    csp_date_iso(20780, iso);
    OK_STR(iso, "2026-11-23", "day number to date");
    csp_date_iso(-1, iso);
    OK_STR(iso, "1969-12-31", "before 1970");
    int all = 1;
    for (long k = -25567; k < 40000; k += 37) {
      long back;
      csp_date_iso(k, iso);
      if (csp_date_parse(iso, &back) < 0 || back != k)
        all = 0;
    }
    OK(all, "dates round trip from 1900 to 2079");
  }

  /* e-mail: a bare address, nothing a mailto: reads as headers */
  OK(csp_email_ok("jane.doe@cacoswego.org"), "an address");
  OK(csp_email_ok("o'brien+csec@mail.cacoswego.org"), "' and + in the name");
  OK(!csp_email_ok("jane@cacoswego.org?bcc=x@evil.example"), "? refused");
  OK(!csp_email_ok("jane%40x@cacoswego.org"), "%% refused");
  OK(!csp_email_ok("jane&x=1@cacoswego.org"), "& and = refused");
  OK(!csp_email_ok("jane doe@cacoswego.org"), "a space refused");
  OK(!csp_email_ok("jane@cacoswego"), "no top-level domain");
  OK(!csp_email_ok("jane@@cacoswego.org"), "two @");
  OK(!csp_email_ok("@cacoswego.org"), "no name");
  OK(!csp_email_ok("jane@.org"), "no domain");
  OK(!csp_email_ok("jane@cacoswego..org"), "an empty label");
  OK(!csp_email_ok("jane.@cacoswego.org"), "a name ending in .");
  OK(!csp_email_ok("<jane@cacoswego.org>"), "brackets refused");

  /* URLs */
  OK(csp_web_url_ok("https://ocfs.ny.gov/programs/cwcs/"), "https");
  OK(csp_web_url_ok("HTTP://example.org"), "HTTP in capitals");
  OK(!csp_web_url_ok("ftp://example.org"), "ftp refused");
  OK(!csp_web_url_ok("https://"), "no host");
  OK(!csp_web_url_ok("https:///path"), "an empty host");
  OK(!csp_web_url_ok("https://x y"), "a space");
  OK(!csp_web_url_ok("javascript:alert(1)"), "javascript:");
  OK(csp_url_is_safe("tel:+18883737888"), "tel: links");
  OK(csp_url_is_safe("MAILTO:a@b.org"), "mailto: in capitals");
  OK(!csp_url_is_safe("java\tscript:x"), "a tab inside");
  OK(!csp_url_is_safe(" https://x.org"), "a leading space");
  OK(!csp_url_is_safe("https://x.org/<img>"), "< inside");
  OK(csp_example_domain("a@example.org") &&
         csp_example_domain("https://www.example.com/x") &&
         csp_example_domain("https://site.example/") &&
         !csp_example_domain("https://notexample.org/"),
     "domains reserved for examples");

  /* states */
  OK(csp_state_ok("NJ") && csp_state_ok("OH") && csp_state_ok("DC") &&
         csp_state_ok("PR") && csp_state_ok("GU") && csp_state_ok("VI") &&
         csp_state_ok("AS") && csp_state_ok("MP"),
     "states, DC and territories");
  int codes = 0;
  for (char a = 'A'; a <= 'Z'; a++)
    for (char b = 'A'; b <= 'Z'; b++) {
      char s[3] = {a, b, 0};
      codes += csp_state_ok(s);
    }
  OK(codes == 59, "59 codes: 50 states, DC, 5 territories, 3 associated "
                  "states (%d)", codes);
  OK(!csp_state_ok("XX") && !csp_state_ok("nj") && !csp_state_ok("NJJ"),
     "not codes");
  OK_STR(csp_state_hint("Ohio"), "OH", "a written-out state");
  OK_STR(csp_state_hint("ohio"), "OH", "in lower case");
  OK_STR(csp_state_hint("oh"), "OH", "a lower-case code");
  OK_STR(csp_state_hint("N.Y."), "NY", "with full stops");
  OK_STR(csp_state_hint("new  york"), "NY", "with two spaces");
  OK_STR(csp_state_hint("Puerto Rico"), "PR", "a territory");
  OK_STR(csp_state_hint("District of Columbia"), "DC", "DC");
  OK(csp_state_hint("Ohioo") == NULL, "no hint for what is no state");

  /* text: every Bidi_Control character, and what XML forbids */
  text("(315) 592-4453", 14, CSP_TEXT_OK, 0, "plain text");
  text("Caf\xc3\xa9 \xf0\x9f\x93\x9e", 10, CSP_TEXT_OK, 0, "UTF-8 text");
  text("\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a", 8, CSP_TEXT_OK, 0, "Arabic");
  static const unsigned bidi[] = {0x061C, 0x200E, 0x200F, 0x202A, 0x202B,
                                  0x202C, 0x202D, 0x202E, 0x2066, 0x2067,
                                  0x2068, 0x2069};
  for (size_t i = 0; i < sizeof bidi / sizeof *bidi; i++) {
    csp_buf b;
    csp_buf_init(&b);
    csp_buf_puts(&b, "1-800-");
    csp_utf8_put(&b, bidi[i]);
    csp_buf_puts(&b, "4453");
    text(b.data, b.len, CSP_TEXT_BIDI, bidi[i], "a bidirectional control");
    csp_buf_release(&b);
  }
  text("a\x07z", 3, CSP_TEXT_CONTROL, 7, "BEL");
  text("a\tb\nc\r", 6, CSP_TEXT_OK, 0, "tab, LF and CR");
  text("a\0b", 3, CSP_TEXT_NUL, 0, "NUL");
  text("\xef\xbf\xbe", 3, CSP_TEXT_CONTROL, 0xFFFE, "U+FFFE");
  text("\xc0\xaf", 2, CSP_TEXT_UTF8, 0xC0, "an overlong /");
  text("\xed\xa0\x80", 3, CSP_TEXT_UTF8, 0xED, "a surrogate");
  text("\xf4\x90\x80\x80", 4, CSP_TEXT_UTF8, 0xF4, "past U+10FFFF");
  text("\xe2\x82", 2, CSP_TEXT_UTF8, 0xE2, "cut short");
  OK(csp_utf8_valid("abc\xc3\xa9", 5) && !csp_utf8_valid("\x80", 1),
     "csp_utf8_valid");

  /* excerpts: short, one line, no control character */
  excerpt("short", 60, "short");
  excerpt("abcdefghij", 4, "abcd...");
  excerpt("line one\nerror: forged", 60, "line one\\nerror: forged");
  excerpt("\x1b[31mred", 60, "\\x1B[31mred");
  excerpt("caf\xc3\xa9s", 4, "caf\xc3\xa9...");
  excerpt("a\xff", 60, "a\\xFF");

  /* YAML words */
  OK(csp_yaml_word("false", 5) && csp_yaml_word("True", 4) &&
         csp_yaml_word("~", 1) && csp_yaml_word("null", 4) &&
         csp_yaml_word("NO", 2) && csp_yaml_word("off", 3),
     "words YAML readers take for yes, no or nothing");
  OK(!csp_yaml_word("Falsehood", 9) && !csp_yaml_word("none", 4) &&
         !csp_yaml_word("tRUE", 4) && !csp_yaml_word("n", 1),
     "words they do not");
  return tap_done();
}
