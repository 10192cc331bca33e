/* set.c: --set key.path=value, checked against the field table and laid
 * over a site tree. */
#include "set.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "site.h"

#define S_MAX_SEGS 8
#define S_MAX_PATH 256 /* bytes of a path, and of its generic form */

/* One part of a path: a key and, for a list, an item number (from 1;
 * 0 when the part names no item). */
typedef struct {
  char key[64];
  long index;
} S_seg;

/* Says that path is not written as a field path. */
static void S_not_path(const char *path, csp_buf *why)
{
  csp_buf_printf(why, "'%s' is not a field path; write it as csecpol "
                      "fields lists it, such as personnel[1].phone",
                 path);
}

/* Reads the key at p (of path) into s, and adds it to generic, the
 * path as the table spells it ("personnel[].phone", S_MAX_PATH bytes).
 * Returns what follows the key, or NULL with why set. */
static const char *S_key(const char *p, const char *path, char *generic,
                         S_seg *s, csp_buf *why)
{
  size_t kl = 0;
  while (isalnum((unsigned char)p[kl]) || p[kl] == '_')
    kl++;
  if (kl == 0 || kl >= sizeof s->key) {
    S_not_path(path, why);
    return NULL;
  }
  memcpy(s->key, p, kl);
  s->key[kl] = '\0';
  s->index = 0;
  size_t gl = strlen(generic);
  if (gl + kl + 4 >= S_MAX_PATH) {
    csp_buf_printf(why, "'%s' is not a field path", path);
    return NULL;
  }
  if (gl)
    generic[gl++] = '.';
  memcpy(generic + gl, s->key, kl + 1);
  return p + kl;
}

/* Says that generic, a path as the table spells it, names no field,
 * with the rest of the path (after its last known part) made generic
 * too, and the nearest field if there is one. */
static void S_unknown(const char *generic, const char *rest, csp_buf *why)
{
  csp_buf g;
  csp_buf_init(&g);
  csp_buf_puts(&g, generic);
  for (const char *q = rest; *q; q++) {
    if (*q == '[') {
      csp_buf_puts(&g, "[]");
      while (*q && *q != ']')
        q++;
      if (!*q)
        break;
    } else {
      csp_buf_putc(&g, *q);
    }
  }
  const char *sug = csp_field_suggest(g.data);
  if (sug)
    csp_buf_printf(why, "unknown field '%s'; the nearest is '%s'", g.data,
                   sug);
  else
    csp_buf_printf(why, "unknown field '%s'; see 'csecpol fields'", g.data);
  csp_buf_release(&g);
}

/* Reads the item number "[k]" at p, after the part s of field f, into
 * s->index, and adds "[]" to generic (which has room for it).  Returns
 * what follows the ']', or NULL with why set. */
static const char *S_index(const char *p, const csp_field *f,
                           const char *path, char *generic, S_seg *s,
                           csp_buf *why)
{
  char *end;
  errno = 0;
  long k = strtol(p + 1, &end, 10);
  if (errno == ERANGE)
    k = LONG_MAX; /* past any list: said so below, as written */
  if (end == p + 1 || *end != ']' || !isdigit((unsigned char)p[1])) {
    csp_buf_printf(why, "'%s' needs an item number in [ ], such as "
                        "%s[1]",
                   path, generic);
    return NULL;
  }
  if (f->type != CSP_T_LIST && f->type != CSP_T_TEXTS) {
    csp_buf_printf(why, "'%s' is not a list; leave out the [%ld]",
                   generic, k);
    return NULL;
  }
  if (k < 1) {
    csp_buf_printf(why, "'%s[0]': items count from 1, as check "
                        "prints them; the first is %s[1]",
                   generic, generic);
    return NULL;
  }
  if (k > CSP_MAX_ITEMS + 1) {
    csp_buf_printf(why, "'%s[%.*s]' is past any list: a list holds at "
                        "most %d items, so write an item number from "
                        "1 to %d",
                   generic, (int)(end - p - 1), p + 1, CSP_MAX_ITEMS,
                   CSP_MAX_ITEMS);
    return NULL;
  }
  s->index = k;
  strcat(generic, "[]");
  return end + 1;
}

