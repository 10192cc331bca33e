/* interview.h: csecpol init --interactive: the site file as questions.
 *
 * One question a field, in the order of the field table (the order
 * init writes and the policy reads), each with the field's description
 * and a sample value; each answer is checked at once with the rules
 * check applies (csp_schema_check_at, and the text rules of a value),
 * and asked again with the message when it is wrong.  A list is asked
 * item by item until an empty answer.  Once the state is known, the
 * statewide file of that state, when there is one, is offered; taken,
 * what it supplies is not asked.  The answers come back as a tree in
 * the shape of a site file, for init to write as its scaffold. */
#ifndef CSP_INTERVIEW_H
#define CSP_INTERVIEW_H

#include <stdio.h>

#include "node.h"
#include "schema.h"

typedef struct csp_interview {
  FILE *in;          /* the answers, one a line: a terminal or a file */
  FILE *out;         /* the questions and messages */
  const char *name;  /* the answers file, for locations; NULL for a
                        terminal */
  int echo;          /* write each answer after its question (from a
                        file, so that the transcript reads as asked) */
  const csp_check_opts *opts;
  csp_diags *diags;  /* where its messages go (borrowed) */
  /* The statewide file of a state ("NY"): sets *tree to its tree
   * (borrowed; a map; NULL when there is none), *rel to the path a site
   * file extends it by ("states/ny.yaml") and *shipped to whether
   * csecpol ships one.  Returns 0, or -1 when the file exists but cannot
   * be read (reported through diag): the interview stops. */
  int (*shared)(void *ctx, const char *state, const csp_node **tree,
                const char **rel, int *shipped);
  void *ctx;
  /* set by csp_interview_run */
  int line;          /* answers read */
  char state[3];     /* the state answered, "" when none */
  int extends;       /* the answers extend the state's file */
  int interrupted;   /* Ctrl-C ended it */
} csp_interview;

/* Asks every question.  Returns 0 and sets *answers (a map in the shape
 * of a site file, with `extends` when the statewide file was taken;
 * the caller frees it), or -1 when the answers ended or Ctrl-C was
 * pressed first, which is said on out, or the statewide file could not
 * be read: then there is nothing to write.
 * SIGINT is caught while it runs. */
int csp_interview_run(csp_interview *iv, csp_node **answers);

/* Nonzero when shared (a statewide file's tree, or NULL) supplies the
 * field at path: text, or a list or a map that is not empty. */
int csp_interview_supplied(const csp_node *shared, const char *path);

#endif
