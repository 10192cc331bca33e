/* workers.h: items worked on in several processes, their results taken
 * in item order.
 *
 * csp_workers_run forks jobs worker processes; worker w does the items
 * w, w + jobs, w + 2 * jobs, ... with work(), which appends the item's
 * result (any bytes) to a buffer, and sends each result to the parent
 * through a pipe as soon as it is made.  The parent calls take() for
 * item 0, 1, 2, ... in that order, each as soon as it and every item
 * before it have arrived, so what the caller prints from take() is the
 * same whatever the number of jobs.  A worker shares nothing with the
 * parent after the fork: whatever must outlive it (a file's name, a
 * diagnostic) goes into its results. */
#ifndef CSP_WORKERS_H
#define CSP_WORKERS_H

#include <stddef.h>

#include "util.h"

#define CSP_MAX_JOBS 256 /* worker processes of one run (-j) */

/* Appends item's result to out.  Runs in a worker process. */
typedef void (*csp_work_fn)(size_t item, csp_buf *out, void *ctx);

/* Takes item's result (len bytes at data, which the caller keeps and
 * frees when take returns) in the parent.  data is NULL when the worker
 * stopped before it sent the item (it crashed or was killed); why then
 * says how, as "killed by signal 9" or "exit status 70". */
typedef void (*csp_take_fn)(size_t item, const char *data, size_t len,
                            const char *why, void *ctx);

/* Is told of item's result as soon as it arrives, before the items
 * ahead of it are taken (data as for take, never NULL): for what the
 * parent must know at once, such as the temporary files a worker made,
 * which only the parent can remove once that worker is gone. */
typedef void (*csp_arrive_fn)(size_t item, const char *data, size_t len,
                              void *ctx);

/* Works on n items in jobs processes (at most n; 1 or less: in this
 * process, without forking).  A worker that cannot be started (no pipe,
 * no fork) leaves its items to the parent, which does them after the
 * others have sent theirs.  arrive may be NULL. */
void csp_workers_run(size_t n, int jobs, csp_work_fn work,
                     csp_arrive_fn arrive, csp_take_fn take, void *ctx);

/* The number of processors online, from 1 to CSP_MAX_JOBS. */
int csp_workers_online(void);

/* Appends to a result, and reads back from one at *pos, which a get
 * moves past what it read: an unsigned number, and a string as a length,
 * its bytes and a NUL.  *s points into data (NUL-terminated there).  A
 * get returns -1 when the result is too short or the string has no NUL
 * after it, leaving *pos anywhere. */
void csp_workers_put_u64(csp_buf *out, unsigned long long v);
void csp_workers_put_str(csp_buf *out, const char *s, size_t len);
int csp_workers_get_u64(const char *data, size_t len, size_t *pos,
                       unsigned long long *v);
int csp_workers_get_str(const char *data, size_t len, size_t *pos,
                       const char **s, size_t *slen);

#endif
