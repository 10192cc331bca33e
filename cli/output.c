/* output.c: the output guard (output.h). */
#define _GNU_SOURCE /* syncfs(2) */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag.h"

/* ---- what a signal must clean up ------------------------------------ */

/* The temporary files this process has made and not renamed, and the
 * worker processes it started: process-wide, because a signal handler
 * has no other way to reach them.  Changed only with the three signals
 * blocked, so the handler never sees a half-made change. */
static struct {
  char **tmps;
  size_t ntmps, captmps;
  pid_t *kids;
  size_t nkids, capkids;
  int installed;
} S_live;

static const int S_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define S_NSIGNALS (sizeof S_signals / sizeof S_signals[0])

static void S_on_signal(int sig)
{
  for (size_t i = 0; i < S_live.nkids; i++)
    kill(S_live.kids[i], SIGTERM);
  for (size_t i = 0; i < S_live.nkids; i++)
    while (waitpid(S_live.kids[i], NULL, 0) < 0 && errno == EINTR)
      ;
  for (size_t i = 0; i < S_live.ntmps; i++)
    unlink(S_live.tmps[i]);
  signal(sig, SIG_DFL);
  raise(sig); /* delivered when the handler returns */
}

static void S_block(sigset_t *old)
{
  sigset_t set;
  sigemptyset(&set);
  for (size_t i = 0; i < S_NSIGNALS; i++)
    sigaddset(&set, S_signals[i]);
  sigprocmask(SIG_BLOCK, &set, old);
}

static void S_unblock(const sigset_t *old)
{
  sigprocmask(SIG_SETMASK, old, NULL);
}

/* Installs the handlers, once, leaving alone a signal the process was
 * told to ignore (nohup). */
static void S_install(void)
{
  if (S_live.installed)
    return;
  S_live.installed = 1;
  for (size_t i = 0; i < S_NSIGNALS; i++) {
    struct sigaction sa, old;
    if (sigaction(S_signals[i], NULL, &old) == 0 &&
        old.sa_handler == SIG_IGN)
      continue;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = S_on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t k = 0; k < S_NSIGNALS; k++)
      sigaddset(&sa.sa_mask, S_signals[k]);
    sigaction(S_signals[i], &sa, NULL);
  }
}

static void S_live_add(const char *tmp)
{
  char *copy = csp_xstrdup(tmp);
  sigset_t old;
  S_block(&old);
  S_install();
  S_live.tmps = csp_xgrow(S_live.tmps, S_live.ntmps, &S_live.captmps,
                          sizeof *S_live.tmps, 16);
  S_live.tmps[S_live.ntmps++] = copy;
  S_unblock(&old);
}

static void S_live_remove(const char *tmp)
{
  char *gone = NULL;
  sigset_t old;
  S_block(&old);
  for (size_t i = S_live.ntmps; i-- > 0;)
    if (strcmp(S_live.tmps[i], tmp) == 0) {
      gone = S_live.tmps[i];
      S_live.tmps[i] = S_live.tmps[--S_live.ntmps];
      break;
    }
  S_unblock(&old);
  free(gone);
}

pid_t csp_guard_fork(void)
{
  sigset_t old;
  S_block(&old);
  S_install();
  S_live.kids = csp_xgrow(S_live.kids, S_live.nkids, &S_live.capkids,
                          sizeof *S_live.kids, 8);
  pid_t pid = fork();
  if (pid > 0) {
    S_live.kids[S_live.nkids++] = pid;
  } else if (pid == 0) {
    for (size_t i = 0; i < S_live.ntmps; i++)
      free(S_live.tmps[i]);
    S_live.ntmps = 0;
    S_live.nkids = 0;
  }
  S_unblock(&old);
  return pid;
}

void csp_guard_child_done(pid_t pid)
{
  sigset_t old;
  S_block(&old);
  for (size_t i = 0; i < S_live.nkids; i++)
    if (S_live.kids[i] == pid) {
      S_live.kids[i] = S_live.kids[--S_live.nkids];
      break;
    }
  S_unblock(&old);
}

/* ---- planning -------------------------------------------------------- */

void csp_guard_init(csp_guard *g, csp_diags *dg)
{
  memset(g, 0, sizeof *g);
  g->diags = dg;
}

static void S_drop_tmp(csp_output *o)
{
  if (!o->tmp)
    return;
  unlink(o->tmp);
  S_live_remove(o->tmp);
  free(o->tmp);
  o->tmp = NULL;
}

