/* test_workers.c: items worked on in several processes, taken in order;
 * a worker that dies; the result encoding. */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "workers.h"

/* What the parent saw, item by item. */
static csp_buf seen;
static size_t taken, missing;
static char last_why[64];
static int out_of_order;
static pid_t parent;

/* An item's result: its number, the worker's pid, and i bytes of text,
 * so that results of many sizes cross the pipe. */
static void work(size_t i, csp_buf *out, void *ctx)
{
  size_t die_at = *(size_t *)ctx;
  if (i == die_at)
    raise(SIGKILL);
  csp_workers_put_u64(out, i);
  csp_workers_put_u64(out, (unsigned long long)getpid());
  csp_buf text;
  csp_buf_init(&text);
  for (size_t k = 0; k < i * 97; k++)
    csp_buf_putc(&text, 'a' + (int)((i + k) % 26));
  csp_workers_put_str(out, text.data, text.len);
  csp_buf_release(&text);
}

static size_t forked; /* results made by a process other than the test */

static void take(size_t i, const char *data, size_t len, const char *why,
                 void *ctx)
{
  (void)ctx;
  if (i != taken)
    out_of_order = 1;
  taken++;
  if (!data) {
    missing++;
    snprintf(last_why, sizeof last_why, "%s", why ? why : "(null)");
    csp_buf_printf(&seen, "%zu:-;", i);
    return;
  }
  size_t pos = 0;
  unsigned long long item, pid;
  const char *s;
  size_t slen;
  int ok = csp_workers_get_u64(data, len, &pos, &item) == 0 &&
           csp_workers_get_u64(data, len, &pos, &pid) == 0 &&
           csp_workers_get_str(data, len, &pos, &s, &slen) == 0 &&
           pos == len && item == i && slen == i * 97;
  for (size_t k = 0; ok && k < slen; k++)
    ok = s[k] == 'a' + (int)((i + k) % 26);
  if ((pid_t)pid != parent)
    forked++;
  csp_buf_printf(&seen, "%zu:%s;", i, ok ? "ok" : "BAD");
}

/* The string take() builds when every item in 0..n-1 arrives. */
static char *all_ok(size_t n)
{
  csp_buf b;
  csp_buf_init(&b);
  for (size_t i = 0; i < n; i++)
    csp_buf_printf(&b, "%zu:ok;", i);
  return csp_buf_detach(&b);
}

static void run(size_t n, int jobs, size_t die_at)
{
  csp_buf_clear(&seen);
  taken = missing = forked = 0;
  out_of_order = 0;
  last_why[0] = '\0';
  csp_workers_run(n, jobs, work, NULL, take, &die_at);
}

static void test_in_order(void)
{
  static const struct {
    size_t n;
    int jobs;
  } cases[] = {{0, 2}, {1, 4}, {7, 1}, {7, 2}, {7, 3}, {40, 4}, {3, 8}};
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    size_t n = cases[c].n;
    int jobs = cases[c].jobs;
    run(n, jobs, (size_t)-1);
    char *want = all_ok(n);
    OK_STR(seen.data, want, "%zu items, %d jobs: every result, in order", n,
           jobs);
    free(want);
    OK(!out_of_order && taken == n && missing == 0,
       "%zu items, %d jobs: each taken once", n, jobs);
    /* one job, or one item: no process is started */
    int alone = jobs <= 1 || n <= 1;
    OK(alone ? forked == 0 : forked == n,
       "%zu items, %d jobs: %s", n, jobs,
       alone ? "done in this process" : "done in the workers");
  }
}

/* Results bigger than a pipe holds, from every worker at once: the
 * parent must read them all as they come, or the workers would block. */
static void test_big(void)
{
  run(300, 3, (size_t)-1); /* item 299: 29 KB; 4.3 MB in all */
  char *want = all_ok(300);
  OK_STR(seen.data, want, "300 items of up to 29 KB, 3 jobs: all, in order");
  free(want);
}

/* Worker 1 of 3 dies at item 4 (its items are 1, 4, 7, 10): item 1 was
 * sent, 4, 7 and 10 are reported missing, in their places, with why;
 * the other workers' items all arrive. */
