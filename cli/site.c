/* site.c: YAML text -> node tree, through libyaml's event API.
 *
 * libyaml checks the YAML grammar and UTF-8; this file refuses what a
 * site file must not hold (aliases, tags, duplicate keys, a second
 * document, characters XML forbids, bidirectional overrides) and keeps
 * its own limits on nesting, list length and value size.  What YAML
 * makes of a mistake, and the structural fix for it, is yaml_hint.c's
 * to say. */
#include "site.h"

#include "value.h"
#include "yaml_hint.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

typedef struct {
  csp_node *node;      /* the map or list being filled */
  char *key;           /* a map's pending key, or NULL */
  csp_loc key_loc;
  int discard;         /* the pending key is a duplicate: drop its value */
  int flow;            /* a [...] or {...} collection */
  csp_node *phantom;   /* after a duplicate key: the keys since it, which
                          another item left without its '- ' would hold */
} S_frame;

typedef struct {
  csp_diags *dg;    /* where it reports (the caller's) */
  const char *name; /* interned */
  const char *data;
  size_t len;
  csp_yaml_src src;
  S_frame stack[CSP_MAX_DEPTH + 1];
  int depth;
  int flow; /* frames on the stack that are flow collections */
  csp_node *root;
  int failed;
  int syntax; /* libyaml stopped at an error */
  int dups;   /* duplicate keys reported */
} S_state;

static csp_loc S_loc(const S_state *st, yaml_mark_t m)
{
  csp_loc l = {st->name, (int)m.line + 1, (int)m.column + 1};
  return l;
}

/* The 1-based line and column (in characters) of a byte offset. */
static csp_loc S_loc_at(const S_state *st, size_t off)
{
  csp_loc l = {st->name, 1, 1};
  for (size_t i = 0; i < off && i < st->len; i++) {
    unsigned char c = (unsigned char)st->data[i];
    /* a line ends at LF, CRLF, or a CR alone, as libyaml counts them */
    if (c == '\n' || (c == '\r' && (i + 1 >= st->len ||
                                     st->data[i + 1] != '\n'))) {
      l.line++;
      l.col = 1;
    } else if (c == '\r') {
      continue;
    } else if ((c & 0xC0) != 0x80) {
      l.col++;
    }
  }
  return l;
}

int csp_site_check_text(csp_diags *dg, const char *text, size_t len,
                        const csp_loc *loc)
{
  return csp_value_check_text(dg, text, len, CSP_MAX_VALUE, loc, "value");
}

static int S_plain_null(const char *s, size_t len)
{
  return len == 0 || (len == 1 && s[0] == '~') ||
         (len == 4 && (memcmp(s, "null", 4) == 0 ||
                       memcmp(s, "Null", 4) == 0 ||
                       memcmp(s, "NULL", 4) == 0));
}

/* Duplicate keys reported from one file before it is read no further. */
#define S_MAX_DUPS 20

/* Whether key (a scalar node) is a duplicate in the map of frame f;
 * reports it if so, and takes the key for its value to be dropped
 * (returning 1; -1, with key freed, after S_MAX_DUPS of them).
 * Reading on, the keys after a duplicate are taken for those of another
 * item (a list item left without its '- '): a key that item already
 * has is the start of yet another, and is reported too. */
