/* util.c: the aborting allocator, growable buffers, safe file output. */
#define _GNU_SOURCE /* syncfs(2) */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void csp_oom(void)
{
  fputs("csecpol: fatal: out of memory\n", stderr);
  abort();
}

void *csp_xmalloc(size_t n)
{
  void *p = malloc(n ? n : 1);
  if (!p)
    csp_oom();
  return p;
}

void *csp_xcalloc(size_t n, size_t size)
{
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p)
    csp_oom();
  return p;
}

void *csp_xrealloc(void *p, size_t n)
{
  void *q = realloc(p, n ? n : 1);
  if (!q)
    csp_oom();
  return q;
}

char *csp_xstrdup(const char *s)
{
  return csp_xstrndup(s, strlen(s));
}

char *csp_xstrndup(const char *s, size_t n)
{
  char *p = csp_xmalloc(n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

void csp_buf_init(csp_buf *b)
{
  b->cap = 64;
  b->len = 0;
  b->data = csp_xmalloc(b->cap);
  b->data[0] = '\0';
}

void csp_buf_release(csp_buf *b)
{
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

void csp_buf_clear(csp_buf *b)
{
  b->len = 0;
  b->data[0] = '\0';
}

static void S_grow(csp_buf *b, size_t extra)
{
  size_t need = b->len + extra + 1;
  if (need <= b->cap)
    return;
  while (b->cap < need)
    b->cap = b->cap < 64 ? 64 : b->cap * 2;
  b->data = csp_xrealloc(b->data, b->cap);
}

void csp_buf_put(csp_buf *b, const char *s, size_t n)
{
  if (n == 0)
    return;
  S_grow(b, n);
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void csp_buf_puts(csp_buf *b, const char *s)
{
  csp_buf_put(b, s, strlen(s));
}

void csp_buf_putc(csp_buf *b, int c)
{
  if (b->len + 2 > b->cap)
    S_grow(b, 1);
  b->data[b->len++] = (char)c;
  b->data[b->len] = '\0';
}

void csp_buf_vprintf(csp_buf *b, const char *fmt, va_list ap)
{
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n < 0)
    return;
  S_grow(b, (size_t)n);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
}

void csp_buf_printf(csp_buf *b, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  csp_buf_vprintf(b, fmt, ap);
  va_end(ap);
}

char *csp_buf_detach(csp_buf *b)
{
  char *p = b->data;
  b->data = NULL;
  b->len = b->cap = 0;
  return p;
}

/* Every file csp_read_file has opened, by device and inode, so that no
 * output overwrites an input (csp_file_was_read).  Kept until exit. */
static csp_fileid *S_reads;
static size_t S_nreads, S_capreads;

int csp_fileid_cmp(const void *a, const void *b)
{
  const csp_fileid *x = a, *y = b;
  if (x->dev != y->dev)
    return x->dev < y->dev ? -1 : 1;
  if (x->ino != y->ino)
    return x->ino < y->ino ? -1 : 1;
  return 0;
}

void csp_file_note_read(csp_fileid id)
{
  if (S_nreads == S_capreads) {
    S_capreads = S_capreads ? S_capreads * 2 : 16;
    S_reads = csp_xrealloc(S_reads, S_capreads * sizeof *S_reads);
  }
  S_reads[S_nreads++] = id;
}

const csp_fileid *csp_file_reads(size_t *n)
{
  *n = S_nreads;
  return S_reads;
}

int csp_file_was_read(const char *path, size_t from)
{
  struct stat st;
  if (strcmp(path, "-") == 0 || stat(path, &st) < 0)
    return 0;
  for (size_t i = from; i < S_nreads; i++)
    if (S_reads[i].dev == st.st_dev && S_reads[i].ino == st.st_ino)
      return 1;
  return 0;
}

void csp_file_forget_reads(size_t n)
{
  if (n < S_nreads)
    S_nreads = n;
}

int csp_read_file(const char *path, size_t max, csp_buf *out)
{
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!f)
    return -1;
  if (f != stdin) {
    struct stat st;
    if (fstat(fileno(f), &st) < 0)
      st.st_mode = 0;
    if (S_ISDIR(st.st_mode)) {
      fclose(f);
      errno = EISDIR;
      return -1;
    }
    if (S_ISREG(st.st_mode)) {
      csp_fileid id = {st.st_dev, st.st_ino};
      csp_file_note_read(id);
    }
  }
  char chunk[65536];
  size_t n;
  int err = 0;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (out->len + n > max) {
      err = EFBIG;
      break;
    }
    csp_buf_put(out, chunk, n);
  }
  if (!err && ferror(f))
    err = errno ? errno : EIO;
  if (f != stdin)
    fclose(f);
  if (err) {
    errno = err;
    return -1;
  }
  return 0;
}

static int S_write_all(int fd, const char *data, size_t len)
{
  while (len > 0) {
    ssize_t w = write(fd, data, len);
    if (w < 0) {
      if (errno == EINTR)
        continue;
      return -1;
    }
    data += w;
    len -= (size_t)w;
  }
  return 0;
}

/* Writes data to a new temporary file beside path, made durable with
 * fsync(2) when sync is set, and readable as a policy should be.  Returns
 * the temporary file's name (the caller frees it), or NULL with errno
 * set and nothing left behind. */
static char *S_write_tmp(const char *path, const char *data, size_t len,
                         int sync)
{
  if (csp_is_dir(path)) {
    errno = EISDIR;
    return NULL;
  }
  size_t plen = strlen(path);
  char *tmp = csp_xmalloc(plen + 32);
  const char *slash = strrchr(path, '/');
  size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
  memcpy(tmp, path, dirlen);
  snprintf(tmp + dirlen, plen + 32 - dirlen, ".csecpol-XXXXXX");
  int fd = mkstemp(tmp);
  if (fd < 0) {
    free(tmp);
    return NULL;
  }
  int err = 0;
  if (S_write_all(fd, data, len) < 0 || (sync && fsync(fd) < 0))
    err = errno;
  /* mkstemp makes the file 0600; a policy is a document to share. */
  mode_t um = umask(0);
  umask(um);
  if (!err && fchmod(fd, 0666 & ~um) < 0)
    err = errno;
  if (close(fd) < 0 && !err)
    err = errno;
  if (err) {
    unlink(tmp);
    free(tmp);
    errno = err;
    return NULL;
  }
  return tmp;
}

/* Writes data straight into path, opened with flags: a device or a
 * named pipe (nothing to replace atomically), or the file a dangling
 * symbolic link names. */
static int S_write_direct(const char *path, int flags, const char *data,
                          size_t len)
{
  int fd = open(path, flags, 0666);
  if (fd < 0)
    return -1;
  int err = 0;
  if (S_write_all(fd, data, len) < 0)
    err = errno;
  if (close(fd) < 0 && !err)
    err = errno;
  errno = err;
  return err ? -1 : 0;
}

/* Where an output to path goes.  A device or named pipe is written to
 * directly, never replaced; a symbolic link is written through, so the
 * file it names is replaced and the link kept.  Returns 1 after writing
 * such a target directly (or -1 on failure, errno set); returns 0 when
 * the caller is to replace *target, path itself or (for a link) the
 * file it names (*real, which the caller frees, else NULL). */
static int S_special(const char *path, const char *data, size_t len,
                     const char **target, char **real)
{
  struct stat st;
  *target = path;
  *real = NULL;
  if (stat(path, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      errno = EISDIR;
      return -1;
    }
    if (!S_ISREG(st.st_mode))
      return S_write_direct(path, O_WRONLY | O_TRUNC, data, len) < 0 ? -1
                                                                      : 1;
  }
  if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
    *real = realpath(path, NULL);
    if (!*real) /* a dangling link: create the file it names */
      return S_write_direct(path, O_WRONLY | O_CREAT | O_TRUNC, data, len) <
                     0
                 ? -1
                 : 1;
    *target = *real;
  }
  return 0;
}