static void test_dies(void)
{
  run(12, 3, 4);
  OK_STR(seen.data,
         "0:ok;1:ok;2:ok;3:ok;4:-;5:ok;6:ok;7:-;8:ok;9:ok;10:-;11:ok;",
         "a worker killed: its later items missing, the rest there");
  OK(!out_of_order && taken == 12 && missing == 3, "each taken once");
  OK_STR(last_why, "killed by signal 9", "says how the worker stopped");
}

static void test_encoding(void)
{
  csp_buf b;
  csp_buf_init(&b);
  csp_workers_put_u64(&b, 0x0102030405060708ULL);
  csp_workers_put_str(&b, "a\0b", 3);
  csp_workers_put_str(&b, "", 0);
  size_t pos = 0, slen = 99;
  unsigned long long v = 0;
  const char *s = NULL;
  OK(csp_workers_get_u64(b.data, b.len, &pos, &v) == 0 &&
         v == 0x0102030405060708ULL && pos == 8,
     "a number reads back");
  OK(b.data[0] == 8 && b.data[7] == 1, "little-endian");
  OK(csp_workers_get_str(b.data, b.len, &pos, &s, &slen) == 0 && slen == 3 &&
         memcmp(s, "a\0b", 4) == 0,
     "a string with a NUL reads back, NUL-terminated");
  OK(csp_workers_get_str(b.data, b.len, &pos, &s, &slen) == 0 && slen == 0 &&
         *s == '\0' && pos == b.len,
     "an empty string reads back");
  /* every truncation of the whole fails somewhere, never reads past */
  int all_fail = 1;
  for (size_t cut = 0; cut < b.len; cut++) {
    char *d = malloc(cut ? cut : 1);
    memcpy(d, b.data, cut);
    size_t p = 0, l;
    unsigned long long x;
    const char *t;
    int ok = csp_workers_get_u64(d, cut, &p, &x) == 0 &&
             csp_workers_get_str(d, cut, &p, &t, &l) == 0 &&
             csp_workers_get_str(d, cut, &p, &t, &l) == 0;
    if (ok)
      all_fail = 0;
    free(d);
  }
  OK(all_fail, "every truncation is refused");
  /* a length past the end, and a string without its NUL */
  csp_buf_clear(&b);
  csp_workers_put_u64(&b, 1000);
  csp_buf_puts(&b, "abc");
  pos = 0;
  OK(csp_workers_get_str(b.data, b.len, &pos, &s, &slen) < 0,
     "a length past the end is refused");
  csp_buf_clear(&b);
  csp_workers_put_u64(&b, 2);
  csp_buf_puts(&b, "abc");
  pos = 0;
  OK(csp_workers_get_str(b.data, b.len, &pos, &s, &slen) < 0,
     "a string not ended by NUL is refused");
  csp_buf_clear(&b);
  csp_workers_put_u64(&b, ~0ULL);
  pos = 0;
  OK(csp_workers_get_str(b.data, b.len, &pos, &s, &slen) < 0,
     "a huge length is refused");
  csp_buf_release(&b);
}

/* No descriptor left for a pipe: no worker starts, and the parent does
 * every item itself, in order. */
static void test_no_pipe(void)
{
  struct rlimit old, low;
  int fd = dup(0);
  if (!OK(fd >= 0 && getrlimit(RLIMIT_NOFILE, &old) == 0,
          "a descriptor and the limit"))
    return;
  close(fd);
  low = old;
  low.rlim_cur = (rlim_t)fd; /* the lowest free descriptor */
  OK(setrlimit(RLIMIT_NOFILE, &low) == 0, "lower the limit to %d", fd);
  run(9, 3, (size_t)-1);
  setrlimit(RLIMIT_NOFILE, &old);
  char *want = all_ok(9);
  OK_STR(seen.data, want, "no pipe: every result, in order");
  free(want);
  OK(!out_of_order && taken == 9 && missing == 0 && forked == 0,
     "no pipe: each taken once, all in this process");
}

int main(void)
{
  parent = getpid();
  csp_buf_init(&seen);
  test_encoding();
  test_in_order();
  test_big();
  test_dies();
  test_no_pipe();
  OK(csp_workers_online() >= 1, "at least one processor online");
  csp_buf_release(&seen);
  return tap_done();
}
