/* explain.c: where each value of a site's policy comes from
 * (explain.h): the file, line and column that supplied it, and whether
 * the site set it, inherited it through `extends`, overrode a parent's
 * value, removed it with ~, set it with --set, or got csecpol's
 * default. */
#include <stdio.h>
#include <string.h>

#include "explain.h"
#include "json.h"
#include "schema.h"

typedef struct {
  const char *filter;  /* as given, or NULL */
  int json;            /* --format json */
  csp_buf *out;
  int shown;           /* values printed */
} S_explain;

/* Nonzero when path is the filter or lies below it: "personnel[1].phone"
 * is below "personnel", "personnel[1]" and "personnel[].phone" ("[]"
 * stands for any item). */
static int S_wanted(const S_explain *ex, const char *path)
{
  const char *f = ex->filter, *p = path;
  if (!f)
    return 1;
  while (*f) {
    if (f[0] == '[' && f[1] == ']' && *p == '[') {
      f += 2;
      while (*p && *p != ']')
        p++;
      if (!*p)
        return 0;
      p++;
    } else if (*f++ != *p++) {
      return 0;
    }
  }
  return *p == '\0' || *p == '.' || *p == '[';
}

/* A value in double quotes, with " \ and line ends escaped. */
static void S_quote(csp_buf *b, const csp_node *v)
{
  if (v->kind == CSP_NODE_NULL) {
    csp_buf_puts(b, "(empty)");
    return;
  }
  if (v->kind != CSP_NODE_SCALAR) {
    csp_buf_puts(b, v->kind == CSP_NODE_MAP ? "(a map)" : "(a list)");
    return;
  }
  csp_buf_putc(b, '"');
  for (size_t i = 0; i < v->len; i++) {
    unsigned char c = (unsigned char)v->text[i];
    if (c == '"' || c == '\\') {
      csp_buf_putc(b, '\\');
      csp_buf_putc(b, c);
    } else if (c == '\n') {
      csp_buf_puts(b, "\\n");
    } else if (c == '\r') {
      csp_buf_puts(b, "\\r");
    } else if (c == '\t') {
      csp_buf_puts(b, "\\t");
    } else {
      csp_buf_putc(b, c);
    }
  }
  csp_buf_putc(b, '"');
}

static void S_loc(csp_buf *b, const csp_loc *l)
{
  csp_buf_printf(b, "%s:%d:%d", l->file ? l->file : "?", l->line, l->col);
}

static int S_from_set(const csp_node *v)
{
  return v->loc.file && strcmp(v->loc.file, "--set") == 0;
}

/* JSON: "file": ..., "line": ..., "column": ... of l. */
static void S_json_loc(csp_buf *b, const csp_loc *l)
{
  csp_buf_puts(b, "\"file\": ");
  csp_json_str(b, l->file ? l->file : "");
  csp_buf_printf(b, ", \"line\": %d, \"column\": %d", l->line, l->col);
}

/* JSON: a value (a string, or null when empty) for "value". */
static void S_json_value(csp_buf *b, const csp_node *v)
{
  if (v->kind == CSP_NODE_SCALAR)
    csp_json_str(b, v->text);
  else if (v->kind == CSP_NODE_NULL)
    csp_buf_puts(b, "null");
  else
    csp_json_str(b, v->kind == CSP_NODE_MAP ? "(a map)" : "(a list)");
}

/* JSON: one value's object, as S_leaf prints it in text.  origin is
 * own, inherited, overridden, set or default; parent (or NULL) the
 * value it replaced, replaces (or NULL) the parent's list that the
 * site's replaces. */
static void S_json_leaf(S_explain *ex, const char *shown, const csp_node *v,
                        const char *origin, const csp_node *parent,
                        const csp_node *replaces)
{
  csp_buf *b = ex->out;
  csp_buf_puts(b, ex->shown > 1 ? ",\n  {\"path\": " : "  {\"path\": ");
  csp_json_str(b, shown);
  csp_buf_puts(b, ", \"value\": ");
  S_json_value(b, v);
  csp_buf_puts(b, ", \"origin\": ");
  csp_json_str(b, origin);
  if (!v->derived) {
    csp_buf_puts(b, ", ");
    S_json_loc(b, &v->loc);
  }
  if (parent) {
    csp_buf_puts(b, ", \"parent\": {\"value\": ");
    S_json_value(b, parent);
    csp_buf_puts(b, ", ");
    S_json_loc(b, &parent->loc);
    csp_buf_putc(b, '}');
  }
  if (replaces) {
    csp_buf_puts(b, ", \"replaces\": {");
    S_json_loc(b, &replaces->loc);
    csp_buf_putc(b, '}');
  }
  csp_buf_putc(b, '}');
}

/* Prints one value.  anc is the nearest container above it that
 * replaced a parent's value (a list the site wrote anew), or NULL. */