/* Says that path names a map or a list item (field f), not one value,
 * with the first field inside it as the example. */
static void S_several(const csp_field *f, const char *path, csp_buf *why)
{
  const char *inner = NULL;
  size_t fl = strlen(f->path);
  for (size_t i = 0; i < csp_nfields && !inner; i++)
    if (strncmp(csp_fields[i].path, f->path, fl) == 0 &&
        csp_fields[i].path[fl] != '\0')
      inner = csp_fields[i].path + fl;
  csp_buf_printf(why, "'%s' holds several values; --set sets one, such "
                      "as %s%s",
                 path, path, inner ? inner + (*inner == '[' ? 2 : 0) : "");
}

/* Splits "personnel[1].phone" into its parts and checks each against
 * the table.  Returns the number of parts, or -1 with why set. */
static int S_parse(const char *arg, size_t len, S_seg *segs, csp_buf *why)
{
  char generic[S_MAX_PATH] = "";
  char path[S_MAX_PATH];
  if (len >= sizeof path) {
    csp_buf_puts(why, "the --set path is too long; write it as csecpol "
                      "fields lists it, such as personnel[1].phone");
    return -1;
  }
  memcpy(path, arg, len);
  path[len] = '\0';
  const char *p = path;
  int n = 0;
  const csp_field *f = NULL;
  if (!*p) {
    csp_buf_puts(why, "--set needs KEY.PATH=VALUE, such as "
                      "--set site.name='Our Center'");
    return -1;
  }
  for (;;) {
    if (n == S_MAX_SEGS) {
      S_not_path(path, why);
      return -1;
    }
    S_seg *s = &segs[n++];
    if (!(p = S_key(p, path, generic, s, why)))
      return -1;
    f = csp_field_find(generic);
    if (!f) {
      S_unknown(generic, p, why);
      return -1;
    }
    if (strcmp(f->path, "extends") == 0) {
      csp_buf_puts(why, "'extends' is followed before --set applies; "
                        "change it in the file");
      return -1;
    }
    if (*p == '[') {
      if (!(p = S_index(p, f, path, generic, s, why)))
        return -1;
    } else if (f->type == CSP_T_LIST || f->type == CSP_T_TEXTS) {
      csp_buf_printf(why, "'%s' is a list; name one item, such as %s[1]%s",
                     generic, generic, f->type == CSP_T_LIST ? ".name" : "");
      return -1;
    }
    if (!*p)
      break;
    if (*p != '.' || (f->type != CSP_T_MAP && f->type != CSP_T_LIST) ||
        (f->type == CSP_T_LIST && !s->index)) {
      csp_buf_printf(why, "'%s' is not a field path; '%s' holds no fields",
                     path, f->path);
      return -1;
    }
    p++;
  }
  if (f->type == CSP_T_MAP || f->type == CSP_T_LIST) {
    S_several(f, path, why);
    return -1;
  }
  return n;
}

int csp_sets_add(csp_diags *dg, csp_sets *s, const char *arg,
                 csp_buf *why)
{
  const char *eq = strchr(arg, '=');
  if (!eq) {
    csp_buf_printf(why, "'--set %s' needs a value: KEY.PATH=VALUE, such as "
                        "--set site.name='Our Center'",
                   arg);
    return -1;
  }
  if (s->n == CSP_MAX_SETS) {
    csp_buf_printf(why, "more than %d --set options; put the values in a "
                        "site file",
                   CSP_MAX_SETS);
    return -1;
  }
  S_seg segs[S_MAX_SEGS];
  if (S_parse(arg, (size_t)(eq - arg), segs, why) < 0)
    return -1;
  csp_set *e = &s->items[s->n++];
  e->path = arg;
  e->path_len = (size_t)(eq - arg);
  e->value = eq + 1;
  e->loc.file = csp_file_intern(dg, "--set");
  e->loc.line = (int)s->n;
  /* the value's column in the argument, in characters */
  int col = 1;
  for (const char *q = arg; q <= eq; q++)
    col += ((unsigned char)*q & 0xC0) != 0x80;
  e->loc.col = col;
  return 0;
}

