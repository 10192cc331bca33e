/* json.c: writing JSON (json.h). */
#include "json.h"

#include <stdio.h>
#include <stdlib.h>

void csp_json_str(csp_buf *out, const char *s)
{
  csp_buf_putc(out, '"');
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\') {
      csp_buf_putc(out, '\\');
      csp_buf_putc(out, *p);
    } else if (*p == '\n') {
      csp_buf_puts(out, "\\n");
    } else if (*p == '\r') {
      csp_buf_puts(out, "\\r");
    } else if (*p == '\t') {
      csp_buf_puts(out, "\\t");
    } else if (*p < 0x20 || *p == 0x7f) {
      csp_buf_printf(out, "\\u%04x", *p);
    } else {
      csp_buf_putc(out, *p);
    }
  }
  csp_buf_putc(out, '"');
}

void csp_json_init(csp_json *j, csp_buf *out)
{
  j->out = out;
  j->depth = 0;
  j->count[0] = 0;
  j->after_key = 0;
}

static void S_newline(csp_json *j)
{
  csp_buf_putc(j->out, '\n');
  for (int i = 0; i < j->depth; i++)
    csp_buf_puts(j->out, "  ");
}

/* What comes before a value: a comma and a new line inside a
 * container, nothing after a key. */
static void S_before(csp_json *j)
{
  if (j->after_key) {
    j->after_key = 0;
    return;
  }
  if (j->depth > 0) {
    if (j->count[j->depth]++)
      csp_buf_putc(j->out, ',');
    S_newline(j);
  }
}

void csp_json_begin(csp_json *j, char kind)
{
  if (j->depth + 1 >= CSP_JSON_MAX_DEPTH) {
    fputs("csecpol: JSON nested too deep\n", stderr);
    abort();
  }
  S_before(j);
  csp_buf_putc(j->out, kind);
  j->depth++;
  j->count[j->depth] = 0;
  j->close[j->depth] = kind == '{' ? '}' : ']';
}

void csp_json_end(csp_json *j)
{
  int had = j->count[j->depth];
  char close = j->close[j->depth];
  j->depth--;
  if (had)
    S_newline(j);
  csp_buf_putc(j->out, close);
  if (j->depth == 0)
    csp_buf_putc(j->out, '\n');
}

void csp_json_key(csp_json *j, const char *key)
{
  S_before(j);
  csp_json_str(j->out, key);
  csp_buf_puts(j->out, ": ");
  j->after_key = 1;
}

void csp_json_string(csp_json *j, const char *s)
{
  S_before(j);
  csp_json_str(j->out, s);
}

void csp_json_raw(csp_json *j, const char *literal)
{
  S_before(j);
  csp_buf_puts(j->out, literal);
}

void csp_json_int(csp_json *j, long n)
{
  S_before(j);
  csp_buf_printf(j->out, "%ld", n);
}

void csp_json_node(csp_json *j, const csp_node *n)
{
  switch (n->kind) {
  case CSP_NODE_NULL:
    csp_json_raw(j, "null");
    break;
  case CSP_NODE_SCALAR:
    csp_json_string(j, n->text);
    break;
  case CSP_NODE_MAP:
    csp_json_begin(j, '{');
    for (size_t i = 0; i < n->n; i++) {
      csp_json_key(j, n->items[i].key);
      csp_json_node(j, n->items[i].value);
    }
    csp_json_end(j);
    break;
  case CSP_NODE_SEQ:
    csp_json_begin(j, '[');
    for (size_t i = 0; i < n->n; i++)
      csp_json_node(j, n->items[i].value);
    csp_json_end(j);
    break;
  }
}
