/* test_yaml_hint.c: the hints for YAML that does not read as written
 * (cli/yaml_hint.c), as data: a file's text and the diagnostics it
 * gives, or none.  Each case is one line of the table; the CLI cases
 * tests/cli/yaml-* show each mistake in a whole site file. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "site.h"
#include "tap.h"

/* the test run's diagnostics: made in main, handed to what reports */
static csp_diags *dg;

static const struct {
  const char *what;
  const char *yaml;
  const char *want; /* the diagnostics, one a line; "" for none */
} cases[] = {
    /* comments that cut a value, and comments that do not */
    {"a comment cuts an address", "a: 12 Main St #200, Toledo\n",
     "t.yaml:1:15: warning: 'a' ends at \"12 Main St\": YAML reads ' #' as "
     "the start of a comment, so \"#200, Toledo\" is left out; to keep it, "
     "put the whole value in quotes: \"12 Main St #200, Toledo\" "
     "[yaml-comment]\n"},
    {"the column counts characters, not bytes",
     "a: Caf\xc3\xa9 \xe2\x80\x94 #2\n",
     "t.yaml:1:11: warning: 'a' ends at \"Caf\xc3\xa9 \xe2\x80\x94\": YAML "
     "reads ' #' as the start of a comment, so \"#2\" is left out; to keep "
     "it, put the whole value in quotes: \"Caf\xc3\xa9 \xe2\x80\x94 #2\" "
     "[yaml-comment]\n"},
    {"CRLF line ends and a byte order mark",
     "\xef\xbb\xbf" "a: b\r\nc: d #4\r\n",
     "t.yaml:2:6: warning: 'c' ends at \"d\": YAML reads ' #' as the start "
     "of a comment, so \"#4\" is left out; to keep it, put the whole value "
     "in quotes: \"d #4\" [yaml-comment]\n"},
    {"after a quoted value", "a:\n  - \"b\" #c\n",
     "t.yaml:2:9: warning: 'a[1]' ends at \"b\": YAML reads ' #' as the "
     "start of a comment, so \"#c\" is left out; to keep it, move it inside "
     "the quotes: \"b #c\" [yaml-comment]\n"},
    {"a value all comment", "a: #1 b\n",
     "t.yaml:1:4: warning: 'a' is empty: YAML reads ' #' as the start of a "
     "comment, so \"#1 b\" is left out; to keep it, put it in quotes: "
     "\"#1 b\" [yaml-comment]\n"},
    {"a letter of another script after the #", "a: b #\xc3\xa9t\xc3\xa9\n",
     "t.yaml:1:6: warning: 'a' ends at \"b\": YAML reads ' #' as the start "
     "of a comment, so \"#\xc3\xa9t\xc3\xa9\" is left out; to keep it, put "
     "the whole value in quotes: \"b #\xc3\xa9t\xc3\xa9\" [yaml-comment]\n"},
    {"a comment that starts with a space", "a: b # c\nd: e #\nf: g #-\n",
     ""},
    {"a comment that starts with a dash or a symbol",
     "a: b #\xe2\x80\x94 c\nd: e #!\n", ""},
    {"a # not after a space", "a: b#2\nu: https://x.org/#top\n", ""},
    {"a # in quotes", "a: 'b #2'\nc: \"d #3\"\n", ""},
    {"a block scalar", "a: |\n  b #2\n #3 c\n", ""},
    {"a flow list", "a: [b, c] #2\n", ""},
    /* curly quotes */
    {"curly double quotes", "a: \xe2\x80\x9c" "b\xe2\x80\x9d\n",
     "t.yaml:1:4: warning: 'a' is wrapped in curly quotes (\xe2\x80\x9c" "b"
     "\xe2\x80\x9d), which YAML keeps as part of the text, so the policy "
     "would show them; use straight quotes (\"...\") or none "
     "[curly-quotes]\n"},
    {"guillemets", "- \xc2\xab" "b\xc2\xbb\n",
     "t.yaml:1:3: warning: '[1]' is wrapped in curly quotes (\xc2\xab" "b"
     "\xc2\xbb), which YAML keeps as part of the text, so the policy would "
     "show them; use straight quotes (\"...\") or none [curly-quotes]\n"},
    {"curly inside the text is text", "a: the \xe2\x80\x9c" "b\xe2\x80\x9d "
     "program\nc: \xe2\x80\x9c\n", ""},
    {"straight quotes", "a: \"b\"\nc: 'd'\n", ""},
    {"a straight quote closed curly, on to the next line",
     "a: \"b\xe2\x80\x9d\n  c\"\n",
     "t.yaml:1:4: warning: 'a' opens with a straight quote and ends on this "
     "line with a curly one (\xe2\x80\x9d), which YAML does not take for a "
     "quote, so the value runs on to line 2; end it with a straight quote "
     "[curly-quotes]\n"},
    /* list items that run on */
    {"an item that runs on", "a:\n  - b\n    c\n",
     "t.yaml:3:5: warning: 'a[1]', the item of line 2, continues on line 3 "
     "(\"c\"): YAML joins the lines of an item into one (\"b c\"); to start "
     "a new item, write '- ' before it; to keep one item, put it in quotes "
     "[yaml-join]\n"},
    {"a value over two lines is no item", "a: b\n  c\n", ""},
    {"a quoted item over two lines", "a:\n  - \"b\n    c\"\n", ""},
    /* syntax errors */
    {"a key indented more",
     "a:\n  b: 1\n   c: 2\n",
     "t.yaml:3:4: error: 'c' is indented to column 4, deeper than 'b' on "
     "line 2, which has a value, so YAML reads it as part of that value; "
     "indent it to column 3, as 'b' [yaml]\n"
     "t.yaml:3:5: note: the YAML parser stops here (mapping values are not "
     "allowed in this context); the fields are checked once the file "
     "parses\n"},
    {"a key indented less",
     "a:\n  b: 1\n c: 2\n",
     "t.yaml:3:2: error: 'c' is indented to column 2, less than 'b' beside "
     "it (line 2, column 3); indent it to column 3 [yaml]\n"
     "t.yaml:3:2: note: the YAML parser stops here (did not find expected "
     "key while parsing a block mapping); the fields are checked once the "
     "file parses\n"},
    {"a list at its key's column is no mistake",
     "a:\n- b: 1\n  c: 2\nd: 3\n", ""},
    {"an error after UTF-8, at the right column",
     "a: \xc3\xa9\xc3\xa9: b\n",
     "t.yaml:1:6: error: the value of 'a' holds ': ' (\"\xc3\xa9\xc3\xa9: "
     "b\"), which YAML reads as the start of another key; put the whole "
     "value in quotes: a: \"\xc3\xa9\xc3\xa9: b\" [yaml]\n"
     "t.yaml:1:6: note: the YAML parser stops here (mapping values are not "
     "allowed in this context); the fields are checked once the file "
     "parses\n"},
    {"an error libyaml alone can tell",
     "a: [b\nc: d\n",
     "t.yaml:2:2: error: invalid YAML: did not find expected ',' or ']' "
     "while parsing a flow sequence [yaml]\n"
     "t.yaml:2:2: note: the YAML parser stops here; the fields are checked "
     "once the file parses\n"},
    {"two errors in two parts",
     "a:\n  b:c\n  d: 1\ne:\n\tf: 2\n",
     "t.yaml:2:3: error: 'b:c' has no space after ':', so YAML reads it as "
     "text, not as the key 'b'; put a space after ':' (b: c) [yaml]\n"
     "t.yaml:3:4: note: the YAML parser stops here (mapping values are not "
     "allowed in this context); csecpol reads on from line 4 for more "
     "syntax errors, and checks the fields once the file parses\n"
     "t.yaml:5:1: error: line 5 is indented with a tab, which YAML does not "
     "allow; indent with spaces [yaml]\n"
     "t.yaml:5:1: note: the YAML parser stops here (found character that "
     "cannot start any token while scanning for the next token); the fields "
     "are checked once the file parses\n"},
    {"duplicate keys: each item left without its '- '",
     "a:\n  - b: 1\n    c: 2\n    b: 3\n    c: 4\n    b: 5\n",
     "t.yaml:4:5: error: duplicate key 'b' in one item of a list; if line 4 "
     "starts the next item, write '- ' before 'b', in line with the '- ' on "
     "line 2 (column 3); otherwise remove or rename one [duplicate-key]\n"
     "t.yaml:2:5: note: 'b' first appears here\n"
     "t.yaml:6:5: error: duplicate key 'b' in one item of a list; if line 6 "
     "starts the next item, write '- ' before 'b', in line with the '- ' on "
     "line 2 (column 3); otherwise remove or rename one [duplicate-key]\n"
     "t.yaml:4:5: note: 'b' first appears here\n"},
};

