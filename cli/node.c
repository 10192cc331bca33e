/* node.c: the site model tree. */
#include "node.h"

#include <stdlib.h>
#include <string.h>

csp_node *csp_node_new(csp_node_kind kind, const csp_loc *loc)
{
  csp_node *n = csp_xcalloc(1, sizeof *n);
  n->kind = kind;
  if (loc)
    n->loc = *loc;
  return n;
}

csp_node *csp_node_new_scalar(const char *text, size_t len,
                              const csp_loc *loc)
{
  csp_node *n = csp_node_new(CSP_NODE_SCALAR, loc);
  n->text = csp_xstrndup(text, len);
  n->len = len;
  return n;
}

/* Frees what a map's entry owns: its key and its value. */
static void S_entry_release(csp_entry *e)
{
  free(e->key);
  csp_node_free(e->value);
}

void csp_node_free(csp_node *n)
{
  if (!n)
    return;
  for (size_t i = 0; i < n->n; i++)
    S_entry_release(&n->items[i]);
  free(n->items);
  free(n->text);
  csp_node_free(n->replaced);
  csp_node_free(n->removed);
  free(n);
}

csp_node *csp_node_copy(const csp_node *n)
{
  if (!n)
    return NULL;
  csp_node *c = csp_node_new(n->kind, &n->loc);
  if (n->text) {
    c->text = csp_xstrndup(n->text, n->len);
    c->len = n->len;
  }
  c->plain = n->plain;
  c->keyword = n->keyword;
  c->derived = n->derived;
  c->inherited = n->inherited;
  c->overrides = n->overrides;
  c->replaced = csp_node_copy(n->replaced);
  c->removed = csp_node_copy(n->removed);
  for (size_t i = 0; i < n->n; i++)
    csp_node_append(c, n->items[i].key, &n->items[i].key_loc,
                    csp_node_copy(n->items[i].value));
  return c;
}

void csp_node_append(csp_node *n, const char *key, const csp_loc *key_loc,
                     csp_node *value)
{
  n->items = csp_xgrow(n->items, n->n, &n->cap, sizeof *n->items, 4);
  csp_entry *e = &n->items[n->n++];
  e->key = key ? csp_xstrdup(key) : NULL;
  if (key_loc)
    e->key_loc = *key_loc;
  else
    e->key_loc = value ? value->loc : (csp_loc){0};
  e->value = value;
}

csp_entry *csp_node_entry(const csp_node *map, const char *key)
{
  if (!map || map->kind != CSP_NODE_MAP)
    return NULL;
  for (size_t i = 0; i < map->n; i++)
    if (strcmp(map->items[i].key, key) == 0)
      return &map->items[i];
  return NULL;
}

csp_node *csp_node_get(const csp_node *map, const char *key)
{
  csp_entry *e = csp_node_entry(map, key);
  return e ? e->value : NULL;
}

void csp_node_set(csp_node *map, const char *key, csp_node *value)
{
  csp_entry *e = csp_node_entry(map, key);
  if (e) {
    csp_node_free(e->value);
    e->value = value;
    return;
  }
  csp_node_append(map, key, NULL, value);
}

int csp_node_remove(csp_node *map, const char *key)
{
  csp_entry *e = csp_node_entry(map, key);
  if (!e)
    return 0;
  S_entry_release(e);
  size_t i = (size_t)(e - map->items);
  memmove(&map->items[i], &map->items[i + 1],
          (map->n - i - 1) * sizeof *map->items);
  map->n--;
  return 1;
}

csp_node *csp_node_path(const csp_node *root, const char *path)
{
  const csp_node *cur = root;
  const char *p = path;
  while (cur && *p) {
    const char *dot = strchr(p, '.');
    size_t len = dot ? (size_t)(dot - p) : strlen(p);
    if (cur->kind != CSP_NODE_MAP)
      return NULL;
    const csp_node *next = NULL;
    for (size_t i = 0; i < cur->n; i++) {
      if (strlen(cur->items[i].key) == len &&
          memcmp(cur->items[i].key, p, len) == 0) {
        next = cur->items[i].value;
        break;
      }
    }
    cur = next;
    p = dot ? dot + 1 : p + len;
  }
  return (csp_node *)cur;
}

const char *csp_node_text(const csp_node *root, const char *path)
{
  const csp_node *n = csp_node_path(root, path);
  return n && n->kind == CSP_NODE_SCALAR ? n->text : NULL;
}

int csp_node_has_text(const csp_node *n)
{
  if (!n || n->kind != CSP_NODE_SCALAR)
    return 0;
  for (size_t i = 0; i < n->len; i++)
    if (n->text[i] != ' ' && n->text[i] != '\t' && n->text[i] != '\n' &&
        n->text[i] != '\r')
      return 1;
  return 0;
}

const char *csp_node_kind_name(csp_node_kind kind)
{
  switch (kind) {
  case CSP_NODE_NULL:
    return "null";
  case CSP_NODE_SCALAR:
    return "text";
  case CSP_NODE_MAP:
    return "a map";
  case CSP_NODE_SEQ:
    return "a list";
  }
  return "?";
}