int csp_write_file(const char *path, const char *data, size_t len)
{
  if (strcmp(path, "-") == 0) {
    if (len && fwrite(data, 1, len, stdout) != len)
      return -1;
    return fflush(stdout) == 0 ? 0 : -1;
  }
  char *real;
  int done = S_special(path, data, len, &path, &real);
  if (done)
    return done < 0 ? -1 : 0;
  char *tmp = S_write_tmp(path, data, len, 1);
  int err = tmp ? 0 : errno;
  if (tmp && rename(tmp, path) < 0) {
    err = errno;
    unlink(tmp);
  }
  free(tmp);
  free(real);
  errno = err;
  return err ? -1 : 0;
}

/* syncfs(2) flushes a whole filesystem in one call; elsewhere each file
 * is fsync'ed as it is written. */
#if defined(__linux__)
#define S_HAVE_SYNCFS 1
#else
#define S_HAVE_SYNCFS 0
#endif

void csp_write_batch_init(csp_write_batch *w) { memset(w, 0, sizeof *w); }

/* Appends a pending file; w takes path and tmp. */
static void S_pending(csp_write_batch *w, char *path, char *tmp)
{
  if (w->n == w->cap) {
    w->cap = w->cap ? w->cap * 2 : 16;
    w->files = csp_xrealloc(w->files, w->cap * sizeof *w->files);
  }
  w->files[w->n].path = path;
  w->files[w->n].tmp = tmp;
  w->n++;
}

