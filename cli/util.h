/* util.h: the aborting allocator, a growable byte buffer, file I/O. */
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

/* Reads a whole file ("-" is standard input) into out, refusing files
 * larger than max bytes (errno EFBIG).  Returns 0, or -1 with errno set;
 * the caller reports. */
int csp_read_file(const char *path, size_t max, csp_buf *out);

/* Writes data to path through a temporary file in the same directory
 * and rename(2), so a failed run leaves the target untouched.  "-" is
 * standard output.  A symbolic link is written through (the file it
 * names is replaced, the link kept); a device or named pipe is written
 * to directly, never replaced.  Returns 0, or -1 with errno set. */
int csp_write_file(const char *path, const char *data, size_t len);

/* Files written together, flushed to disk together.  Writing many small
 * files one fsync(2) at a time waits for the disk once a file; a batch
 * writes each to a temporary file beside its target, and commit flushes
 * them all with one syncfs(2) per filesystem (Linux; elsewhere each file
 * is fsync'ed as it is added) and only then renames each into place, so
 * a target is never half-written.  The caller owns the struct. */
typedef struct csp_write_batch {
  struct csp_pending {
    char *path; /* the target */
    char *tmp;  /* the temporary file beside it */
  } *files;
  size_t n, cap;
} csp_write_batch;

void csp_write_batch_init(csp_write_batch *w);
/* Writes data for path (not "-") to a temporary file.  Returns 0, or -1
 * with errno set (then nothing is pending for path). */
int csp_write_batch_add(csp_write_batch *w, const char *path,
                        const char *data, size_t len);
/* Flushes and renames every pending file, in the order added; calls
 * fail(path, errno) for each that cannot be (its target is untouched).
 * Returns 0, or -1 when any failed.  The batch is empty afterwards. */
int csp_write_batch_commit(csp_write_batch *w,
                           void (*fail)(const char *path, int err));
/* Removes the temporary files of anything not committed, frees w. */
void csp_write_batch_release(csp_write_batch *w);
/* Forgets the pending files, leaving their temporary files for another
 * process to adopt and commit. */
void csp_write_batch_disown(csp_write_batch *w);
/* Adds to w the temporary file tmp that another process wrote for path
 * (w keeps copies of both). */
void csp_write_batch_adopt(csp_write_batch *w, const char *path,
                           const char *tmp);
/* Drops each pending file for which drop(i, path, ctx) returns nonzero,
 * i being its place in w before any was dropped, and removes its
 * temporary file. */
void csp_write_batch_drop(csp_write_batch *w,
                          int (*drop)(size_t i, const char *path, void *ctx),
                          void *ctx);

/* A file's identity: device and inode numbers, as unsigned numbers so
 * that another process can send them. */
typedef struct csp_fileid {
  unsigned long long dev;
  unsigned long long ino;
} csp_fileid;

/* Orders identities, for qsort and bsearch. */
int csp_fileid_cmp(const void *a, const void *b);

/* The files csp_read_file has read in this run (a site file, a file
 * it extends, a template), so that an output never overwrites an input:
 * nonzero when path names the from-th of them or a later one (0: any).
 * csp_file_reads gives them all, in the order read, and their number in
 * *n; the array is borrowed, valid until the next read. */
int csp_file_was_read(const char *path, size_t from);
const csp_fileid *csp_file_reads(size_t *n);
/* Counts id as read, as when another process read it. */
void csp_file_note_read(csp_fileid id);
/* Forgets every read after the first n, once they are handed on. */
void csp_file_forget_reads(size_t n);

/* Nonzero when paths a and b name the same existing file. */
int csp_same_file(const char *a, const char *b);

/* Nonzero when path names an existing directory. */
int csp_is_dir(const char *path);

#endif