/* Many lines indented with tabs: twenty reported, the rest counted. */
static void test_many_tabs(void)
{
  csp_buf b;
  csp_buf_init(&b);
  csp_buf_puts(&b, "a:\n");
  for (int i = 0; i < 30; i++)
    csp_buf_puts(&b, "\tb: 1\n");
  csp_node *n = csp_yaml_parse(dg, "t.yaml", b.data, b.len);
  char *d = NULL;
  size_t sz;
  FILE *f = open_memstream(&d, &sz);
  csp_diag_flush(dg, f, CSP_FORMAT_TEXT);
  fclose(f);
  size_t lines = 0;
  for (const char *p = d; *p; p++)
    lines += *p == '\n';
  OK(n == NULL && lines == 23,
     "30 tab lines: the first with a note, 20 more, a count (%zu lines)",
     lines);
  OK(strstr(d, "t.yaml:23:1: error: line 23 and 8 more lines after it are "
               "indented with tabs") != NULL,
     "the rest are counted");
  free(d);
  csp_buf_release(&b);
  csp_diag_release(dg); /* each case prints all it finds, once a run */
}

int main(void)
{
  dg = csp_diags_new();
  test_many_tabs();
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    csp_node *n = csp_yaml_parse(dg, "t.yaml", cases[i].yaml,
                                 strlen(cases[i].yaml));
    char *d = NULL;
    size_t sz;
    FILE *f = open_memstream(&d, &sz);
    csp_diag_flush(dg, f, CSP_FORMAT_TEXT);
    fclose(f);
    OK_STR(d, cases[i].want, "%s", cases[i].what);
    int error = strstr(cases[i].want, ": error: ") != NULL;
    OK((n == NULL) == error, "%s: %s", cases[i].what,
       error ? "refused" : "read");
    csp_node_free(n);
    free(d);
    csp_diag_release(dg); /* each case prints all it finds, once a run */
  }
  csp_diags_free(dg);
  return tap_done();
}