void csp_guard_release(csp_guard *g)
{
  for (size_t i = 0; i < g->n; i++) {
    csp_output *o = &g->outs[i];
    S_drop_tmp(o);
    free(o->path);
    free(o->target);
    free(o->canon);
  }
  free(g->outs);
  free(g->dir);
  free(g->dir_real);
  memset(g, 0, sizeof *g);
}

/* dir (up to and with its last '/') of path: "a/b/c" -> "a/b/", "c" ->
 * "". */
static size_t S_dirlen(const char *path)
{
  const char *slash = strrchr(path, '/');
  return slash ? (size_t)(slash - path) + 1 : 0;
}

/* The file path names once its symbolic links are followed, even to a
 * file that does not exist (a dangling link); path itself when it is no
 * link.  The caller frees it. */
static char *S_target(const char *path)
{
  char *cur = csp_xstrdup(path);
  for (int hops = 0; hops < 40; hops++) {
    struct stat st;
    if (lstat(cur, &st) < 0 || !S_ISLNK(st.st_mode))
      return cur;
    char link[PATH_MAX];
    ssize_t n = readlink(cur, link, sizeof link - 1);
    if (n < 0)
      return cur;
    link[n] = '\0';
    char *next;
    if (link[0] == '/') {
      next = csp_xstrdup(link);
    } else {
      size_t dl = S_dirlen(cur);
      next = csp_xmalloc(dl + (size_t)n + 1);
      memcpy(next, cur, dl);
      memcpy(next + dl, link, (size_t)n + 1);
    }
    free(cur);
    cur = next;
  }
  return cur; /* a loop of links: writing it fails, and says so */
}

/* target with its directory made absolute and free of links, so that
 * two names of one file compare equal even before the file exists.
 * The directory is resolved once for the outputs in a row that name
 * it alike (g keeps the last one). */
static char *S_canon(csp_guard *g, const char *target)
{
  size_t dl = S_dirlen(target);
  char *dir = dl ? csp_xstrndup(target, dl) : csp_xstrdup(".");
  if (!g->dir || strcmp(g->dir, dir) != 0) {
    free(g->dir);
    free(g->dir_real);
    g->dir = dir;
    g->dir_real = realpath(dir, NULL);
  } else {
    free(dir);
  }
  if (!g->dir_real)
    return csp_xstrdup(target);
  csp_buf b;
  csp_buf_init(&b);
  csp_buf_puts(&b, g->dir_real);
  if (b.len == 0 || b.data[b.len - 1] != '/')
    csp_buf_putc(&b, '/');
  csp_buf_puts(&b, target + dl);
  return csp_buf_detach(&b);
}

size_t csp_guard_add(csp_guard *g, const char *path, const char *what,
                     size_t group)
{
  g->outs = csp_xgrow(g->outs, g->n, &g->cap, sizeof *g->outs, 8);
  csp_output *o = &g->outs[g->n];
  memset(o, 0, sizeof *o);
  o->path = csp_xstrdup(path);
  o->what = what;
  o->group = group;
  if (strcmp(path, "-") == 0) {
    o->special = 1;
    o->target = csp_xstrdup(path);
    o->canon = csp_xstrdup(path);
  } else {
    o->target = S_target(path);
    o->canon = S_canon(g, o->target);
    struct stat st;
    if (stat(o->target, &st) == 0 && !S_ISREG(st.st_mode) &&
        !S_ISDIR(st.st_mode))
      o->special = 1;
  }
  return g->n++;
}

/* ---- checking -------------------------------------------------------- */

static const char *S_shown(const char *path)
{
  return strcmp(path, "-") == 0 ? "<stdout>" : path;
}

int csp_guard_refused(const csp_guard *g, size_t i)
{
  return g->outs[i].refused;
}

void csp_guard_refuse(csp_guard *g, size_t group)
{
  for (size_t i = 0; i < g->n; i++)
    if (g->outs[i].group == group) {
      g->outs[i].refused = 1;
      S_drop_tmp(&g->outs[i]);
    }
}

typedef struct {
  csp_fileid id;
  size_t input; /* index in the load context */
} S_id;

static int S_id_cmp(const void *a, const void *b)
{
  const S_id *x = a, *y = b;
  int c = csp_fileid_cmp(&x->id, &y->id);
  if (c)
    return c;
  return x->input < y->input ? -1 : x->input > y->input;
}