int csp_write_batch_add(csp_write_batch *w, const char *path,
                        const char *data, size_t len)
{
  char *real;
  int done = S_special(path, data, len, &path, &real);
  if (done)
    return done < 0 ? -1 : 0;
  char *tmp = S_write_tmp(path, data, len, !S_HAVE_SYNCFS);
  if (!tmp) {
    int err = errno;
    free(real);
    errno = err;
    return -1;
  }
  S_pending(w, csp_xstrdup(path), tmp);
  free(real);
  return 0;
}

#if S_HAVE_SYNCFS
/* Flushes the filesystem that holds file tmp, once per filesystem: devs
 * (*ndevs of them) are the ones already flushed.  Returns 0 or an errno. */
static int S_sync_dir_of(const char *tmp, dev_t **devs, size_t *ndevs)
{
  const char *slash = strrchr(tmp, '/');
  char *dir = slash ? csp_xstrndup(tmp, (size_t)(slash - tmp) + 1)
                    : csp_xstrdup(".");
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  free(dir);
  if (fd < 0)
    return errno;
  struct stat st;
  int err = fstat(fd, &st) < 0 ? errno : 0;
  for (size_t i = 0; !err && i < *ndevs; i++)
    if ((*devs)[i] == st.st_dev) {
      close(fd);
      return 0;
    }
  if (!err && syncfs(fd) < 0)
    err = errno;
  close(fd);
  if (!err) {
    *devs = csp_xrealloc(*devs, (*ndevs + 1) * sizeof **devs);
    (*devs)[(*ndevs)++] = st.st_dev;
  }
  return err;
}
#endif

int csp_write_batch_commit(csp_write_batch *w,
                           void (*fail)(const char *path, int err))
{
  int failed = 0;
#if S_HAVE_SYNCFS
  dev_t *devs = NULL;
  size_t ndevs = 0;
  const char *last_dir = NULL; /* tmp of the last file flushed */
  size_t last_len = 0;
#endif
  for (size_t i = 0; i < w->n; i++) {
    struct csp_pending *f = &w->files[i];
    int err = 0;
#if S_HAVE_SYNCFS
    const char *slash = strrchr(f->tmp, '/');
    size_t dl = slash ? (size_t)(slash - f->tmp) : 0;
    if (!last_dir || dl != last_len || memcmp(f->tmp, last_dir, dl) != 0) {
      err = S_sync_dir_of(f->tmp, &devs, &ndevs);
      if (!err) {
        last_dir = f->tmp;
        last_len = dl;
      }
    }
#endif
    if (!err && rename(f->tmp, f->path) < 0)
      err = errno;
    if (err) {
      unlink(f->tmp);
      failed = 1;
      if (fail)
        fail(f->path, err);
    }
  }
#if S_HAVE_SYNCFS
  free(devs);
#endif
  csp_write_batch_disown(w); /* renamed or removed: nothing left */
  return failed ? -1 : 0;
}

void csp_write_batch_release(csp_write_batch *w)
{
  for (size_t i = 0; i < w->n; i++) {
    unlink(w->files[i].tmp);
    free(w->files[i].path);
    free(w->files[i].tmp);
  }
  free(w->files);
  memset(w, 0, sizeof *w);
}

void csp_write_batch_disown(csp_write_batch *w)
{
  for (size_t i = 0; i < w->n; i++) {
    free(w->files[i].path);
    free(w->files[i].tmp);
  }
  w->n = 0;
}

void csp_write_batch_adopt(csp_write_batch *w, const char *path,
                           const char *tmp)
{
  S_pending(w, csp_xstrdup(path), csp_xstrdup(tmp));
}

void csp_write_batch_drop(csp_write_batch *w,
                          int (*drop)(size_t i, const char *path, void *ctx),
                          void *ctx)
{
  size_t kept = 0;
  for (size_t i = 0; i < w->n; i++) {
    struct csp_pending *f = &w->files[i];
    if (drop(i, f->path, ctx)) {
      unlink(f->tmp);
      free(f->path);
      free(f->tmp);
    } else {
      w->files[kept++] = *f;
    }
  }
  w->n = kept;
}

int csp_same_file(const char *a, const char *b)
{
  struct stat sa, sb;
  if (strcmp(a, "-") == 0 || strcmp(b, "-") == 0)
    return 0;
  if (stat(a, &sa) < 0 || stat(b, &sb) < 0)
    return 0;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int csp_is_dir(const char *path)
{
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}
