/* workers.c: items worked on in several processes (workers.h). */
#define _POSIX_C_SOURCE 200809L
#include "workers.h"

#include "output.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* A result on the pipe: the item's number and the result's length, each
 * 8 bytes, little-endian, then the result. */
#define S_HEADER 16

typedef struct {
  pid_t pid; /* 0: never started; the parent does its items */
  int fd;    /* the pipe's read end, or -1 at its end */
  csp_buf in; /* read and not yet cut into results */
  char why[48]; /* how it stopped, when it stopped early */
} S_worker;

typedef struct {
  char *data; /* NULL until the item's result arrived */
  size_t len;
} S_result;

typedef struct {
  size_t n;
  S_result *results;
  size_t next; /* the first item not taken yet */
  csp_arrive_fn arrive;
  csp_take_fn take;
  void *ctx;
} S_pool;

/* v as 8 bytes at p, little-endian. */
static void S_le64(char *p, unsigned long long v)
{
  for (int i = 0; i < 8; i++)
    p[i] = (char)(unsigned char)(v >> (8 * i));
}

void csp_workers_put_u64(csp_buf *out, unsigned long long v)
{
  char b[8];
  S_le64(b, v);
  csp_buf_put(out, b, 8);
}

int csp_workers_get_u64(const char *data, size_t len, size_t *pos,
                       unsigned long long *v)
{
  if (len < 8 || *pos > len - 8)
    return -1;
  unsigned long long x = 0;
  for (int i = 0; i < 8; i++)
    x |= (unsigned long long)(unsigned char)data[*pos + (size_t)i] << (8 * i);
  *pos += 8;
  *v = x;
  return 0;
}

/* The bytes, then a NUL, so that a get hands out a C string. */
void csp_workers_put_str(csp_buf *out, const char *s, size_t len)
{
  csp_workers_put_u64(out, len);
  csp_buf_put(out, s, len);
  csp_buf_putc(out, '\0');
}

int csp_workers_get_str(const char *data, size_t len, size_t *pos,
                       const char **s, size_t *slen)
{
  unsigned long long n;
  if (csp_workers_get_u64(data, len, pos, &n) < 0 || n >= len - *pos ||
      data[*pos + n] != '\0')
    return -1;
  *s = data + *pos;
  *slen = (size_t)n;
  *pos += (size_t)n + 1;
  return 0;
}

int csp_workers_online(void)
{
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > CSP_MAX_JOBS ? CSP_MAX_JOBS : (int)n;
}

