/* test_site.c: the YAML loader: what it builds, and each refusal with
 * its file:line:col. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "site.h"
#include "tap.h"

/* the test run's diagnostics: made in main, handed to what reports */
static csp_diags *dg;

/* Parses text, returns the tree; *diags gets the printed diagnostics
 * (the caller frees it). */
static csp_node *parse(const char *text, size_t len, char **diags)
{
  csp_node *n = csp_yaml_parse(dg, "t.yaml", text, len);
  size_t sz;
  FILE *f = open_memstream(diags, &sz);
  csp_diag_flush(dg, f, CSP_FORMAT_TEXT);
  fclose(f);
  return n;
}

/* Expects text to be refused with a diagnostic starting with want. */
static void refuse(const char *text, size_t len, const char *want,
                   const char *what)
{
  char *d;
  csp_node *n = parse(text, len, &d);
  OK(n == NULL, "%s: refused", what);
  if (!OK(strncmp(d, want, strlen(want)) == 0, "%s: message", what))
    printf("#   got:  %s#   want: %s...\n", d, want);
  csp_node_free(n);
  free(d);
}

int main(void)
{
  dg = csp_diags_new();
  char *d;
  const char *y = "site:\n  name: \"Acme\"\n  state: NJ\n"
                  "list:\n  - a\n  - ~\n  -\n  - 'null'\n";
  csp_node *n = parse(y, strlen(y), &d);
  OK(n && n->kind == CSP_NODE_MAP, "a map at the root");
  OK_STR(csp_node_text(n, "site.name"), "Acme", "dotted path");
  csp_node *name = csp_node_path(n, "site.name");
  OK(name && name->loc.line == 2 && name->loc.col == 9,
     "value location is 1-based line:col");
  OK(name && !name->plain, "a quoted value is not plain");
  OK(csp_node_path(n, "site.state")->plain, "an unquoted value is plain");
  csp_node *l = csp_node_get(n, "list");
  OK(l && l->kind == CSP_NODE_SEQ && l->n == 4, "a list of four");
  OK(l && l->items[1].value->kind == CSP_NODE_NULL, "~ is null");
  OK(l && l->items[2].value->kind == CSP_NODE_NULL, "empty is null");
  OK(l && l->items[3].value->kind == CSP_NODE_SCALAR,
     "quoted 'null' is text");
  OK(strcmp(d, "") == 0, "no diagnostics");
  csp_node_free(n);
  free(d);

  n = parse("", 0, &d);
  OK(n && n->kind == CSP_NODE_NULL, "an empty file is null");
  csp_node_free(n);
  free(d);

  n = parse("\xEF\xBB\xBFk: v\r\nj: w\r\n", 15, &d);
  OK(n && csp_node_text(n, "j") && strcmp(csp_node_text(n, "j"), "w") == 0,
     "a byte-order mark and CRLF are accepted");
  csp_node_free(n);
  free(d);

  refuse("a: 1\na: 2\n", 10,
         "t.yaml:2:1: error: duplicate key 'a'; a key may appear once in a "
         "map, so remove or rename one [duplicate-key]\n"
         "t.yaml:1:1: note: 'a' first appears here\n",
         "duplicate key with a note at the first");
  refuse("a: &x 1\nb: *x\n", 14, "t.yaml:1:4: error: YAML anchors",
         "anchor");
  refuse("a: [1]\nb: *x\n", 13, "t.yaml:2:4: error: YAML aliases", "alias");
  refuse("a: !!str 1\n", 11, "t.yaml:1:4: error: YAML tags", "tag");
  refuse("a: 1\n---\nb: 2\n", 14,
         "t.yaml:2:1: error: a site file holds one YAML document",
         "second document");
  refuse("? [a]\n: 1\n", 10, "t.yaml:1:3: error: a key must be a plain name",
         "a list as a key");
  refuse("a:\n\tb: 1\n", 9,
         "t.yaml:2:1: error: line 2 is indented with a tab, which YAML does "
         "not allow; indent with spaces [yaml]\n"
         "t.yaml:2:1: note: the YAML parser stops here",
         "tab indent");
  refuse("a: 1\nb: \xff\n", 10, "t.yaml:2:4: error: the file is not valid UTF-8",
         "invalid UTF-8");
  refuse("a: 1\nb: x\0y\n", 11, "t.yaml:2:5: error: the file holds a NUL",
         "NUL byte");
  refuse("a: \"x\\u0001\"\n", 12, "t.yaml:1:4: error: value holds the control "
         "character U+0001", "escaped control character");
  refuse("a: \"1-800\xE2\x80\xAE" "123\"\n", 16,
         "t.yaml:1:4: error: value holds the bidirectional control U+202E",
         "bidirectional override");
  refuse("a: b: c\n", 8,
         "t.yaml:1:5: error: the value of 'a' holds ': ' (\"b: c\"), which "
         "YAML reads as the start of another key; put the whole value in "
         "quotes: a: \"b: c\" [yaml]\n"
         "t.yaml:1:5: note: the YAML parser stops here (mapping values are "
         "not allowed in this context)",
         "colon in a plain value");
  refuse("a: [1, 2\n", 9, "t.yaml:2:1: error: invalid YAML", "unclosed list");

  /* nesting past the limit */
  csp_buf b;
  csp_buf_init(&b);
  for (int i = 0; i < CSP_MAX_DEPTH + 1; i++)
    csp_buf_puts(&b, "[");
  refuse(b.data, b.len, "t.yaml:1:33: error: maps and lists nest deeper",
         "nesting limit");
  csp_buf_clear(&b);
  csp_buf_puts(&b, "a: \"");
  for (int i = 0; i < CSP_MAX_VALUE + 1; i++)
    csp_buf_putc(&b, 'x');
  csp_buf_puts(&b, "\"\n");
  refuse(b.data, b.len, "t.yaml:1:4: error: a value of 65537 bytes",
         "value length limit");
  csp_buf_clear(&b);
  for (int i = 0; i < CSP_MAX_ITEMS + 1; i++)
    csp_buf_puts(&b, "- x\n");
  refuse(b.data, b.len, "t.yaml:10001:3: error: more than 10000 entries",
         "list length limit");
  csp_buf_release(&b);

  csp_load ld;
  csp_load_init(&ld, dg);
  n = csp_load_site(&ld, "tests/no/such/file.yaml");
  OK(n == NULL && ld.n == 0, "a missing file is refused, and not recorded");
  n = csp_load_site(&ld, "tests/fixtures/check/extends/child.yaml");
  OK(n != NULL && ld.n == 2 &&
         strcmp(ld.files[1].path,
                "tests/fixtures/check/extends/parent.yaml") == 0,
     "the load context records the file and its parent (%zu)", ld.n);
  csp_node_free(n);
  csp_load_release(&ld);
  n = csp_yaml_parse(dg, "t.yaml", "a: 1\n", 5);
  csp_node *c = csp_node_copy(n);
  OK(csp_node_remove(c, "a") && c->n == 0 && n->n == 1,
     "copy is deep and remove works");
  csp_node_free(c);
  csp_node_free(n);
  csp_diag_release(dg);
  csp_diags_free(dg);
  return tap_done();
}
