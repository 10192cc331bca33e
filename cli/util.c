/* util.c: the aborting allocator, growable buffers, reading a file. */
#define _POSIX_C_SOURCE 200809L
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
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

void *csp_xgrow(void *items, size_t n, size_t *cap, size_t size,
                size_t first)
{
  if (n < *cap)
    return items;
  if (*cap > SIZE_MAX / 2 / size)
    csp_oom();
  *cap = *cap ? *cap * 2 : first;
  return csp_xrealloc(items, *cap * size);
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

char *csp_xvasprintf(const char *fmt, va_list ap)
{
  csp_buf b;
  csp_buf_init(&b);
  csp_buf_vprintf(&b, fmt, ap);
  return csp_buf_detach(&b);
}

int csp_fileid_cmp(const void *a, const void *b)
{
  const csp_fileid *x = a, *y = b;
  if (x->dev != y->dev)
    return x->dev < y->dev ? -1 : 1;
  if (x->ino != y->ino)
    return x->ino < y->ino ? -1 : 1;
  return 0;
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

int csp_is_special(const char *path)
{
  struct stat st;
  return stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}
