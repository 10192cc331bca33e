/* scaffold.c: the site file csecpol init writes (scaffold.h),
 * generated from the field table (schema.c): every field with its
 * description, required ones with a placeholder that check flags until
 * it is filled, optional ones commented out, what a shared state file
 * supplies said so; or the interview's answers, written the same way. */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "interview.h"
#include "json.h"
#include "scaffold.h"
#include "schema.h"

#define WIDTH 72 /* of comment lines */

typedef enum {
  M_WRITE,    /* written, with its placeholder */
  M_COMMENT,  /* written commented out */
  M_SUPPLIED  /* the shared state file supplies it: a comment says so */
} S_mode;

/* The writer's state. */
typedef struct {
  const csp_scaffold *sc;
  csp_buf *out;
  int dash; /* the next key line starts a list item */
} S_init;

static int S_is_container(const csp_field *f)
{
  return f->type == CSP_T_MAP || f->type == CSP_T_LIST ||
         f->type == CSP_T_TEXTS;
}

static S_mode S_mode_of(const S_init *in, const csp_field *f);

/* The mode of a map: written when a field inside is. */
static S_mode S_map_mode(const S_init *in, const csp_field *f)
{
  int supplied = 0;
  for (size_t i = 0; i < csp_nfields; i++) {
    const char *last;
    if (!csp_field_child(csp_fields[i].path, f->path, &last))
      continue;
    S_mode m = S_mode_of(in, &csp_fields[i]);
    if (m == M_WRITE)
      return M_WRITE;
    supplied |= m == M_SUPPLIED;
  }
  return supplied ? M_SUPPLIED : M_COMMENT;
}

static S_mode S_mode_of(const S_init *in, const csp_field *f)
{
  if (strcmp(f->path, "schema") == 0)
    return M_WRITE;
  if (strcmp(f->path, "extends") == 0)
    return in->sc->shared ? M_WRITE : M_COMMENT;
  if (strstr(f->path, "[]")) /* inside a list item */
    return f->need != CSP_OPTIONAL || f->example ? M_WRITE : M_COMMENT;
  if (f->type == CSP_T_MAP)
    return S_map_mode(in, f);
  if (csp_interview_supplied(in->sc->shared, f->path))
    return M_SUPPLIED;
  if (strcmp(f->path, "site.state") == 0 && in->sc->state)
    return M_WRITE;
  if (f->need != CSP_OPTIONAL)
    return M_WRITE;
  if (f->example && !S_is_container(f))
    return M_WRITE;
  return M_COMMENT;
}

static void S_indent(csp_buf *b, int n)
{
  for (int i = 0; i < n; i++)
    csp_buf_putc(b, ' ');
}

/* Writes text as comment lines at indent, wrapped at WIDTH. */
static void S_comment(csp_buf *b, int indent, const char *text)
{
  const char *p = text;
  while (*p) {
    S_indent(b, indent);
    csp_buf_puts(b, "#");
    int col = indent + 1;
    int first = 1;
    while (*p) {
      size_t wl = strcspn(p, " ");
      if (!first && col + 1 + (int)wl > WIDTH)
        break;
      csp_buf_putc(b, ' ');
      csp_buf_put(b, p, wl);
      col += 1 + (int)wl;
      first = 0;
      p += wl;
      while (*p == ' ')
        p++;
    }
    csp_buf_putc(b, '\n');
  }
}

/* A value as YAML: digits plain, anything else double-quoted (a JSON
 * string is a YAML double-quoted scalar). */
static void S_value(csp_buf *b, const char *s)
{
  size_t n = strspn(s, "0123456789");
  if (n > 0 && s[n] == '\0')
    csp_buf_puts(b, s);
  else
    csp_json_str(b, s);
}

/* Starts a key line: indentation, "# " when commented out (at the
 * column of the outermost commented field), "- " for a list item. */