static int S_duplicate(S_state *st, S_frame *f, csp_node *key)
{
  /* the '- ' of the list the map is an item of, if it is one */
  const csp_loc *dash = NULL;
  const S_frame *up = f > st->stack ? f - 1 : NULL;
  if (up && up->node->kind == CSP_NODE_SEQ && !up->flow && !f->flow)
    dash = &up->node->loc;
  csp_entry *dup = csp_node_entry(f->node, key->text);
  csp_entry *again = dash && f->phantom
                         ? csp_node_entry(f->phantom, key->text)
                         : NULL;
  if (!dup && !again) {
    if (f->phantom)
      csp_node_append(f->phantom, key->text, &key->loc,
                      csp_node_new(CSP_NODE_NULL, &key->loc));
    return 0;
  }
  if (!dash || !f->phantom || again) {
    if (++st->dups > S_MAX_DUPS) {
      csp_diag(st->dg, CSP_R_DUPLICATE_KEY, &key->loc,
               "more duplicate keys from here on; fix those above first");
      csp_node_free(key);
      return -1;
    }
    csp_loc first = again ? again->key_loc : dup->key_loc;
    csp_yaml_hint_duplicate(st->dg, key->text, &key->loc, &first, dash);
    if (dash) {
      csp_node_free(f->phantom);
      f->phantom = csp_node_new(CSP_NODE_MAP, &key->loc);
    }
  }
  if (dash)
    csp_node_append(f->phantom, key->text, &key->loc,
                    csp_node_new(CSP_NODE_NULL, &key->loc));
  st->failed = 1;
  f->key = key->text;
  key->text = NULL;
  f->key_loc = key->loc;
  f->discard = 1;
  csp_node_free(key);
  return 1;
}

/* Attaches a finished value to the container on top of the stack. */
static int S_attach(S_state *st, csp_node *value)
{
  if (st->depth == 0) {
    st->root = value;
    return 0;
  }
  S_frame *f = &st->stack[st->depth - 1];
  if (f->node->n >= CSP_MAX_ITEMS) {
    csp_diag(st->dg, CSP_R_LIMIT, &value->loc,
             "more than %d entries in one %s; split the file",
             CSP_MAX_ITEMS, f->node->kind == CSP_NODE_MAP ? "map" : "list");
    csp_node_free(value);
    return -1;
  }
  if (f->node->kind == CSP_NODE_SEQ) {
    csp_node_append(f->node, NULL, NULL, value);
    return 0;
  }
  if (f->key && f->discard) {
    /* the value of a duplicate key, reported already */
    csp_node_free(value);
    free(f->key);
    f->key = NULL;
    f->discard = 0;
    return 0;
  }
  if (!f->key) {
    /* a key: it must be text */
    if (value->kind != CSP_NODE_SCALAR) {
      csp_diag(st->dg, CSP_R_KEY, &value->loc,
               "a key must be a plain name, not %s",
               value->kind == CSP_NODE_NULL ? "empty"
                                            : csp_node_kind_name(value->kind));
      csp_node_free(value);
      return -1;
    }
    int dup = S_duplicate(st, f, value);
    if (dup)
      return dup > 0 ? 0 : -1; /* reported; the parse goes on for more */
    f->key = value->text;
    value->text = NULL;
    f->key_loc = value->loc;
    csp_node_free(value);
    return 0;
  }
  csp_node_append(f->node, f->key, &f->key_loc, value);
  free(f->key);
  f->key = NULL;
  return 0;
}

/* The name of the value being read, for csp_yaml_hint_scalar:
 * "personnel[2].phone", counting list items from 1. */
static void S_name(csp_buf *out, void *ctx)
{
  const S_state *st = ctx;
  for (int i = 0; i < st->depth; i++) {
    const S_frame *f = &st->stack[i];
    if (f->node->kind == CSP_NODE_SEQ) {
      csp_buf_printf(out, "[%zu]", f->node->n + 1);
    } else if (f->key) {
      if (out->len)
        csp_buf_putc(out, '.');
      csp_buf_puts(out, f->key);
    }
  }
}

