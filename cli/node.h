/* node.h: the site model: a tree of maps, lists and text, in which every
 * value remembers the file, line and column it came from.  The YAML
 * loader (site.c) builds it, the schema (schema.c) checks and completes
 * it, and the template expander (tmpl.c) reads it. */
#ifndef CSP_NODE_H
#define CSP_NODE_H

#include <stddef.h>

#include "diag.h"
#include "util.h"

typedef enum {
  CSP_NODE_NULL,   /* ~, null, or an empty plain value */
  CSP_NODE_SCALAR, /* text */
  CSP_NODE_MAP,
  CSP_NODE_SEQ
} csp_node_kind;

typedef struct csp_node csp_node;

/* One entry of a map (key set) or a list (key NULL). */
typedef struct csp_entry {
  char *key;
  csp_loc key_loc;
  csp_node *value;
} csp_entry;

struct csp_node {
  csp_node_kind kind;
  csp_loc loc;       /* where the value starts */
  char *text;        /* scalar text, NUL-terminated; for a null written
                        as ~ or null, that word; else NULL */
  size_t len;        /* its length in bytes */
  int plain;         /* an unquoted scalar: may read as true/false */
  int keyword;       /* unquoted, and a word YAML readers take for a
                        yes/no or empty value (csp_yaml_word): true, no,
                        ~, null */
  int derived;       /* computed by csecpol, not written in a file */
  int inherited;     /* came from an `extends` parent */
  int overrides;     /* replaces a value an `extends` parent set */
  csp_node *replaced; /* that parent's value (owned), for explain; or NULL */
  csp_node *removed;  /* a map: the parent's entries this file removed with
                       * `key: ~`, keyed where the ~ stands (owned), for
                       * explain; or NULL */
  csp_entry *items;  /* map entries or list items, in file order */
  size_t n, cap;
};

/* Allocates a node; the caller frees it with csp_node_free. */
csp_node *csp_node_new(csp_node_kind kind, const csp_loc *loc);
/* A scalar node holding a copy of text[0..len). */
csp_node *csp_node_new_scalar(const char *text, size_t len,
                              const csp_loc *loc);
/* Frees a node and everything below it. */
void csp_node_free(csp_node *n);
/* A deep copy; the caller frees it. */
csp_node *csp_node_copy(const csp_node *n);

/* Appends value under key (NULL for a list); the node takes ownership
 * of value and copies key. */
void csp_node_append(csp_node *n, const char *key, const csp_loc *key_loc,
                     csp_node *value);
/* Sets key in a map to value, replacing (and freeing) an old value. */
void csp_node_set(csp_node *map, const char *key, csp_node *value);
/* Removes key from a map; returns 1 if it was there. */
int csp_node_remove(csp_node *map, const char *key);

/* The value under key in a map, or NULL (borrowed). */
csp_node *csp_node_get(const csp_node *map, const char *key);
/* The entry under key in a map, or NULL (borrowed). */
csp_entry *csp_node_entry(const csp_node *map, const char *key);
/* Follows a dotted path ("site.name") through maps; NULL on a miss. */
csp_node *csp_node_path(const csp_node *root, const char *path);
/* The scalar text at a dotted path, or NULL when absent or not text. */
const char *csp_node_text(const csp_node *root, const char *path);

/* Nonzero when the node is text with at least one non-space byte. */
int csp_node_has_text(const csp_node *n);

/* "a map", "a list", "text" or "null", for messages. */
const char *csp_node_kind_name(csp_node_kind kind);

#endif