/* Puts the value of e in ent, keeping the one it replaces for explain,
 * or, when ent is NULL, appends it to parent (a map: under key, at
 * key_loc; a list: both NULL). */
static void S_put(const csp_set *e, csp_entry *ent, csp_node *parent,
                  const char *key, const csp_loc *key_loc)
{
  csp_node *nv = csp_node_new_scalar(e->value, strlen(e->value), &e->loc);
  if (ent) {
    nv->overrides = 1;
    nv->replaced = ent->value;
    ent->value = nv;
  } else {
    csp_node_append(parent, key, key_loc, nv);
  }
}

/* Lays one value over root.  Returns 0, or -1 after reporting. */
static int S_apply(csp_diags *dg, const csp_set *e, csp_node *root)
{
  S_seg segs[S_MAX_SEGS];
  csp_buf why;
  csp_buf_init(&why);
  int n = S_parse(e->path, e->path_len, segs, &why); /* checked */
  csp_buf_release(&why);
  if (n < 0)
    return -1;
  if (csp_site_check_text(dg, e->value, strlen(e->value), &e->loc) < 0)
    return -1;
  csp_node *cur = root;
  csp_buf shown;
  csp_buf_init(&shown);
  int rc = 0;
  for (int i = 0; i < n && rc == 0; i++) {
    const S_seg *s = &segs[i];
    int last = i == n - 1;
    if (shown.len)
      csp_buf_putc(&shown, '.');
    csp_buf_puts(&shown, s->key);
    if (cur->kind != CSP_NODE_MAP) {
      csp_diag(dg, CSP_R_SET, &e->loc,
               "cannot set '%.*s': the site file's value above it is %s, not "
               "a map of fields; fix the file first",
               (int)e->path_len, e->path, csp_node_kind_name(cur->kind));
      rc = -1;
      break;
    }
    csp_node *v = csp_node_get(cur, s->key);
    if (last && !s->index) {
      S_put(e, v ? csp_node_entry(cur, s->key) : NULL, cur, s->key, &e->loc);
      break;
    }
    if (!v || v->kind == CSP_NODE_NULL) {
      v = csp_node_new(s->index ? CSP_NODE_SEQ : CSP_NODE_MAP, &e->loc);
      csp_node_set(cur, s->key, v);
    }
    if (!s->index) {
      cur = v;
      continue;
    }
    if (v->kind != CSP_NODE_SEQ) {
      csp_diag(dg, CSP_R_SET, &e->loc,
               "cannot set '%.*s': '%s' in the site file is %s, not a "
               "list; fix the file first",
               (int)e->path_len, e->path, shown.data, csp_node_kind_name(v->kind));
      rc = -1;
      break;
    }
    int listlen = (int)shown.len;
    csp_buf_printf(&shown, "[%ld]", s->index);
    if ((size_t)s->index > v->n + 1) {
      csp_diag(dg, CSP_R_SET, &e->loc,
               "cannot set '%.*s': '%.*s' has %zu item%s, so the item "
               "number goes from 1 to %zu (%zu adds one)",
               (int)e->path_len, e->path, listlen, shown.data, v->n,
               v->n == 1 ? "" : "s", v->n + 1, v->n + 1);
      rc = -1;
      break;
    }
    if (last) {
      S_put(e, (size_t)s->index <= v->n ? &v->items[s->index - 1] : NULL, v,
            NULL, NULL);
      break;
    }
    if ((size_t)s->index == v->n + 1)
      csp_node_append(v, NULL, NULL, csp_node_new(CSP_NODE_MAP, &e->loc));
    cur = v->items[s->index - 1].value;
  }
  csp_buf_release(&shown);
  return rc;
}

int csp_sets_apply(csp_diags *dg, const csp_sets *s, csp_node *root)
{
  int errors = 0;
  for (size_t i = 0; i < s->n; i++)
    if (S_apply(dg, &s->items[i], root) < 0)
      errors++;
  return errors;
}
