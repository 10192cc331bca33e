/* yaml_hint.h: what to change when YAML does not read a site file the
 * way a person who has never seen YAML wrote it.
 *
 * libyaml says where its grammar fails, in its own words ("mapping
 * values are not allowed in this context"), often a line after the
 * mistake, and accepts without a word some text that means other than
 * it says.  This module owns the reading of a site file's source text
 * around libyaml's marks, and every message that gives the structural
 * fix:
 *   - a syntax error (csp_yaml_hint_syntax): the line that caused it
 *     and its fix: a key indented more or less than its siblings (with
 *     the column to use), a tab in the indentation, 'key:value' without
 *     a space, ': ' in an unquoted value, a key or text at the column of
 *     a list's '- ' without one, a straight quote closed by a curly one;
 *     a note where libyaml stopped; then the parse resumed at the next
 *     top-level key, for the syntax errors further on;
 *   - a value that parses, but not as written (csp_yaml_hint_scalar): a
 *     ' #' comment that cut it short, curly quotes around it, a list
 *     item that runs on into the next line;
 *   - a duplicate key in an item of a list (csp_yaml_hint_duplicate):
 *     the '- ' of the next item left out.
 * site.c calls it from csp_yaml_parse and S_report_parser.  It reports
 * through diag; the rules it raises are yaml, duplicate-key,
 * yaml-comment, curly-quotes and yaml-join. */
#ifndef CSP_YAML_HINT_H
#define CSP_YAML_HINT_H

#include <stddef.h>
#include <yaml.h>

#include "diag.h"

/* A site file's text, and where its lines start.  The caller owns the
 * struct; the text is borrowed. */
typedef struct csp_yaml_src {
  csp_diags *diags; /* where it reports (the caller's) */
  const char *name; /* for locations; interned by the caller */
  const char *data;
  size_t len;
  size_t *starts; /* byte offset of each line's first character, and */
  size_t *ends;   /* of its end (its line break), built when first needed */
  size_t nlines;
  size_t cur_index, cur_off; /* a character index and its byte offset */
  int comments;               /* the text has a '#' (it may hold one) */
  struct csp_yaml_held *held; /* csp_yaml_hint_scalar's warnings, held */
  size_t nheld, capheld;      /* until the whole file parses */
} csp_yaml_src;

void csp_yaml_src_init(csp_yaml_src *src, csp_diags *dg, const char *name,
                       const char *data, size_t len);
/* Frees what src holds, dropping the warnings not reported. */
void csp_yaml_src_release(csp_yaml_src *src);

/* The byte offset in src of a libyaml mark (whose index and column
 * count characters, not bytes). */
size_t csp_yaml_src_offset(csp_yaml_src *src, yaml_mark_t m);

/* After yaml_parser_parse failed on src with a scanner or parser error
 * (not a reader error): reports it, as an error [yaml] at the line
 * that caused it with its fix when that line can be told, followed by
 * a note where libyaml stopped, or else in libyaml's words at that
 * place; then parses on from the next top-level key and reports each
 * further syntax error so; and every tab used to indent a line. */
void csp_yaml_hint_syntax(csp_yaml_src *src, const yaml_parser_t *p);

/* Where a scalar stands, for csp_yaml_hint_scalar. */
typedef enum {
  CSP_YAML_KEY,   /* a key of a block map */
  CSP_YAML_VALUE, /* the value of a key of a block map, or the document */
  CSP_YAML_ITEM   /* an item of a block list */
} csp_yaml_role;

/* Appends to out the name a message gives a value ("site.address"),
 * called only when there is something to say about it. */
typedef void (*csp_yaml_namer)(csp_buf *out, void *ctx);

/* Warns about a scalar of a file that parses (ev, a YAML_SCALAR_EVENT
 * outside any flow collection) that does not say what was written: a
 * ' #' comment right after it that starts with a letter or digit (the
 * "#200" of an address) [yaml-comment]; curly quotes around unquoted
 * text [curly-quotes], or a straight quote closed by a curly one; an
 * unquoted list item that runs on into the next line [yaml-join].
 * name(out, ctx) names it ("" for the document).  The warnings are
 * held: what libyaml made of text before a syntax error is no news. */
void csp_yaml_hint_scalar(csp_yaml_src *src, const yaml_event_t *ev,
                          csp_yaml_role role, csp_yaml_namer name,
                          void *ctx);

/* Reports the warnings held, once the whole file has parsed. */
void csp_yaml_hint_commit(csp_yaml_src *src);

/* Where text s written as key:value (a name, ':' and no space: the
 * "role:Director" that YAML reads as text, not as a key) has its ':';
 * NULL when it is not so written. */
const char *csp_yaml_hint_nospace(const char *s);

/* Reports key at `at`, a duplicate of the key at `first` in one map, as
 * an error [duplicate-key] with a note at first.  dash, when the map is
 * an item of a block list, is where that list's first '- ' stands; the
 * message then says how to make the line the start of a new item. */
void csp_yaml_hint_duplicate(csp_diags *dg, const char *key,
                             const csp_loc *at, const csp_loc *first,
                             const csp_loc *dash);

#endif
