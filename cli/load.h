/* load.h: the load context, through which a run reads every input.
 *
 * A site file with its whole `extends` chain, a template, a reference
 * document, a side of a diff: each is read through a csp_load, which
 * records every file it read (device, inode, the name it was read by
 * and what it was), so that the output guard (output.h) can refuse an
 * output that would replace any of them, and a depfile can name them.
 * Nothing else keeps such a record; a worker process hands its part of
 * the list back to its parent explicitly (csp_load_note).
 *
 * It also carries the run's diagnostics (diag.h), borrowed from its
 * caller: what reads through it (the site parser, the schema check, the
 * template parser) reports there.
 *
 * Inputs are opened without blocking, so a FIFO with no writer cannot
 * hang the run; a directory is refused, and a file named by `extends`
 * must be a regular file called *.yaml or *.yml. */
#ifndef CSP_LOAD_H
#define CSP_LOAD_H

#include <stddef.h>

#include "node.h"
#include "util.h"

/* One file read. */
typedef struct csp_input {
  csp_fileid id;
  char *path;       /* the name it was read by */
  const char *what; /* "the site file", "the template", ... (static) */
} csp_input;

/* The caller owns the struct; csp_load_release frees what it holds. */
typedef struct csp_load {
  csp_input *files; /* in the order read */
  size_t n, cap;
  csp_diags *diags; /* where what reads through it reports (borrowed) */
} csp_load;

void csp_load_init(csp_load *ld, csp_diags *dg);
void csp_load_release(csp_load *ld);

/* Kinds of input, for csp_load_read. */
enum {
  CSP_LOAD_REGULAR = 1 /* only a regular file (a parent of `extends`) */
};

/* Reads the file at path ("-" is standard input) whole into out
 * (appended), refusing more than max bytes, and records it.  what names
 * it in messages ("the site file"; a static string); fix says what to do
 * about a file too large ("split it").  Reports through ld->diags and
 * returns -1 on failure; 0 otherwise. */
int csp_load_read(csp_load *ld, const char *path, const char *what,
                  unsigned flags, size_t max, const char *fix, csp_buf *out);

/* Records a file the run will read, or that another process read for
 * it, without reading it: a file named on the command line before it is
 * read (for the output guard's first look), or a worker's read.  A path
 * that names no file is not recorded. */
void csp_load_expect(csp_load *ld, const char *path, const char *what);
void csp_load_note(csp_load *ld, csp_fileid id, const char *path,
                   const char *what);

/* The input that path names among files[from..n), or NULL. */
const csp_input *csp_load_find(const csp_load *ld, const char *path,
                               size_t from);

/* Reads a site file ("-" for standard input) and its `extends` chain:
 * each parent named relative to the file that extends it, whose values
 * the file inherits (csp_site_merge).  A chain longer than
 * CSP_MAX_EXTENDS, a cycle (every file in it is named), a parent that
 * cannot be read, or is not a regular *.yaml or *.yml file, is an error.
 * Returns the merged tree (the caller frees it), or NULL after
 * reporting. */
csp_node *csp_load_site(csp_load *ld, const char *path);

/* The same for a site file already read into data[0..len): path names
 * it ("-" for standard input), for locations and `extends`. */
csp_node *csp_load_site_text(csp_load *ld, const char *path,
                             const char *data, size_t len);

#endif