static int S_refuse_props(S_state *st, const csp_loc *loc,
                          const yaml_char_t *anchor, const yaml_char_t *tag,
                          int implicit)
{
  (void)st;
  if (anchor) {
    csp_diag(st->dg, CSP_R_ANCHOR, loc,
             "YAML anchors (&%s) are not allowed in a site file; write the "
             "value out, or use 'extends' to share values (text that starts "
             "with '&' goes in quotes)",
             (const char *)anchor);
    return -1;
  }
  if (tag && !implicit) {
    /* shown as written: "!!str", not libyaml's "tag:yaml.org,2002:str" */
    static const char core[] = "tag:yaml.org,2002:";
    const char *t = (const char *)tag;
    int is_core = strncmp(t, core, sizeof core - 1) == 0;
    csp_diag(st->dg, CSP_R_TAG, loc,
             "YAML tags (%s%s) are not allowed in a site file; remove the "
             "tag (text that starts with '!' goes in quotes)",
             is_core ? "!!" : "", is_core ? t + sizeof core - 1 : t);
    return -1;
  }
  return 0;
}

/* A scalar: refused if it carries an anchor or tag, or text a site file
 * must not hold; else a node (null, or text) for the container on top
 * of the stack. */
static int S_scalar(S_state *st, yaml_event_t *ev, const csp_loc *loc)
{
  if (S_refuse_props(st, loc, ev->data.scalar.anchor, ev->data.scalar.tag,
                     ev->data.scalar.plain_implicit ||
                         ev->data.scalar.quoted_implicit))
    return -1;
  const char *v = (const char *)ev->data.scalar.value;
  size_t n = ev->data.scalar.length;
  /* a scalar in a map with no pending key is a key */
  const char *what = st->depth > 0 &&
                             st->stack[st->depth - 1].node->kind ==
                                 CSP_NODE_MAP &&
                             !st->stack[st->depth - 1].key
                         ? "key"
                         : "value";
  if (csp_value_check_text(st->dg, v, n, CSP_MAX_VALUE, loc, what))
    return -1;
  if (!st->flow)
    csp_yaml_hint_scalar(&st->src, ev,
                         st->depth == 0 ? CSP_YAML_VALUE
                         : st->stack[st->depth - 1].node->kind ==
                                 CSP_NODE_SEQ
                             ? CSP_YAML_ITEM
                         : *what == 'k' ? CSP_YAML_KEY
                                        : CSP_YAML_VALUE,
                         S_name, st);
  int plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
  csp_node *node;
  if (plain && S_plain_null(v, n)) {
    node = csp_node_new(CSP_NODE_NULL, loc);
    if (n) { /* ~ or null, kept for messages */
      node->text = csp_xstrndup(v, n);
      node->len = n;
    }
  } else {
    node = csp_node_new_scalar(v, n, loc);
    node->plain = plain;
  }
  node->keyword = plain && csp_yaml_word(v, n);
  return S_attach(st, node);
}

/* The start of a list or map: refused where a key belongs, with an
 * anchor or tag, or past the nesting limit; else a frame pushed for
 * it. */
static int S_collection_start(S_state *st, yaml_event_t *ev,
                              const csp_loc *loc)
{
  int seq = ev->type == YAML_SEQUENCE_START_EVENT;
  const yaml_char_t *anchor =
      seq ? ev->data.sequence_start.anchor : ev->data.mapping_start.anchor;
  const yaml_char_t *tag =
      seq ? ev->data.sequence_start.tag : ev->data.mapping_start.tag;
  int implicit = seq ? ev->data.sequence_start.implicit
                     : ev->data.mapping_start.implicit;
  if (S_refuse_props(st, loc, anchor, tag, implicit))
    return -1;
  if (st->depth > 0) {
    S_frame *f = &st->stack[st->depth - 1];
    if (f->node->kind == CSP_NODE_MAP && !f->key) {
      csp_diag(st->dg, CSP_R_KEY, loc,
               "a key must be a plain name, not %s",
               seq ? "a list" : "a map");
      return -1;
    }
  }
  if (st->depth >= CSP_MAX_DEPTH) {
    csp_diag(st->dg, CSP_R_LIMIT, loc,
             "maps and lists nest deeper than %d levels; flatten the file",
             CSP_MAX_DEPTH);
    return -1;
  }
  S_frame *f = &st->stack[st->depth++];
  f->node = csp_node_new(seq ? CSP_NODE_SEQ : CSP_NODE_MAP, loc);
  f->key = NULL;
  f->discard = 0;
  f->phantom = NULL;
  f->flow = seq ? ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
                : ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
  st->flow += f->flow;
  return 0;
}