static int S_write_all(int fd, const char *p, size_t n)
{
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

/* A worker's life: its items, each sent as soon as it is done.  Never
 * returns.  _exit, not exit: the parent's stdio buffers and atexit
 * handlers are the parent's. */
static void S_work(size_t first, size_t n, size_t step, int fd,
                   csp_work_fn work, void *ctx)
{
  csp_buf out;
  csp_buf_init(&out);
  for (size_t i = first; i < n; i += step) {
    csp_buf_clear(&out);
    csp_workers_put_u64(&out, i);
    csp_workers_put_u64(&out, 0); /* the length, known below */
    work(i, &out, ctx);
    S_le64(out.data + 8, out.len - S_HEADER);
    if (S_write_all(fd, out.data, out.len) < 0)
      _exit(1); /* the parent is gone: nobody to tell */
  }
  csp_buf_release(&out);
  _exit(0);
}

/* Takes every result that is next in order. */
static void S_deliver(S_pool *p)
{
  while (p->next < p->n && p->results[p->next].data) {
    S_result *r = &p->results[p->next];
    p->take(p->next, r->data, r->len, NULL, p->ctx);
    free(r->data);
    r->data = NULL;
    p->next++;
  }
}

/* Cuts the complete results out of what w has sent so far.  A result
 * for an item that is not the worker's, or sent twice, is dropped: the
 * item then counts as never sent. */
static void S_cut(S_pool *p, S_worker *w, size_t self, size_t step)
{
  size_t pos = 0;
  for (;;) {
    size_t at = pos;
    unsigned long long item, len;
    if (csp_workers_get_u64(w->in.data, w->in.len, &at, &item) < 0 ||
        csp_workers_get_u64(w->in.data, w->in.len, &at, &len) < 0 ||
        len > w->in.len - at)
      break;
    if (item < p->n && item % step == self && item >= p->next &&
        !p->results[item].data) {
      S_result *r = &p->results[item];
      r->data = csp_xmalloc(len ? (size_t)len : 1);
      memcpy(r->data, w->in.data + at, (size_t)len);
      r->len = (size_t)len;
      if (p->arrive)
        p->arrive((size_t)item, r->data, r->len, p->ctx);
    }
    pos = at + (size_t)len;
  }
  memmove(w->in.data, w->in.data + pos, w->in.len - pos);
  w->in.len -= pos;
}

/* Reads from every worker until each has closed its pipe. */
static void S_gather(S_pool *p, S_worker *ws, size_t jobs)
{
  struct pollfd *fds = csp_xcalloc(jobs, sizeof *fds);
  size_t *who = csp_xcalloc(jobs, sizeof *who);
  char chunk[65536];
  for (;;) {
    nfds_t nfds = 0;
    for (size_t w = 0; w < jobs; w++)
      if (ws[w].fd >= 0) {
        fds[nfds].fd = ws[w].fd;
        fds[nfds].events = POLLIN;
        fds[nfds].revents = 0;
        who[nfds++] = w;
      }
    if (nfds == 0)
      break;
    if (poll(fds, nfds, -1) < 0) {
      if (errno == EINTR)
        continue;
      /* cannot happen with valid descriptors; a worker still writing
       * then gets SIGPIPE, not a pipe that never drains, and its items
       * are reported as not sent */
      for (size_t w = 0; w < jobs; w++)
        if (ws[w].fd >= 0) {
          close(ws[w].fd);
          ws[w].fd = -1;
        }
      break;
    }
    for (nfds_t k = 0; k < nfds; k++) {
      if (!fds[k].revents)
        continue;
      S_worker *w = &ws[who[k]];
      ssize_t r = read(w->fd, chunk, sizeof chunk);
      if (r < 0 && (errno == EINTR || errno == EAGAIN))
        continue;
      if (r <= 0) {
        close(w->fd);
        w->fd = -1;
        continue;
      }
      csp_buf_put(&w->in, chunk, (size_t)r);
      S_cut(p, w, who[k], jobs);
    }
    S_deliver(p);
  }
  free(fds);
  free(who);
}

void csp_workers_run(size_t n, int jobs, csp_work_fn work,
                     csp_arrive_fn arrive, csp_take_fn take, void *ctx)
{
  if (jobs < 1)
    jobs = 1;
  if ((size_t)jobs > n)
    jobs = n ? (int)n : 1;
  S_pool p = {n, NULL, 0, arrive, take, ctx};
  if (jobs == 1) {
    /* no process to start: the same items, in this one */
    csp_buf out;
    csp_buf_init(&out);
    for (size_t i = 0; i < n; i++) {
      csp_buf_clear(&out);
      work(i, &out, ctx);
      take(i, out.data, out.len, NULL, ctx);
    }
    csp_buf_release(&out);
    return;
  }
  size_t step = (size_t)jobs;
  S_worker *ws = csp_xcalloc(step, sizeof *ws);
  p.results = csp_xcalloc(n, sizeof *p.results);
  /* what the parent has buffered must not be written again by a worker */
  fflush(NULL);
  for (size_t w = 0; w < step; w++) {
    ws[w].fd = -1;
    csp_buf_init(&ws[w].in);
    int fd[2];
    if (pipe(fd) < 0)
      continue;
    pid_t pid = csp_guard_fork();
    if (pid < 0) {
      close(fd[0]);
      close(fd[1]);
      continue;
    }
    if (pid == 0) {
      close(fd[0]);
      for (size_t v = 0; v < w; v++)
        if (ws[v].fd >= 0)
          close(ws[v].fd);
      S_work(w, n, step, fd[1], work, ctx);
    }
    close(fd[1]);
    ws[w].pid = pid;
    ws[w].fd = fd[0];
  }
  S_gather(&p, ws, step);
  for (size_t w = 0; w < step; w++) {
    if (!ws[w].pid)
      continue;
    int st;
    pid_t r;
    while ((r = waitpid(ws[w].pid, &st, 0)) < 0 && errno == EINTR)
      ;
    csp_guard_child_done(ws[w].pid);
    if (r < 0)
      snprintf(ws[w].why, sizeof ws[w].why, "lost: %s", strerror(errno));
    else if (WIFSIGNALED(st))
      snprintf(ws[w].why, sizeof ws[w].why, "killed by signal %d",
               WTERMSIG(st));
    else if (WEXITSTATUS(st) != 0)
      snprintf(ws[w].why, sizeof ws[w].why, "exit status %d",
               WEXITSTATUS(st));
    else
      snprintf(ws[w].why, sizeof ws[w].why, "a result cut short");
  }
  /* the items of workers that never started, here and in order */
  for (size_t w = 0; w < step; w++) {
    if (ws[w].pid)
      continue;
    for (size_t i = w; i < n; i += step) {
      csp_buf out;
      csp_buf_init(&out);
      work(i, &out, ctx);
      p.results[i].len = out.len;
      p.results[i].data = csp_buf_detach(&out);
      S_deliver(&p);
    }
  }
  /* then what no worker sent, each in its place, with why */
  S_deliver(&p);
  while (p.next < n) {
    take(p.next, NULL, 0, ws[p.next % step].why, ctx);
    p.next++;
    S_deliver(&p);
  }
  for (size_t w = 0; w < step; w++)
    csp_buf_release(&ws[w].in);
  free(ws);
  free(p.results);
}
