/* test_output.c: the output guard (output.h) and the load context's
 * record of reads (load.h): nothing is written before commit, an input
 * or a second name of one output is refused with its group, temporary
 * files are private and never left behind, modes are kept, links are
 * written through. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load.h"
#include "output.h"
#include "tap.h"

/* the test run's diagnostics: made in main, handed to what reports */
static csp_diags *dg;

static char dir[] = "/tmp/csecpol-test-output.XXXXXX";

static const char *at(const char *name)
{
  static char paths[8][4096];
  static int k;
  k = (k + 1) % 8;
  snprintf(paths[k], sizeof paths[k], "%s/%s", dir, name);
  return paths[k];
}

static void put(const char *path, const char *s)
{
  FILE *f = fopen(path, "w");
  fputs(s, f);
  fclose(f);
}

/* The whole of file path, or NULL (the caller frees it). */
static char *slurp(const char *path)
{
  csp_buf b;
  csp_buf_init(&b);
  if (csp_read_file(path, 1 << 20, &b) < 0) {
    csp_buf_release(&b);
    return NULL;
  }
  csp_buf_putc(&b, 0);
  return csp_buf_detach(&b);
}

static int holds(const char *path, const char *want)
{
  char *s = slurp(path);
  int ok = s && strcmp(s, want) == 0;
  free(s);
  return ok;
}

/* How many entries of dir start with ".csecpol-" (temporary files). */
static int temps(void)
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

static mode_t mode_of(const char *path)
{
  struct stat st;
  return stat(path, &st) == 0 ? st.st_mode & 07777 : 0;
}

static void test_write(void)
{
  mode_t um = umask(022);
  csp_guard g;
  csp_guard_init(&g, dg);
  put(at("a.md"), "old");
  chmod(at("a.md"), 0640);
  size_t a = csp_guard_add(&g, at("a.md"), "the output", 0);
  size_t b = csp_guard_add(&g, at("b.html"), "the output", 0);
  csp_load ld;
  csp_load_init(&ld, dg);
  OK(csp_guard_check(&g, &ld, 0, CSP_GUARD_ALL) == 0, "nothing clashes");
  OK(csp_guard_write(&g, a, "new a", 5) == 0, "write a");
  OK(csp_guard_write(&g, b, "", 0) == 0, "write an empty b");
  OK(holds(at("a.md"), "old"), "a untouched before commit");
  OK(access(at("b.html"), F_OK) < 0, "b absent before commit");
  OK(temps() == 2, "two temporary files wait");
  OK((mode_of(g.outs[a].tmp) & 077) == 0,
     "a temporary file is readable by its owner only (%o)",
     mode_of(g.outs[a].tmp));
  OK(csp_guard_commit(&g) == 0, "commit");
  OK(holds(at("a.md"), "new a") && holds(at("b.html"), ""), "both land");
  OK(mode_of(at("a.md")) == 0640, "a replaced file keeps its mode (%o)",
     mode_of(at("a.md")));
  OK(mode_of(at("b.html")) == 0644, "a new file gets the umask's (%o)",
     mode_of(at("b.html")));
  OK(temps() == 0, "no temporary file left");
  csp_guard_release(&g);

  /* released without commit: nothing lands, nothing is left */
  csp_guard_init(&g, dg);
  b = csp_guard_add(&g, at("b.html"), "the output", 0);
  OK(csp_guard_write(&g, b, "never", 5) == 0, "write b again");
  csp_guard_release(&g);
  OK(holds(at("b.html"), "") && temps() == 0,
     "release leaves b as it was and removes the temporary file");

  /* a missing directory: reported, the group refused */
  csp_guard_init(&g, dg);
  a = csp_guard_add(&g, at("a.md"), "the output", 3);
  size_t c = csp_guard_add(&g, at("no-such-dir/c.md"), "the output", 3);
  OK(csp_guard_write(&g, a, "third", 5) == 0, "write a");
  OK(csp_guard_write(&g, c, "x", 1) < 0 && csp_guard_refused(&g, a),
     "a file that cannot be written refuses its whole group");
  OK(csp_guard_commit(&g) == 0 && holds(at("a.md"), "new a") && temps() == 0,
     "so nothing of the group lands");
  csp_guard_release(&g);
  csp_load_release(&ld);
  csp_diag_release(dg);
  umask(um);
}