static int S_canon_cmp(const void *a, const void *b, void *g)
{
  const csp_guard *gd = g;
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  int c = strcmp(gd->outs[x].canon, gd->outs[y].canon);
  if (c)
    return c;
  return x < y ? -1 : x > y;
}

/* How many of group's outputs (or of all) are refused. */
static size_t S_refused_in(const csp_guard *g, size_t group)
{
  size_t n = 0;
  for (size_t i = 0; i < g->n; i++)
    n += g->outs[i].refused &&
         (group == CSP_GUARD_ALL || g->outs[i].group == group);
  return n;
}

size_t csp_guard_check(csp_guard *g, const csp_load *ld, size_t from,
                       size_t group)
{
  size_t before = S_refused_in(g, group);
  /* every input, sorted by identity: each output is looked up once */
  size_t nids = ld->n > from ? ld->n - from : 0;
  S_id *ids = csp_xcalloc(nids ? nids : 1, sizeof *ids);
  for (size_t k = 0; k < nids; k++) {
    ids[k].id = ld->files[from + k].id;
    ids[k].input = from + k;
  }
  qsort(ids, nids, sizeof *ids, S_id_cmp);
  unsigned char *bad = csp_xcalloc(g->n ? g->n : 1, 1);
  for (size_t i = 0; i < g->n; i++) {
    csp_output *o = &g->outs[i];
    struct stat st;
    if ((group != CSP_GUARD_ALL && o->group != group) || o->refused ||
        strcmp(o->path, "-") == 0 || stat(o->target, &st) < 0)
      continue;
    csp_fileid key = {st.st_dev, st.st_ino};
    /* the first input with that identity */
    size_t lo = 0, hi = nids;
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (csp_fileid_cmp(&ids[mid].id, &key) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
    if (lo == nids || csp_fileid_cmp(&ids[lo].id, &key) != 0)
      continue;
    const S_id *hit = &ids[lo];
    const csp_input *in = &ld->files[hit->input];
    csp_loc loc = {S_shown(o->path), 0, 0};
    if (strcmp(in->path, o->path) == 0)
      csp_diag(g->diags, CSP_R_OUTPUT, &loc,
               "refusing to overwrite an input file; choose another output");
    else
      csp_diag(g->diags, CSP_R_OUTPUT, &loc,
               "refusing to overwrite an input file: it is %s, which this "
               "run reads; choose another output",
               in->path);
    bad[i] = 1;
  }
  free(ids);
  /* outputs that are one file */
  int all = group == CSP_GUARD_ALL;
  size_t *order = csp_xcalloc(all && g->n ? g->n : 1, sizeof *order);
  size_t m = 0;
  for (size_t i = 0; all && i < g->n; i++)
    if (!g->outs[i].refused && strcmp(g->outs[i].path, "-") != 0)
      order[m++] = i;
  qsort_r(order, m, sizeof *order, S_canon_cmp, g);
  for (size_t k = 1; k < m; k++) {
    csp_output *a = &g->outs[order[k - 1]], *b = &g->outs[order[k]];
    if (strcmp(a->canon, b->canon) != 0 || a->group == b->group ||
        (bad[order[k - 1]] && bad[order[k]]))
      continue;
    csp_loc loc = {S_shown(b->path), 0, 0};
    csp_diag(g->diags, CSP_R_OUTPUT, &loc,
             "%s would be written twice: it is %s and %s (%s); give each "
             "its own file",
             b->path, b->what, a->what, a->path);
    bad[order[k - 1]] = bad[order[k]] = 1;
  }
  free(order);
  for (size_t i = 0; i < g->n; i++)
    if (bad[i])
      csp_guard_refuse(g, g->outs[i].group);
  free(bad);
  return S_refused_in(g, group) - before;
}

/* ---- writing --------------------------------------------------------- */

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

/* syncfs(2) flushes a whole filesystem in one call; elsewhere each file
 * is fsync'ed as it is written. */
#if defined(__linux__)
#define S_HAVE_SYNCFS 1
#else
#define S_HAVE_SYNCFS 0
#endif

/* Writes data to a new temporary file beside target, readable by its
 * owner only until it is renamed.  Returns its name (the caller frees
 * it), or NULL with errno set and nothing left behind. */
static char *S_write_tmp(const char *target, const char *data, size_t len)
{
  size_t dl = S_dirlen(target);
  char *tmp = csp_xmalloc(dl + sizeof ".csecpol-XXXXXX");
  memcpy(tmp, target, dl);
  memcpy(tmp + dl, ".csecpol-XXXXXX", sizeof ".csecpol-XXXXXX");
  sigset_t old;
  S_block(&old); /* between mkstemp and the record, no signal */
  int fd = mkstemp(tmp);
  int err = fd < 0 ? errno : 0;
  if (fd >= 0)
    S_live_add(tmp);
  S_unblock(&old);
  if (fd < 0) {
    free(tmp);
    errno = err;
    return NULL;
  }
  if (S_write_all(fd, data, len) < 0 || (!S_HAVE_SYNCFS && fsync(fd) < 0))
    err = errno;
  if (close(fd) < 0 && !err)
    err = errno;
  if (err) {
    unlink(tmp);
    S_live_remove(tmp);
    free(tmp);
    errno = err;
    return NULL;
  }
  return tmp;
}

static void S_cannot(const csp_guard *g, const csp_output *o, int err)
{
  csp_loc loc = {S_shown(o->path), 0, 0};
  csp_diag(g->diags, CSP_R_OUTPUT, &loc, "cannot write: %s", strerror(err));
}

int csp_guard_write(csp_guard *g, size_t i, const char *data, size_t len)
{
  csp_output *o = &g->outs[i];
  int err = 0;
  if (strcmp(o->path, "-") == 0) {
    if ((len && fwrite(data, 1, len, stdout) != len) || fflush(stdout))
      err = errno ? errno : EIO;
  } else if (o->special) {
    int fd = open(o->target, O_WRONLY | O_TRUNC | O_NOCTTY | O_CLOEXEC);
    if (fd < 0 || S_write_all(fd, data, len) < 0)
      err = errno;
    if (fd >= 0 && close(fd) < 0 && !err)
      err = errno;
  } else {
    struct stat st;
    S_drop_tmp(o);
    if (stat(o->target, &st) == 0 && S_ISDIR(st.st_mode)) {
      err = EISDIR;
    } else {
      o->tmp = S_write_tmp(o->target, data, len);
      if (!o->tmp)
        err = errno;
    }
  }
  if (err) {
    S_cannot(g, o, err);
    csp_guard_refuse(g, o->group);
    return -1;
  }
  return 0;
}

void csp_guard_adopt(csp_guard *g, size_t i, const char *tmp)
{
  csp_output *o = &g->outs[i];
  if (o->tmp && strcmp(o->tmp, tmp) == 0)
    return; /* written in this process */
  S_drop_tmp(o);
  o->tmp = csp_xstrdup(tmp);
  S_live_add(tmp);
}

#if S_HAVE_SYNCFS
/* Flushes the filesystem that holds file tmp, once per filesystem: devs
 * (*ndevs of them) are the ones already flushed.  Returns 0 or an
 * errno. */
static int S_sync_dir_of(const char *tmp, dev_t **devs, size_t *ndevs)
{
  size_t dl = S_dirlen(tmp);
  char *dir = dl ? csp_xstrndup(tmp, dl) : csp_xstrdup(".");
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

int csp_guard_commit(csp_guard *g)
{
  int failed = 0;
  mode_t um = umask(0);
  umask(um);
#if S_HAVE_SYNCFS
  dev_t *devs = NULL;
  size_t ndevs = 0;
  char *last = NULL; /* the directory flushed last */
#endif
  for (size_t i = 0; i < g->n; i++) {
    csp_output *o = &g->outs[i];
    if (!o->tmp || o->refused)
      continue;
    int err = 0;
#if S_HAVE_SYNCFS
    size_t dl = S_dirlen(o->tmp);
    if (!last || strlen(last) != dl || memcmp(o->tmp, last, dl) != 0) {
      err = S_sync_dir_of(o->tmp, &devs, &ndevs);
      if (!err) {
        free(last);
        last = csp_xstrndup(o->tmp, dl);
      }
    }
#endif
    /* a policy is a document to share; a file replaced keeps its mode */
    struct stat st;
    mode_t mode = stat(o->target, &st) == 0 && S_ISREG(st.st_mode)
                      ? st.st_mode & 07777
                      : 0666 & ~um;
    if (!err && chmod(o->tmp, mode) < 0)
      err = errno;
    if (!err && rename(o->tmp, o->target) < 0)
      err = errno;
    if (err) {
      unlink(o->tmp);
      failed = 1;
      S_cannot(g, o, err);
    }
    S_live_remove(o->tmp);
    free(o->tmp);
    o->tmp = NULL;
  }
#if S_HAVE_SYNCFS
  free(devs);
  free(last);
#endif
  return failed ? -1 : 0;
}