static void S_key_line(S_init *in, int indent, int cindent)
{
  int dash = in->dash;
  in->dash = 0;
  int lead = dash ? indent - 2 : indent;
  if (cindent >= 0) {
    S_indent(in->out, cindent);
    csp_buf_puts(in->out, "# ");
    S_indent(in->out, lead - cindent);
  } else {
    S_indent(in->out, lead);
  }
  if (dash)
    csp_buf_puts(in->out, "- ");
}

static const char *S_need_word(csp_need n)
{
  return n == CSP_REQUIRED ? " (required)"
         : n == CSP_RECOMMENDED ? " (recommended)"
                                : "";
}

/* The value init writes for a field: what the options gave, else the
 * table's placeholder. */
static const char *S_example(const S_init *in, const csp_field *f)
{
  if (strcmp(f->path, "site.name") == 0 && in->sc->site_name)
    return in->sc->site_name;
  if (strcmp(f->path, "site.state") == 0 && in->sc->state)
    return in->sc->state;
  if (strcmp(f->path, "extends") == 0 && in->sc->shared)
    return in->sc->shared_rel;
  if (f->example)
    return f->example;
  return f->need == CSP_OPTIONAL ? NULL : "TODO";
}

/* The mode of field f in a file written from the interview's answers:
 * what was answered is written (and `schema`), what the shared file
 * supplies says so, and the rest is commented out. */
static S_mode S_answer_mode(const S_init *in, const csp_field *f,
                            const csp_node *v)
{
  if (v || strcmp(f->path, "schema") == 0)
    return M_WRITE;
  return S_mode_of(in, f) == M_SUPPLIED ? M_SUPPLIED : M_COMMENT;
}

/* Writes the fields directly under prefix at indent.  cindent is the
 * column of the enclosing commented-out field's '#', or -1.  vals holds
 * the interview's answers under prefix (NULL for none); docs is zero
 * for the second and later items of a list, whose fields the first
 * item's comments have described. */
static void S_fields(S_init *in, const char *prefix, int indent,
                     int cindent, const csp_node *vals, int docs)
{
  for (size_t i = 0; i < csp_nfields; i++) {
    const csp_field *f = &csp_fields[i];
    const char *key;
    if (!csp_field_child(f->path, prefix, &key) ||
        strcmp(f->path, "shared") == 0) /* a site file is not shared */
      continue;
    const csp_node *v =
        vals && vals->kind == CSP_NODE_MAP ? csp_node_get(vals, key) : NULL;
    S_mode m = cindent >= 0  ? M_COMMENT
               : in->sc->answers ? S_answer_mode(in, f, v)
                             : S_mode_of(in, f);
    int ci = cindent;
    if (m == M_COMMENT && ci < 0)
      ci = in->dash ? indent - 2 : indent;
    if (indent == 0 && in->out->len)
      csp_buf_putc(in->out, '\n');
    if (m == M_SUPPLIED) {
      char line[256];
      snprintf(line, sizeof line, "%s: supplied by %s; %s here %s it",
               key, in->sc->shared_rel,
               f->type == CSP_T_LIST || f->type == CSP_T_TEXTS ? "a list"
                                                               : "a value",
               f->type == CSP_T_LIST || f->type == CSP_T_TEXTS ? "replaces"
                                                               : "overrides");
      S_comment(in->out, in->dash ? indent - 2 : indent, line);
      continue;
    }
    if (cindent < 0 && docs) { /* docs, except inside a commented-out
                                  field and in a list's later items */
      char doc[512];
      snprintf(doc, sizeof doc, "%s%s", f->doc, S_need_word(f->need));
      S_comment(in->out, in->dash ? indent - 2 : indent, doc);
      if (strcmp(f->path, "extends") == 0 && in->sc->shared) {
        if (in->sc->shipped)
          snprintf(doc, sizeof doc,
                   "%s supplies what is marked below.  csecpol ships it; "
                   "'csecpol init --state %s -o FILE' writes it beside "
                   "FILE when it is missing.",
                   in->sc->shared_rel, in->sc->state);
        else
          snprintf(doc, sizeof doc, "%s supplies what is marked below.",
                   in->sc->shared_rel);
        S_comment(in->out, indent, doc);
      }
    }
    S_key_line(in, indent, ci);
    csp_buf_puts(in->out, key);
    csp_buf_putc(in->out, ':');
    char sub[256];
    switch (f->type) {
    case CSP_T_MAP:
      csp_buf_putc(in->out, '\n');
      S_fields(in, f->path, indent + 2, ci, v, docs);
      break;
    case CSP_T_LIST:
      csp_buf_putc(in->out, '\n');
      snprintf(sub, sizeof sub, "%s[]", f->path);
      if (v && v->kind == CSP_NODE_SEQ && ci < 0) {
        for (size_t k = 0; k < v->n; k++) {
          in->dash = 1;
          S_fields(in, sub, indent + 4, ci, v->items[k].value,
                   docs && k == 0);
        }
      } else {
        in->dash = 1;
        S_fields(in, sub, indent + 4, ci, NULL, docs);
      }
      in->dash = 0;
      break;
    case CSP_T_TEXTS: {
      csp_buf_putc(in->out, '\n');
      if (v && v->kind == CSP_NODE_SEQ && ci < 0) {
        for (size_t k = 0; k < v->n; k++) {
          in->dash = 1;
          S_key_line(in, indent + 4, ci);
          S_value(in->out, v->items[k].value->text);
          csp_buf_putc(in->out, '\n');
        }
        break;
      }
      in->dash = 1;
      S_key_line(in, indent + 4, ci);
      const char *ex = S_example(in, f);
      S_value(in->out, ex ? ex : "TODO");
      csp_buf_putc(in->out, '\n');
      break;
    }
    default: {
      const char *ex = v && v->kind == CSP_NODE_SCALAR ? v->text
                                                       : S_example(in, f);
      if (ex) {
        csp_buf_putc(in->out, ' ');
        S_value(in->out, ex);
      }
      csp_buf_putc(in->out, '\n');
    }
    }
  }
}