static void test_refuse(void)
{
  csp_load ld;
  csp_load_init(&ld, dg);
  csp_buf b;
  csp_buf_init(&b);
  put(at("site.yaml"), "site: {name: x}\n");
  put(at("parent.yaml"), "site: {state: NJ}\n");
  OK(csp_load_read(&ld, at("site.yaml"), "the file", 0, 1 << 20, "", &b) ==
             0 &&
         ld.n == 1,
     "a read is recorded");
  OK(csp_load_read(&ld, at("no-such.yaml"), "the file", 0, 1 << 20, "",
                   &b) < 0 &&
         ld.n == 1,
     "a failed read is not");
  csp_load_expect(&ld, at("parent.yaml"), "the file");
  OK(ld.n == 2, "an expected input is recorded before it is read");

  csp_guard g;
  csp_guard_init(&g, dg);
  size_t s = csp_guard_add(&g, at("site.yaml"), "the output", 0);
  size_t other = csp_guard_add(&g, at("other.md"), "the output", 0);
  size_t p = csp_guard_add(&g, at("parent.yaml"), "the depfile", 1);
  size_t ok = csp_guard_add(&g, at("fine.md"), "the output", 2);
  OK(csp_guard_check(&g, &ld, 0, CSP_GUARD_ALL) == 3,
     "two inputs refused, and the rest of the first one's group");
  OK(csp_guard_refused(&g, s) && csp_guard_refused(&g, other) &&
         csp_guard_refused(&g, p) && !csp_guard_refused(&g, ok),
     "the groups of the clashes only");
  csp_guard_release(&g);

  /* one file by two names: the second name through a symbolic link */
  csp_guard_init(&g, dg);
  symlink("x.md", at("link.md"));
  size_t x = csp_guard_add(&g, at("x.md"), "the output", 0);
  size_t l = csp_guard_add(&g, at("link.md"), "the depfile", 1);
  size_t d = csp_guard_add(&g, at("./x.md"), "the output", 2);
  OK(csp_guard_check(&g, &ld, 2, CSP_GUARD_ALL) == 3 &&
         csp_guard_refused(&g, x) && csp_guard_refused(&g, l) &&
         csp_guard_refused(&g, d),
     "outputs that are one file, even before it exists, are all refused");
  csp_guard_release(&g);

  /* a group's own check looks at that group alone */
  csp_guard_init(&g, dg);
  s = csp_guard_add(&g, at("site.yaml"), "the output", 0);
  ok = csp_guard_add(&g, at("fine.md"), "the output", 1);
  OK(csp_guard_check(&g, &ld, 0, 1) == 0 && !csp_guard_refused(&g, s),
     "another group's clash waits for its own check");
  csp_guard_release(&g);
  unlink(at("link.md"));
  csp_buf_release(&b);
  csp_load_release(&ld);
  csp_diag_release(dg);
}

static void test_links(void)
{
  csp_guard g;
  csp_guard_init(&g, dg);
  mkdir(at("real"), 0755);
  /* a dangling link: its target is created beside where it points */
  symlink("real/t.md", at("dangling.md"));
  size_t i = csp_guard_add(&g, at("dangling.md"), "the output", 0);
  OK(csp_guard_write(&g, i, "through", 7) == 0, "write through a link");
  OK(g.outs[i].tmp && strstr(g.outs[i].tmp, "/real/.csecpol-"),
     "its temporary file is beside the file it names (%s)",
     g.outs[i].tmp ? g.outs[i].tmp : "none");
  OK(csp_guard_commit(&g) == 0, "commit");
  struct stat st;
  OK(lstat(at("dangling.md"), &st) == 0 && S_ISLNK(st.st_mode) &&
         holds(at("real/t.md"), "through"),
     "the link is kept, and the file it names written");
  csp_guard_release(&g);
  unlink(at("dangling.md"));
  unlink(at("real/t.md"));
  rmdir(at("real"));
}

int main(void)
{
  dg = csp_diags_new();
  if (!OK(mkdtemp(dir) != NULL, "make a directory"))
    return tap_done();
  test_write();
  test_refuse();
  test_links();
  unlink(at("a.md"));
  unlink(at("b.html"));
  unlink(at("site.yaml"));
  unlink(at("parent.yaml"));
  OK(rmdir(dir) == 0, "the directory is empty at the end");
  csp_diags_free(dg);
  return tap_done();
}
