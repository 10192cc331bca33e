/* schema.h: the one table of site-file fields, the index that finds a
 * field by its path, and what is done with the table: checking a site
 * tree (csecpol check, and render before it writes), completing it with
 * defaults and derived values, and marking what is missing in a
 * draft. */
#ifndef CSP_SCHEMA_H
#define CSP_SCHEMA_H

#include <stddef.h>

#include "node.h"

typedef enum {
  CSP_T_MAP,
  CSP_T_LIST,  /* a list of maps (the item fields follow as "x[].y") */
  CSP_T_TEXTS, /* a list of text values */
  CSP_T_TEXT,
  CSP_T_PHONE,
  CSP_T_EMAIL,
  CSP_T_URL,
  CSP_T_DATE,
  CSP_T_STATE,
  CSP_T_INT,
  CSP_T_PATH,
  CSP_T_BOOL /* true or false, unquoted */
} csp_type;

/* What must be there. */
typedef enum {
  CSP_OPTIONAL,
  CSP_REQUIRED,   /* an error when missing or empty */
  CSP_RECOMMENDED /* a warning when missing */
} csp_need;

/* What a field is besides its type, as flags of csp_field.flags: each
 * rule that applies to some fields names them here, not by path. */
enum {
  CSP_F_RENDERED = 1 << 0, /* the template shows it (else: metadata) */
  CSP_F_REACH = 1 << 1,    /* a way to reach the contact its map is: the
                              map needs one of its two (csp_field_reach) */
  CSP_F_VERIFIED = 1 << 2, /* the day the contact its map is was last
                              confirmed: check --max-age flags the map
                              when it is missing or older */
  CSP_F_NOT_PAST = 1 << 3, /* a date that must not have passed (the
                              review date) */
  CSP_F_CLAUSE = 1 << 4,   /* text the template also reads as a clause,
                              without its full stop (derive.h) */
  CSP_F_FILE = 1 << 5      /* says how to read the file, not what the
                              policy holds (schema, extends, shared): the
                              interview asks for none of them */
};

typedef struct csp_field {
  const char *path;    /* "site.name"; list items as "personnel[].role" */
  csp_type type;
  csp_need need;
  unsigned flags;      /* CSP_F_* */
  const char *doc;     /* one line for check, fields, init and the man page */
  const char *example; /* what `init` writes (a placeholder check flags) */
  const char *sample;  /* a real value of the kind, which check accepts:
                          the interview's example and the JSON Schema's
                          "examples"; NULL for a map or a list of maps */
} csp_field;

/* The version of the site-file format this csecpol reads (`schema:`). */
#define CSP_SCHEMA_VERSION "1"

/* The table, in the order `init` and `fields` list it. */
extern const csp_field csp_fields[];
extern const size_t csp_nfields;

/* The most fields the table may have (an index holds them all). */
#define CSP_FIELD_INDEX_SIZE 256

/* The table sorted by path, to find a field by bsearch (the template's
 * names are resolved hundreds of times a run).  The caller owns it;
 * csp_field_index_init fills it, and it holds nothing to free. */
typedef struct csp_field_index {
  const csp_field *sorted[CSP_FIELD_INDEX_SIZE];
  size_t n;
} csp_field_index;

void csp_field_index_init(csp_field_index *ix);

/* The field at path (list items as "x[].y") in ix, or NULL. */
const csp_field *csp_field_index_find(const csp_field_index *ix,
                                      const char *path);

/* The same in the process's one index, made on first use.  It is state
 * only as a cache of the constant table (it never changes once made, and
 * carries nothing from one module to another), so it is not handed
 * around. */
const csp_field *csp_field_find(const char *path);

/* The field path closest to a misspelt one ("site.nmae" -> "site.name";
 * a bare "emergncy" is also matched against each path's last part), or
 * NULL when none is close. */
const char *csp_field_suggest(const char *path);

/* The statewide files built in (sites/states/): pairs of a
 * lower-case state code and the file's text, ended by NULL. */
extern const char *const csp_embed_states[];

/* Nonzero when field path f lies directly under prefix ("" for the top
 * level; "personnel[]" for a list's items); *last (unless last is NULL)
 * gets its key. */
int csp_field_child(const char *f, const char *prefix, const char **last);

/* The first field directly under prefix ("personnel[]") with flag set
 * that comes after the field after (NULL: from the start of the
 * table), or NULL when there is none; *last (unless last is NULL)
 * gets its key. */
const csp_field *csp_field_flagged(const char *prefix, unsigned flag,
                                   const csp_field *after,
                                   const char **last);

/* The name of a type, for messages and the field list. */
const char *csp_type_name(csp_type t);

typedef struct csp_check_opts {
  int max_age;       /* days; flag contacts verified longer ago; -1: off */
  long today;        /* days since 1970-01-01, for dates in the past */
  /* For the unused-key rule: one flag per csp_fields entry, set when the
   * template shows that field (csp_policy_shown), and the template's
   * name; NULL: the rule is off. */
  unsigned char *shown;
  const char *tmpl_name;
  /* A shared file (its own `shared: true`: a statewide file that site
   * files extend) is checked for what it holds, without the fields only
   * a site must hold; unless this is set, it is refused as no policy
   * [shared]. */
  int allow_shared;
} csp_check_opts;

/* Nonzero when root is a shared file: it sets `shared: true` itself,
 * not through `extends`. */
int csp_schema_shared(const csp_node *root);

/* Checks a site tree against the table, reporting every problem through
 * diag with its rule id.  Returns the number of errors found. */
int csp_schema_check(csp_diags *dg, const csp_node *root,
                     const csp_check_opts *opts);

/* Checks one value v as the field at path, with the rules
 * csp_schema_check applies to it in a site tree: its type and form,
 * and whether it is required (v NULL or empty: reported at loc).  A
 * path ending in "[]" names one item of a list: of a list of maps
 * ("personnel[]"), v is a map, checked with every field of the item and
 * the item's own rules (a phone or an e-mail); of a list of text
 * ("safety_steps[]"), v is text.  shown names the value in messages
 * ("personnel[2].phone").  Reports through diag; returns the number of
 * errors. */
int csp_schema_check_at(csp_diags *dg, const csp_node *v, const char *path,
                        const char *shown, const csp_loc *loc,
                        const csp_check_opts *opts);

/* The two fields of which an item of the list at prefix
 * ("personnel[]") must have one, so that the contact can be reached:
 * returns the first ("phone") and sets *other ("email", or "url" for
 * a hotline or a resource); NULL (and *other NULL) when the items need
 * neither. */
const char *csp_field_reach(const char *prefix, const char **other);

/* The value csecpol gives the field at path when a site file leaves it
 * out (policy.title, emergency, national_resources: the built-in
 * templates/defaults.yaml, read with the site-file loader), as a tree
 * of derived nodes (the caller frees it), or NULL when it has none. */
csp_node *csp_field_default(csp_diags *dg, const char *path);

/* Adds defaults (policy.title, emergency, national_resources) and
 * the values derived for the template (derive.h: <phone>_tel,
 * <date>_long, email_ok, has_<list>, ...). */
void csp_schema_complete(csp_diags *dg, csp_node *root);

/* For a draft: puts a visible "[missing: path]" value in place of each
 * required or recommended value that is missing or empty, of each value
 * that still holds a placeholder (csp_placeholder: init's "TODO: ..."),
 * and of the phone of a contact that has no way to be reached
 * ("[missing: personnel[1].phone or email]"); a missing list of text
 * becomes a list of one marker. */
void csp_schema_mark_missing(csp_node *root);

#endif
