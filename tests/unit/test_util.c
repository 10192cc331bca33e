/* test_util.c: buffers and writing files, one at a time and in a batch. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"

/* The whole of file path, or NULL (the caller frees it). */
static char *slurp(const char *path)
{
  csp_buf b;
  csp_buf_init(&b);
  if (csp_read_file(path, 1 << 20, &b) < 0) {
    csp_buf_release(&b);
    return NULL;
  }
  csp_buf_putc(&b, 0); /* an empty file still gives "" */
  return csp_buf_detach(&b);
}

/* How many entries of dir start with ".csecpol-" (temporary files). */
static int temps(const char *dir)
{
  DIR *d = opendir(dir);
  int n = 0;
  struct dirent *e;
  while (d && (e = readdir(d)) != NULL)
    n += strncmp(e->d_name, ".csecpol-", 9) == 0;
  if (d)
    closedir(d);
  return n;
}

static char failed_path[4096];
static int failed_err, nfailed;

static void on_fail(const char *path, int err)
{
  snprintf(failed_path, sizeof failed_path, "%s", path);
  failed_err = err;
  nfailed++;
}

static void test_buf(void)
{
  csp_buf b;
  csp_buf_init(&b);
  for (int i = 0; i < 1000; i++)
    csp_buf_putc(&b, 'a' + i % 26);
  OK(b.len == 1000 && b.data[1000] == '\0', "putc grows and terminates");
  OK(b.data[0] == 'a' && b.data[999] == 'a' + 999 % 26, "putc keeps bytes");
  csp_buf_put(&b, "xyz", 3);
  OK(b.len == 1003 && strcmp(b.data + 1000, "xyz") == 0, "put after putc");
  csp_buf_release(&b);
}

static void test_batch(const char *dir)
{
  char a[4096], b[4096], sub[4096], gone[4096];
  snprintf(a, sizeof a, "%s/a.md", dir);
  snprintf(b, sizeof b, "%s/b.html", dir);
  snprintf(sub, sizeof sub, "%s/sub", dir);
  snprintf(gone, sizeof gone, "%s/no-such-dir/c.md", dir);
  OK(csp_write_file(a, "old", 3) == 0, "write a file");

  csp_write_batch w;
  csp_write_batch_init(&w);
  OK(csp_write_batch_add(&w, a, "new a", 5) == 0, "batch: add a");
  OK(csp_write_batch_add(&w, b, "", 0) == 0, "batch: add an empty b");
  char *s = slurp(a);
  OK(s && strcmp(s, "old") == 0, "batch: a untouched before commit");
  free(s);
  OK(access(b, F_OK) < 0, "batch: b absent before commit");
  OK(temps(dir) == 2, "batch: two temporary files wait");
  errno = 0;
  OK(csp_write_batch_add(&w, gone, "x", 1) < 0 && errno == ENOENT,
     "batch: a missing directory fails at once");
  OK(csp_write_batch_commit(&w, on_fail) == 0 && nfailed == 0,
     "batch: commit");
  s = slurp(a);
  OK(s && strcmp(s, "new a") == 0, "batch: a replaced");
  free(s);
  s = slurp(b);
  OK(s && strcmp(s, "") == 0, "batch: b written");
  free(s);
  struct stat st;
  mode_t um = umask(0);
  umask(um);
  OK(stat(b, &st) == 0 && (st.st_mode & 0777) == (0666 & ~um),
     "batch: files get the umask's mode, not mkstemp's 0600");
  OK(temps(dir) == 0, "batch: no temporary file left");

  /* a target that became a directory: that file fails, the others land */
  OK(csp_write_batch_add(&w, sub, "x", 1) == 0, "batch: add sub");
  OK(csp_write_batch_add(&w, a, "third", 5) == 0, "batch: add a again");
  OK(mkdir(sub, 0755) == 0, "make sub a directory");
  OK(csp_write_batch_commit(&w, on_fail) < 0 && nfailed == 1 &&
         strcmp(failed_path, sub) == 0 && failed_err != 0,
     "batch: the failed target is named (%s)", strerror(failed_err));
  s = slurp(a);
  OK(s && strcmp(s, "third") == 0, "batch: the other file still lands");
  free(s);
  OK(temps(dir) == 0, "batch: no temporary file left after a failure");

  /* released without commit: nothing lands, nothing is left */
  OK(csp_write_batch_add(&w, b, "never", 5) == 0, "batch: add b");
  csp_write_batch_release(&w);
  s = slurp(b);
  OK(s && strcmp(s, "") == 0, "batch: release leaves b as it was");
  free(s);
  OK(temps(dir) == 0, "batch: release removes the temporary file");
  rmdir(sub);
  unlink(a);
  unlink(b);
}

int main(void)
{
  test_buf();
  char dir[] = "/tmp/csecpol-test-util.XXXXXX";
  if (!OK(mkdtemp(dir) != NULL, "make a directory"))
    return tap_done();
  test_batch(dir);
  OK(rmdir(dir) == 0, "the directory is empty at the end");
  return tap_done();
}
