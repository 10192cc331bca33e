/* derive.c: the values csecpol derives from a site's fields (derive.h),
 * made and resolved from one table. */
#include "derive.h"

#include <stdio.h>
#include <string.h>

#include "value.h"

/* Paths are built in fixed buffers; a key so long that its path is cut
 * short simply matches no field, and gets no derived value. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif

/* One kind of derived value: the key prefix + <field key> + suffix,
 * beside each field that is() accepts. */
typedef struct {
  const char *prefix, *suffix;
  int (*is)(const csp_field *f);
  int shows; /* a template that shows it shows the field's value */
  /* The text of the value for the field's value v, appended to out;
   * -1 when it has none. */
  int (*make)(const csp_node *v, csp_buf *out);
} S_kind;

static int S_is_phone(const csp_field *f)
{
  return f->type == CSP_T_PHONE;
}

static int S_is_date(const csp_field *f)
{
  return f->type == CSP_T_DATE;
}

static int S_is_clause(const csp_field *f)
{
  return (f->flags & CSP_F_CLAUSE) != 0;
}

static int S_is_email(const csp_field *f)
{
  return f->type == CSP_T_EMAIL;
}

static int S_is_list(const csp_field *f)
{
  return f->type == CSP_T_LIST || f->type == CSP_T_TEXTS;
}

static int S_tel(const csp_node *v, csp_buf *out)
{
  if (v->kind != CSP_NODE_SCALAR)
    return -1;
  csp_phone ph;
  csp_buf why;
  csp_buf_init(&why);
  int rc = csp_phone_parse(v->text, &ph, &why, NULL);
  csp_buf_release(&why);
  if (rc < 0)
    return -1;
  csp_buf_puts(out, ph.tel);
  return 0;
}

static int S_long(const csp_node *v, csp_buf *out)
{
  if (v->kind != CSP_NODE_SCALAR)
    return -1;
  if (csp_date_ok(v->text))
    csp_date_long(v->text, out);
  else
    csp_buf_puts(out, v->text); /* a draft's marker stays as it is */
  return 0;
}

/* text as a clause that more can follow before the sentence ends:
 * without its closing full stop ("Adopted." -> "Adopted"; an ellipsis
 * is kept). */
static int S_clause(const csp_node *v, csp_buf *out)
{
  if (v->kind != CSP_NODE_SCALAR)
    return -1;
  const char *text = v->text;
  size_t n = strlen(text);
  while (n && (text[n - 1] == ' ' || text[n - 1] == '\t' ||
               text[n - 1] == '\n' || text[n - 1] == '\r'))
    n--;
  if (n >= 1 && text[n - 1] == '.' && !(n >= 2 && text[n - 2] == '.'))
    n--;
  csp_buf_put(out, text, n);
  return 0;
}

static int S_email_ok(const csp_node *v, csp_buf *out)
{
  if (v->kind != CSP_NODE_SCALAR || !csp_email_ok(v->text))
    return -1;
  csp_buf_puts(out, "true");
  return 0;
}

static int S_has(const csp_node *v, csp_buf *out)
{
  if (v->kind != CSP_NODE_SEQ || v->n == 0)
    return -1;
  csp_buf_puts(out, "true");
  return 0;
}

static const S_kind S_kinds[] = {
    {"", "_tel", S_is_phone, 1, S_tel},
    {"", "_long", S_is_date, 1, S_long},
    {"", "_clause", S_is_clause, 1, S_clause},
    {"", "_ok", S_is_email, 0, S_email_ok},
    {"has_", "", S_is_list, 0, S_has},
};
#define S_NKINDS (sizeof S_kinds / sizeof S_kinds[0])

/* The key and value of the draft flag, set on the root. */
#define S_DRAFT "draft"

static csp_node *S_derived(const char *text)
{
  csp_node *n = csp_node_new_scalar(text, strlen(text), NULL);
  n->derived = 1;
  return n;
}

/* Joins a parent path and a key: "" + "site" = "site". */
static void S_join(char *out, size_t size, const char *prefix,
                   const char *key)
{
  if (*prefix)
    snprintf(out, size, "%s.%s", prefix, key);
  else
    snprintf(out, size, "%s", key);
}

void csp_derive_add(csp_node *map, const char *prefix)
{
  char path[256], ip[256], dkey[128];
  csp_buf text;
  csp_buf_init(&text);
  size_t n = map->n; /* derived keys are appended: visit only the old */
  for (size_t i = 0; i < n; i++) {
    const char *key = map->items[i].key;
    csp_node *v = map->items[i].value;
    S_join(path, sizeof path, prefix, key);
    const csp_field *f = csp_field_find(path);
    if (!f)
      continue;
    for (size_t k = 0; k < S_NKINDS; k++) {
      csp_buf_clear(&text);
      if (!S_kinds[k].is(f) || S_kinds[k].make(v, &text) < 0)
        continue;
      snprintf(dkey, sizeof dkey, "%s%s%s", S_kinds[k].prefix, key,
               S_kinds[k].suffix);
      csp_node_set(map, dkey, S_derived(text.data));
    }
    if (f->type == CSP_T_MAP && v->kind == CSP_NODE_MAP) {
      csp_derive_add(v, path);
    } else if (f->type == CSP_T_LIST && v->kind == CSP_NODE_SEQ) {
      snprintf(ip, sizeof ip, "%s[]", path);
      for (size_t j = 0; j < v->n; j++)
        if (v->items[j].value->kind == CSP_NODE_MAP)
          csp_derive_add(v->items[j].value, ip);
    }
  }
  csp_buf_release(&text);
}

int csp_derive_find(const char *path, const csp_field **base)
{
  *base = NULL;
  if (strcmp(path, S_DRAFT) == 0)
    return 1;
  const char *dot = strrchr(path, '.');
  const char *last = dot ? dot + 1 : path;
  size_t dir = (size_t)(last - path), len = strlen(last);
  char stem[256];
  for (size_t k = 0; k < S_NKINDS; k++) {
    const S_kind *d = &S_kinds[k];
    size_t pl = strlen(d->prefix), sl = strlen(d->suffix);
    if (len <= pl + sl || strncmp(last, d->prefix, pl) != 0 ||
        strcmp(last + len - sl, d->suffix) != 0)
      continue;
    snprintf(stem, sizeof stem, "%.*s%.*s", (int)dir, path,
             (int)(len - pl - sl), last + pl);
    const csp_field *f = csp_field_find(stem);
    if (f && d->is(f)) {
      if (d->shows)
        *base = f;
      return 1;
    }
  }
  return 0;
}

void csp_derive_draft(csp_node *root)
{
  csp_node_set(root, S_DRAFT, S_derived("true"));
}

int csp_derive_is_draft(const csp_node *root)
{
  return csp_node_get(root, S_DRAFT) != NULL;
}
