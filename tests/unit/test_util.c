/* test_util.c: buffers and reading files (writing: test_output.c). */
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

static void test_read(const char *dir)
{
  char a[4096];
  snprintf(a, sizeof a, "%s/a.txt", dir);
  FILE *f = fopen(a, "w");
  fputs("twelve bytes", f);
  fclose(f);
  char *s = slurp(a);
  OK(s && strcmp(s, "twelve bytes") == 0, "read a file");
  free(s);
  csp_buf b;
  csp_buf_init(&b);
  errno = 0;
  OK(csp_read_file(a, 11, &b) < 0 && errno == EFBIG, "past max: EFBIG");
  csp_buf_release(&b);
  unlink(a);
}

int main(void)
{
  test_buf();
  char dir[] = "/tmp/csecpol-test-util.XXXXXX";
  if (!OK(mkdtemp(dir) != NULL, "make a directory"))
    return tap_done();
  test_read(dir);
  OK(rmdir(dir) == 0, "the directory is empty at the end");
  return tap_done();
}