static void S_leaf(S_explain *ex, const csp_node *v, const char *shown,
                   const csp_node *anc)
{
  if (!S_wanted(ex, shown))
    return;
  csp_buf *b = ex->out;
  ex->shown++;
  if (ex->json) {
    if (v->derived)
      S_json_leaf(ex, shown, v, "default", NULL, NULL);
    else if (S_from_set(v))
      S_json_leaf(ex, shown, v, "set", v->replaced, NULL);
    else if (v->inherited)
      S_json_leaf(ex, shown, v, "inherited", NULL, NULL);
    else if (v->replaced)
      S_json_leaf(ex, shown, v, "overridden", v->replaced, NULL);
    else
      S_json_leaf(ex, shown, v, "own", NULL, anc ? anc->replaced : NULL);
    return;
  }
  csp_buf_printf(b, "%s = ", shown);
  S_quote(b, v);
  if (v->derived) {
    csp_buf_puts(b, "  (default)\n");
    return;
  }
  csp_buf_puts(b, "  ");
  S_loc(b, &v->loc);
  if (S_from_set(v)) {
    csp_buf_puts(b, "  (set on the command line");
    if (v->replaced) {
      csp_buf_puts(b, ", replaces ");
      S_quote(b, v->replaced);
      csp_buf_puts(b, " from ");
      S_loc(b, &v->replaced->loc);
    }
    csp_buf_puts(b, ")\n");
  } else if (v->inherited) {
    csp_buf_printf(b, "  (inherited from %s)\n", v->loc.file);
  } else if (v->replaced) {
    csp_buf_puts(b, "  (overridden, parent had ");
    S_quote(b, v->replaced);
    csp_buf_puts(b, " at ");
    S_loc(b, &v->replaced->loc);
    csp_buf_puts(b, ")\n");
  } else if (anc) {
    csp_buf_puts(b, "  (own; its list replaces the parent's at ");
    S_loc(b, &anc->replaced->loc);
    csp_buf_puts(b, ")\n");
  } else {
    csp_buf_puts(b, "  (own)\n");
  }
}

/* Prints a value that a file removed with `key: ~`: where the ~ stands,
 * and what the parent had. */
static void S_removed(S_explain *ex, const csp_entry *r, const char *shown)
{
  if (!S_wanted(ex, shown))
    return;
  csp_buf *b = ex->out;
  ex->shown++;
  if (ex->json) {
    csp_buf_puts(b, ex->shown > 1 ? ",\n  {\"path\": " : "  {\"path\": ");
    csp_json_str(b, shown);
    csp_buf_puts(b, ", \"value\": null, \"origin\": \"removed\", ");
    S_json_loc(b, &r->key_loc);
    csp_buf_puts(b, ", \"parent\": {\"value\": ");
    S_json_value(b, r->value);
    csp_buf_puts(b, ", ");
    S_json_loc(b, &r->value->loc);
    csp_buf_puts(b, "}}");
    return;
  }
  csp_buf_printf(b, "%s = (removed)  ", shown);
  S_loc(b, &r->key_loc);
  csp_buf_puts(b, "  (removed with ~, parent had ");
  if (r->value->kind == CSP_NODE_SEQ)
    csp_buf_printf(b, "a list of %zu", r->value->n);
  else
    S_quote(b, r->value);
  csp_buf_puts(b, " at ");
  S_loc(b, &r->value->loc);
  csp_buf_puts(b, ")\n");
}

/* Walks a map's fields in the table's order. */
static void S_walk(S_explain *ex, const csp_node *map, const char *prefix,
                   const char *shown, const csp_node *anc)
{
  for (size_t i = 0; i < csp_nfields; i++) {
    const csp_field *f = &csp_fields[i];
    const char *key;
    if (!csp_field_child(f->path, prefix, &key))
      continue;
    const csp_node *v = csp_node_get(map, key);
    char sh[256];
    snprintf(sh, sizeof sh, "%s%s%s", shown, *shown ? "." : "", key);
    if (!v) {
      const csp_entry *r =
          map->removed ? csp_node_entry(map->removed, key) : NULL;
      if (r)
        S_removed(ex, r, sh);
      continue;
    }
    const csp_node *a = v->replaced && !S_from_set(v) ? v : anc;
    if (v->kind == CSP_NODE_MAP && f->type == CSP_T_MAP) {
      S_walk(ex, v, f->path, sh, a);
    } else if (v->kind == CSP_NODE_SEQ &&
               (f->type == CSP_T_LIST || f->type == CSP_T_TEXTS)) {
      char ip[256];
      snprintf(ip, sizeof ip, "%s[]", f->path);
      for (size_t j = 0; j < v->n; j++) {
        const csp_node *item = v->items[j].value;
        char ish[300];
        snprintf(ish, sizeof ish, "%s[%zu]", sh, j + 1);
        if (item->kind == CSP_NODE_MAP && f->type == CSP_T_LIST)
          S_walk(ex, item, ip, ish, a);
        else
          S_leaf(ex, item, ish, a);
      }
    } else {
      S_leaf(ex, v, sh, a);
    }
  }
}

int csp_explain_write(const csp_node *root, const char *filter, int json,
                      csp_buf *out)
{
  S_explain ex = {filter, json, out, 0};
  if (json)
    csp_buf_puts(out, "[\n");
  S_walk(&ex, root, "", "", NULL);
  if (json)
    csp_buf_puts(out, ex.shown ? "\n]\n" : "]\n");
  return ex.shown;
}
