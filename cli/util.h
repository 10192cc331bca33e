/* util.h: the aborting allocator, a growable byte buffer, reading a
 * file, file identities.  Writing goes through the output guard
 * (output.h). */
#ifndef CSP_UTIL_H
#define CSP_UTIL_H

#include <stdarg.h>
#include <stddef.h>

#if defined(__GNUC__)
#define CSP_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CSP_PRINTF(f, a)
#endif

/* Allocation never fails: on out-of-memory these print a message and
 * abort, as cmark does. */
void *csp_xmalloc(size_t n);
void *csp_xcalloc(size_t n, size_t size);
void *csp_xrealloc(void *p, size_t n);
char *csp_xstrdup(const char *s);
char *csp_xstrndup(const char *s, size_t n);
/* Says "out of memory" and aborts: for a library call that fails only
 * when memory runs out. */
_Noreturn void csp_oom(void);
/* Makes room for item n of the array items (size bytes an item, *cap
 * of them allocated): when n is *cap, the array grows to first items,
 * then to twice as many.  Returns the array, moved or not; the caller
 * stores it and fills item n.  As git's ALLOC_GROW. */
void *csp_xgrow(void *items, size_t n, size_t *cap, size_t size,
                size_t first);

/* A growable buffer of bytes, always NUL-terminated after csp_buf_init.
 * The caller owns the struct; csp_buf_release frees its data. */
typedef struct csp_buf {
  char *data;
  size_t len;
  size_t cap;
} csp_buf;

void csp_buf_init(csp_buf *b);
void csp_buf_release(csp_buf *b);
void csp_buf_clear(csp_buf *b);
void csp_buf_put(csp_buf *b, const char *s, size_t n);
void csp_buf_puts(csp_buf *b, const char *s);
void csp_buf_putc(csp_buf *b, int c);
void csp_buf_printf(csp_buf *b, const char *fmt, ...) CSP_PRINTF(2, 3);
void csp_buf_vprintf(csp_buf *b, const char *fmt, va_list ap);
/* Hands the data to the caller, who frees it; the buffer is left empty. */
char *csp_buf_detach(csp_buf *b);
/* A string formatted as vprintf would, in memory the caller frees. */
char *csp_xvasprintf(const char *fmt, va_list ap);

/* Reads a whole file ("-" is standard input) into out, refusing files
 * larger than max bytes (errno EFBIG).  Returns 0, or -1 with errno set;
 * the caller reports.  A run's inputs are read through its load context
 * (load.h), which records them. */
int csp_read_file(const char *path, size_t max, csp_buf *out);

/* A file's identity: device and inode numbers, as unsigned numbers so
 * that another process can send them. */
typedef struct csp_fileid {
  unsigned long long dev;
  unsigned long long ino;
} csp_fileid;

/* Orders identities, for qsort and bsearch. */
int csp_fileid_cmp(const void *a, const void *b);

/* Nonzero when paths a and b name the same existing file. */
int csp_same_file(const char *a, const char *b);

/* Nonzero when path names an existing directory. */
int csp_is_dir(const char *path);

/* Nonzero when path names an existing file that is neither a regular
 * file nor a directory: a device, a named pipe, a socket. */
int csp_is_special(const char *path);

#endif
