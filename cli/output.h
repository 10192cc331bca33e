/* output.h: the output guard, the one way csecpol writes a file (as
 * git's lockfile API is git's).
 *
 * A run first names every path it will write (csp_guard_add: each
 * output of each site, the depfile, a diff's redline, init's files) and
 * has the guard check them (csp_guard_check) against every file its load
 * context read (load.h) and against one another, before anything is
 * written.  An output that would replace an input, or two outputs that
 * are one file, are refused with a message naming both files (rule
 * "output"; the commands exit 4); with one output of a group (the
 * files of one site) refused, the whole group is.
 *
 * Each output is then written to a temporary file beside the file it
 * replaces (csp_guard_write), readable by its owner only, and renamed
 * into place by csp_guard_commit after one flush to disk per
 * filesystem, so a target is never half-written.  A symbolic link is
 * written through, a dangling one too: the temporary file goes beside
 * the file the link names, never truncating anything in place.  A
 * device, a named pipe or standard output ("-") is written to directly.
 * A file replaced keeps its permission bits; a new one gets 0666 less
 * the umask.  SIGINT, SIGTERM and SIGHUP remove every temporary file
 * (and stop the worker processes, which remove theirs) before the
 * process ends with the signal. */
#ifndef CSP_OUTPUT_H
#define CSP_OUTPUT_H

#include <stddef.h>
#include <sys/types.h>

#include "load.h"
#include "util.h"

typedef struct csp_output {
  char *path;       /* as named; "-" is standard output */
  const char *what; /* "the output", "the depfile" (static) */
  size_t group;     /* outputs written together or not at all */
  char *target;     /* the file replaced: path, or what its links name */
  char *canon;      /* target with its directory made absolute */
  int special;      /* a device, a named pipe or "-": written in place */
  int refused;
  char *tmp;        /* its temporary file, once written */
} csp_output;

/* The caller owns the struct. */
typedef struct csp_guard {
  csp_output *outs;
  size_t n, cap;
  /* the last directory made absolute, and what it came to: a batch's
   * outputs share one, resolved once (realpath costs a syscall for
   * each of its components) */
  char *dir, *dir_real;
  csp_diags *diags; /* where it reports (borrowed) */
} csp_guard;

void csp_guard_init(csp_guard *g, csp_diags *dg);
/* Removes the temporary files of what was not committed; frees g. */
void csp_guard_release(csp_guard *g);

/* Plans a write of path, one of group's files; what names it in
 * messages.  Returns its index. */
size_t csp_guard_add(csp_guard *g, const char *path, const char *what,
                     size_t group);

/* Checks every output not yet refused against ld->files[from..] and
 * against the other outputs, and refuses (reporting each) those that
 * clash, with their groups.  With group other than CSP_GUARD_ALL, only
 * that group's outputs are checked, and only against the files.
 * Returns the number refused by this call. */
#define CSP_GUARD_ALL ((size_t)-1)
size_t csp_guard_check(csp_guard *g, const csp_load *ld, size_t from,
                       size_t group);

/* Nonzero when output i has been refused. */
int csp_guard_refused(const csp_guard *g, size_t i);

/* Refuses every output of group, removing what was written for it: a
 * group whose render failed is written in no file. */
void csp_guard_refuse(csp_guard *g, size_t group);

/* Writes data for output i: to a temporary file, or straight to a
 * special target.  On failure reports it, refuses i's group and returns
 * -1; else 0. */
int csp_guard_write(csp_guard *g, size_t i, const char *data, size_t len);

/* Takes tmp, a temporary file another process wrote for output i. */
void csp_guard_adopt(csp_guard *g, size_t i, const char *tmp);

/* Renames each output written and not refused into place, in the order
 * added; reports each that cannot be.  Returns 0, or -1 when any
 * failed. */
int csp_guard_commit(csp_guard *g);

/* For workers.c: fork(2), with no signal between the fork and the
 * record that lets the handlers stop and wait for the child; in the
 * child, the parent's temporary files are not its own to remove.  And
 * the end of that record, once the child has been waited for. */
pid_t csp_guard_fork(void);
void csp_guard_child_done(pid_t pid);

#endif
