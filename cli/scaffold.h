/* scaffold.h: the commented site file csecpol init writes.
 *
 * Owns its text: a first line naming the JSON Schema for editors, a
 * header, then every field of the table (schema.h) in its order, with
 * its description; required fields with their placeholder (TODO),
 * optional ones commented out, and what a shared state file supplies
 * said so in a comment.  From the interview's answers, what was
 * answered is written and the rest commented out.  cmd_init.c finds
 * the shared file and writes the result. */
#ifndef CSP_SCAFFOLD_H
#define CSP_SCAFFOLD_H

#include "site.h"
#include "util.h"

/* What a scaffold is written from; every pointer is borrowed. */
typedef struct csp_scaffold {
  const csp_node *shared; /* the shared state file's tree, or NULL */
  const char *shared_rel; /* "states/nj.yaml" */
  const char *state;      /* "NJ", or NULL */
  int shipped;            /* csecpol ships the shared file */
  const char *site_name;  /* or NULL */
  const char *schema;     /* the JSON Schema the first line names, or
                             NULL for no such line */
  const csp_node *answers; /* the interview's answers (a map), or NULL
                              for a scaffold of placeholders */
  int declined;           /* the interview declined the shared file */
} csp_scaffold;

/* Appends the site file sc says to out. */
void csp_scaffold_write(const csp_scaffold *sc, csp_buf *out);

#endif
