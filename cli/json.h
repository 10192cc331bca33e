/* json.h: writing JSON: one escaper for strings, and a writer that
 * indents nested objects and arrays by two spaces, as people read them
 * and diff them.  The JSON Schema (fields --format json-schema) and the
 * SARIF log (check --format sarif) are written with it. */
#ifndef CSP_JSON_H
#define CSP_JSON_H

#include "node.h"
#include "util.h"

/* Appends s as a JSON string, quotes included: " and \ escaped, control
 * characters as \n, \r, \t or \u00XX; other bytes as they are (UTF-8).
 * The same text is a YAML double-quoted scalar (csecpol init writes
 * values so). */
void csp_json_str(csp_buf *out, const char *s);

#define CSP_JSON_MAX_DEPTH 64

/* A writer appending to out (borrowed).  Values go in the order they
 * are written; inside an object each value follows csp_json_key. */
typedef struct csp_json {
  csp_buf *out;
  int depth;
  int count[CSP_JSON_MAX_DEPTH]; /* values written at each level */
  char close[CSP_JSON_MAX_DEPTH]; /* what ends each level: } or ] */
  int after_key;                 /* the next value follows a key */
} csp_json;

void csp_json_init(csp_json *j, csp_buf *out);
/* Starts an object ('{') or an array ('['); csp_json_end closes the
 * innermost one.  Nesting deeper than CSP_JSON_MAX_DEPTH aborts (no
 * input decides the depth). */
void csp_json_begin(csp_json *j, char kind);
void csp_json_end(csp_json *j);
void csp_json_key(csp_json *j, const char *key);
void csp_json_string(csp_json *j, const char *s);
/* A number, true, false or null, written as given. */
void csp_json_raw(csp_json *j, const char *literal);
void csp_json_int(csp_json *j, long n);
/* A node tree: maps as objects, lists as arrays, text as strings, a
 * null as null. */
void csp_json_node(csp_json *j, const csp_node *n);

#endif