/* The end of a list or map: its frame popped, the finished node
 * attached to the container below. */
static int S_collection_end(S_state *st)
{
  S_frame *f = &st->stack[--st->depth];
  csp_node *node = f->node;
  free(f->key);
  f->key = NULL;
  f->node = NULL;
  csp_node_free(f->phantom);
  f->phantom = NULL;
  st->flow -= f->flow;
  return S_attach(st, node);
}

/* One libyaml event.  Returns 0, or -1 after reporting. */
static int S_event(S_state *st, yaml_event_t *ev)
{
  csp_loc loc = S_loc(st, ev->start_mark);
  switch (ev->type) {
  case YAML_DOCUMENT_START_EVENT:
    if (st->root) {
      csp_diag(st->dg, CSP_R_MULTIPLE_DOCUMENTS, &loc,
               "a site file holds one YAML document; remove this '---' and "
               "what follows, or move it to its own file");
      return -1;
    }
    return 0;
  case YAML_ALIAS_EVENT:
    csp_diag(st->dg, CSP_R_ALIAS, &loc,
             "YAML aliases (*%s) are not allowed in a site file; write the "
             "value out, or use 'extends' to share values (text that starts "
             "with '*' goes in quotes)",
             (const char *)ev->data.alias.anchor);
    return -1;
  case YAML_SCALAR_EVENT:
    return S_scalar(st, ev, &loc);
  case YAML_SEQUENCE_START_EVENT:
  case YAML_MAPPING_START_EVENT:
    return S_collection_start(st, ev, &loc);
  case YAML_SEQUENCE_END_EVENT:
  case YAML_MAPPING_END_EVENT:
    return S_collection_end(st);
  default:
    return 0;
  }
}

static void S_report_parser(S_state *st, const yaml_parser_t *p)
{
  csp_loc loc;
  if (p->error == YAML_READER_ERROR) {
    loc = S_loc_at(st, p->problem_offset);
    if (strstr(p->problem, "UTF-8") || strstr(p->problem, "UTF-16"))
      csp_diag(st->dg, CSP_R_UTF8, &loc,
               "the file is not valid UTF-8 (%s); save it as UTF-8",
               p->problem);
    else if (p->problem_value != -1)
      csp_diag(st->dg, CSP_R_CONTROL_CHAR, &loc,
               "%s (U+%04X); remove it", p->problem,
               (unsigned)p->problem_value);
    else
      csp_diag(st->dg, CSP_R_YAML, &loc, "%s", p->problem);
    return;
  }
  if (p->error == YAML_MEMORY_ERROR)
    csp_oom();
  csp_yaml_hint_syntax(&st->src, p);
}