static void S_header(const S_init *in)
{
  if (in->sc->schema) {
    /* yaml-language-server's modeline: an editor with it completes and
     * checks the file against the schema (csecpol fields --format
     * json-schema) */
    csp_buf_printf(in->out, "# yaml-language-server: $schema=%s\n",
                   in->sc->schema);
  }
  char text[512];
  snprintf(text, sizeof text,
           "A csecpol site file: the facts the sample CSEC policy leaves "
           "to each site.  Written by 'csecpol init%s'.",
           in->sc->answers ? " --interactive" : "");
  S_comment(in->out, 0, text);
  csp_buf_puts(in->out, "#\n");
  S_comment(in->out, 0,
            in->sc->answers
                ? "'csecpol check FILE' checks it and 'csecpol render "
                  "FILE' writes the policy.  To use an optional field, "
                  "remove the '# ' before its lines.  'csecpol fields' "
                  "lists every field."
                : "Replace every TODO with the real value: 'csecpol check "
                  "FILE' names each one still left and passes once all "
                  "are filled, then 'csecpol render FILE' writes the "
                  "policy.  To use an optional field, remove the '# ' "
                  "before its lines.  'csecpol fields' lists every "
                  "field.");
  if (!in->sc->state || in->sc->shared)
    return;
  int c0 = tolower((unsigned char)in->sc->state[0]);
  int c1 = tolower((unsigned char)in->sc->state[1]);
  if (in->sc->declined)
    snprintf(text, sizeof text,
             "This file holds the state's own lines (abuse_report, "
             "state_hotlines) rather than extending states/%c%c.yaml.",
             c0, c1);
  else
    snprintf(text, sizeof text,
             "csecpol ships no shared file for %s, so this file holds the "
             "state's own lines (abuse_report, state_hotlines).  Sites of "
             "one state can share them: put them in states/%c%c.yaml and "
             "name it with 'extends'.",
             in->sc->state, c0, c1);
  csp_buf_puts(in->out, "#\n");
  S_comment(in->out, 0, text);
}

void csp_scaffold_write(const csp_scaffold *sc, csp_buf *out)
{
  S_init in = {.sc = sc, .out = out};
  S_header(&in);
  S_fields(&in, "", 0, -1, sc->answers, 1);
}
