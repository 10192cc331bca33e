/* batch.h: rendering the policies of many sites in one run (csecpol
 * render), the engine under cmd_render.c.
 *
 * A batch names every file it will write before it reads a site: each
 * site's output in each format (one file, standard output, or
 * DIR/<site>.<format>) and the depfile, as one group a site in the
 * output guard (output.h), so that a site is written whole or not at
 * all.  The guard checks them against the files named on the command
 * line and against one another; each site is then loaded through the
 * load context (load.h), checked, rendered and written to temporary
 * files, in this process or in worker processes (-j, workers.h), and its
 * result (csp_site_result below) comes back to the parent in site
 * order.  Once every site is done, the guard checks the outputs against
 * every file any site read, the rest are renamed into place, and the
 * depfile names, for each output, the files it was made from.  The
 * diagnostics, the files and the depfile are the same whatever the
 * number of jobs.  A run owns one csp_docx_cache (render.h), so that
 * the DOCX parts its sites share are made once (once a worker). */
#ifndef CSP_BATCH_H
#define CSP_BATCH_H

#include <stddef.h>

#include "load.h"
#include "render.h"
#include "schema.h"
#include "set.h"
#include "tmpl.h"

typedef struct csp_batch {
  unsigned formats;   /* bit i set: csp_formats[i] is written */
  const char *output; /* -o: a file, "-" or NULL (standard output), or
                         a directory */
  int to_dir;         /* output is a directory */
  int draft;
  csp_meta meta;      /* the options part: paper, fragment, reference
                         document, stylesheet */
  csp_check_opts check;
  const csp_sets *sets;
  const csp_tmpl *tmpl;
  const char *tmpl_path; /* -t, or NULL for the built-in template */
  const char *depfile;   /* --depfile, or NULL */
  int jobs;              /* worker processes; 1: this one */
  int no_format;         /* -o FILE's name says no format and -f gave
                            none: each site is only read (not checked),
                            so that an output that would replace an
                            input is refused as such; nothing is
                            rendered, and the caller says why */
} csp_batch;

/* Renders the policies of sites[0..n) as b says, reading through ld
 * (which holds the template already).  Reports through diag, printing
 * each site's diagnostics as it is done.  Returns the exit status of the
 * run: the worst of its sites'. */
int csp_batch_render(const csp_batch *b, csp_load *ld, char **sites,
                     size_t n);

/* What one site's render comes to, sent from a worker to the parent:
 * its encoding (csp_site_result_put) and decoding (csp_site_result_get)
 * sit side by side in batch.c. */
typedef struct csp_site_result {
  int status;        /* an exit status (csecpol.h) */
  const char *diags; /* its diagnostics, as csp_diag_export wrote them:
                        the parent prints each once a run */
  size_t diagslen;
  const char *msg;   /* what it says after them, printed */
  size_t msglen;
  const char *rule; /* its make rule, or "" */
  size_t rulelen;
  size_t ntmps;     /* (output, temporary file) pairs */
  const size_t *outs;
  const char *const *tmps;
  size_t nreads; /* the files it read */
  const csp_input *reads;
} csp_site_result;

/* Appends r to out. */
void csp_site_result_put(const csp_site_result *r, csp_buf *out);

/* Reads a result out of data[0..len), pointing into data; the arrays
 * are allocated (csp_site_result_free frees them).  Returns -1 when the
 * data is cut short or garbled. */
int csp_site_result_get(const char *data, size_t len, csp_site_result *r);
void csp_site_result_free(csp_site_result *r);

#endif