csp_node *csp_yaml_parse(csp_diags *dg, const char *name, const char *data,
                         size_t len)
{
  S_state st;
  memset(&st, 0, sizeof st);
  st.dg = dg;
  st.name = csp_file_intern(dg, name);
  st.data = data;
  st.len = len;
  csp_yaml_src_init(&st.src, dg, st.name, data, len);

  const char *nul = memchr(data, '\0', len);
  if (nul) {
    csp_loc loc = S_loc_at(&st, (size_t)(nul - data));
    csp_diag(dg, CSP_R_CONTROL_CHAR, &loc,
             "the file holds a NUL byte; save it as UTF-8 text");
    return NULL;
  }
  if (len > CSP_MAX_FILE_SIZE) {
    csp_loc loc = {st.name, 0, 0};
    csp_diag(dg, CSP_R_LIMIT, &loc,
             "the file is %zu bytes, more than the limit of %d (%d MiB); "
             "split it, and share values through 'extends'",
             len, CSP_MAX_FILE_SIZE, CSP_MAX_FILE_SIZE / (1024 * 1024));
    return NULL;
  }

  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser))
    csp_oom(); /* it fails only so */
  yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
  int done = 0;
  while (!done) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&parser, &ev)) {
      S_report_parser(&st, &parser);
      st.failed = st.syntax = 1;
      break;
    }
    done = ev.type == YAML_STREAM_END_EVENT;
    int rc = S_event(&st, &ev);
    yaml_event_delete(&ev);
    if (rc) {
      st.failed = 1;
      break;
    }
  }
  yaml_parser_delete(&parser);

  while (st.depth > 0) {
    S_frame *f = &st.stack[--st.depth];
    free(f->key);
    csp_node_free(f->node);
    csp_node_free(f->phantom);
  }
  if (!st.syntax)
    csp_yaml_hint_commit(&st.src);
  csp_yaml_src_release(&st.src);
  if (st.failed) {
    csp_node_free(st.root);
    return NULL;
  }
  if (!st.root) {
    csp_loc loc = {st.name, 1, 1};
    st.root = csp_node_new(CSP_NODE_NULL, &loc);
  }
  return st.root;
}

/* ---- extends ---------------------------------------------------------- */

static void S_mark_inherited(csp_node *n)
{
  n->inherited = 1;
  for (size_t i = 0; i < n->n; i++)
    S_mark_inherited(n->items[i].value);
}

/* Lays child over base (both maps); child's entries are consumed. */
static void S_overlay(csp_node *base, csp_node *child)
{
  for (size_t i = 0; i < child->n; i++) {
    csp_entry *e = &child->items[i];
    csp_entry *b = csp_node_entry(base, e->key);
    if (e->value->kind == CSP_NODE_NULL) {
      /* null removes an inherited value (and says nothing otherwise);
       * the value is kept aside for explain */
      if (b) {
        if (!base->removed)
          base->removed = csp_node_new(CSP_NODE_MAP, &base->loc);
        csp_node_set(base->removed, e->key, b->value);
        csp_node_entry(base->removed, e->key)->key_loc = e->key_loc;
        b->value = NULL;
        csp_node_remove(base, e->key);
      } else if (e->value->keyword) {
        /* ~ or null that removes nothing: the check asks what it means */
        csp_node_append(base, e->key, &e->key_loc, e->value);
        e->value = NULL;
      }
      continue;
    }
    if (b && b->value->kind == CSP_NODE_MAP &&
        e->value->kind == CSP_NODE_MAP) {
      b->value->inherited = 0;
      b->value->loc = e->value->loc;
      S_overlay(b->value, e->value);
      continue;
    }
    csp_node *v = e->value;
    e->value = NULL;
    if (b) {
      v->overrides = 1;
      csp_node_free(v->replaced);
      v->replaced = b->value; /* kept for explain */
      b->value = v;
      b->key_loc = e->key_loc;
    } else {
      csp_node_append(base, e->key, &e->key_loc, v);
    }
  }
}

char *csp_site_parent_path(const char *file, const char *rel)
{
  if (rel[0] == '/' || strcmp(file, "<stdin>") == 0)
    return csp_xstrdup(rel);
  const char *slash = strrchr(file, '/');
  if (!slash)
    return csp_xstrdup(rel);
  csp_buf b;
  csp_buf_init(&b);
  csp_buf_put(&b, file, (size_t)(slash - file) + 1);
  csp_buf_puts(&b, rel);
  return csp_buf_detach(&b);
}

csp_node *csp_site_merge(csp_node *base, csp_node *child)
{
  S_mark_inherited(base);
  /* the parent's own `extends` is not this file's, nor its `shared`:
   * a file that extends a shared file is a site */
  csp_node_remove(base, "extends");
  csp_node_remove(base, "shared");
  base->loc = child->loc;
  base->inherited = 0;
  S_overlay(base, child);
  csp_node_free(child);
  return base;
}
