#define _DEFAULT_SOURCE /* realpath */
/* load.c: the load context (load.h): reading inputs, recording them,
 * following `extends`. */
#include "load.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "site.h"

void csp_load_init(csp_load *ld, csp_diags *dg)
{
  memset(ld, 0, sizeof *ld);
  ld->diags = dg;
}

void csp_load_release(csp_load *ld)
{
  for (size_t i = 0; i < ld->n; i++)
    free(ld->files[i].path);
  free(ld->files);
  memset(ld, 0, sizeof *ld);
}

void csp_load_note(csp_load *ld, csp_fileid id, const char *path,
                   const char *what)
{
  if (ld->n == ld->cap) {
    ld->cap = ld->cap ? ld->cap * 2 : 16;
    ld->files = csp_xrealloc(ld->files, ld->cap * sizeof *ld->files);
  }
  csp_input *in = &ld->files[ld->n++];
  in->id = id;
  in->path = csp_xstrdup(path);
  in->what = what;
}

void csp_load_expect(csp_load *ld, const char *path, const char *what)
{
  struct stat st;
  if (strcmp(path, "-") == 0 || stat(path, &st) < 0)
    return;
  csp_fileid id = {st.st_dev, st.st_ino};
  csp_load_note(ld, id, path, what);
}

const csp_input *csp_load_find(const csp_load *ld, const char *path,
                               size_t from)
{
  struct stat st;
  if (strcmp(path, "-") == 0 || stat(path, &st) < 0)
    return NULL;
  for (size_t i = from; i < ld->n; i++)
    if (ld->files[i].id.dev == st.st_dev && ld->files[i].id.ino == st.st_ino)
      return &ld->files[i];
  return NULL;
}

/* Reads fd to its end into out, refusing more than max bytes.  Returns
 * 0, or an errno value (EFBIG past max). */
static int S_read_fd(int fd, size_t max, csp_buf *out)
{
  char chunk[65536];
  size_t got = 0;
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return errno;
    if (n == 0)
      return 0;
    got += (size_t)n;
    if (got > max)
      return EFBIG;
    csp_buf_put(out, chunk, (size_t)n);
  }
}

int csp_load_read(csp_load *ld, const char *path, const char *what,
                  unsigned flags, size_t max, const char *fix, csp_buf *out)
{
  int in = strcmp(path, "-") == 0;
  csp_loc loc = {in ? "<stdin>" : path, 0, 0};
  /* without blocking: opening a FIFO for reading waits for a writer */
  int fd = in ? STDIN_FILENO
              : open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  int err = fd < 0 ? errno : 0;
  struct stat st;
  if (!err && fstat(fd, &st) < 0)
    err = errno;
  if (!err && S_ISDIR(st.st_mode))
    err = EISDIR;
  if (!err && (flags & CSP_LOAD_REGULAR) && !S_ISREG(st.st_mode)) {
    csp_diag(ld->diags, CSP_R_READ, &loc,
             "%s is not a regular file (a FIFO, a device or a socket); name "
             "a .yaml file",
             what);
    if (!in)
      close(fd);
    return -1;
  }
  if (!err && !in && !S_ISREG(st.st_mode)) {
    /* a pipe or a device named on the command line: read it as it comes */
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0)
      err = errno;
  }
  if (!err && S_ISREG(st.st_mode) && (unsigned long long)st.st_size > max)
    err = EFBIG;
  if (!err)
    err = S_read_fd(fd, max, out);
  if (fd >= 0 && !in)
    close(fd);
  if (err == EFBIG) {
    if (max >= 1024 * 1024)
      csp_diag(ld->diags, CSP_R_LIMIT, &loc,
               "%s is larger than the limit of %zu bytes (%zu MiB); %s", what,
               max, max / (1024 * 1024), fix);
    else
      csp_diag(ld->diags, CSP_R_LIMIT, &loc,
               "%s is larger than the limit of %zu bytes; %s", what, max,
               fix);
    return -1;
  }
  if (err) {
    csp_diag(ld->diags, CSP_R_READ, &loc, "cannot read %s: %s", what,
             strerror(err));
    return -1;
  }
  if (!in || S_ISREG(st.st_mode)) {
    csp_fileid id = {st.st_dev, st.st_ino};
    csp_load_note(ld, id, in ? "<stdin>" : path, what);
  }
  return 0;
}

/* ---- extends ---------------------------------------------------------- */

static const char S_what[] = "the file";
static const char S_too_big[] = "split it, and share values through "
                                "'extends'";

/* Reads and parses one file of a chain. */
static csp_node *S_yaml_load(csp_load *ld, const char *path, unsigned flags,
                             const char *what)
{
  csp_buf b;
  csp_buf_init(&b);
  csp_node *root = NULL;
  if (csp_load_read(ld, path, what, flags, CSP_MAX_FILE_SIZE, S_too_big,
                    &b) == 0)
    root = csp_yaml_parse(ld->diags,
                          strcmp(path, "-") == 0 ? "<stdin>" : path, b.data,
                          b.len);
  csp_buf_release(&b);
  return root;
}

static int S_has_suffix(const char *s, const char *suffix)
{
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Resolves the `extends` chain of root, a file already parsed (NULL
 * when it could not be); chain[0..depth] are the real paths of the
 * files below it. */
static csp_node *S_extend(csp_load *ld, csp_node *root, char **chain,
                          int depth)
{
  if (!root || root->kind != CSP_NODE_MAP)
    return root;
  csp_entry *ext = csp_node_entry(root, "extends");
  if (!ext || ext->value->kind == CSP_NODE_NULL)
    return root;
  const csp_node *v = ext->value;
  if (v->kind != CSP_NODE_SCALAR || !csp_node_has_text(v)) {
    csp_diag(ld->diags, CSP_R_TYPE, &v->loc,
             "'extends' must name a file (extends: states/nj.yaml)");
    csp_node_free(root);
    return NULL;
  }
  if (!S_has_suffix(v->text, ".yaml") && !S_has_suffix(v->text, ".yml")) {
    csp_diag(ld->diags, CSP_R_EXTENDS, &v->loc,
             "'extends' names a file that is not a site file; name a "
             ".yaml or .yml file (extends: states/nj.yaml)");
    csp_node_free(root);
    return NULL;
  }
  char *parent = csp_site_parent_path(v->loc.file, v->text);
  char *real = realpath(parent, NULL);
  struct stat st;
  if (!real || stat(real, &st) < 0) {
    csp_diag(ld->diags, CSP_R_EXTENDS, &v->loc,
             "cannot read '%s', which this file extends: %s; the path is "
             "relative to this file",
             parent, strerror(errno));
    free(real);
    free(parent);
    csp_node_free(root);
    return NULL;
  }
  if (!S_ISREG(st.st_mode)) {
    csp_diag(ld->diags, CSP_R_EXTENDS, &v->loc,
             "'%s', which this file extends, is not a regular file (a "
             "directory, a FIFO or a device); name a .yaml file",
             parent);
    free(real);
    free(parent);
    csp_node_free(root);
    return NULL;
  }
  for (int i = 0; i <= depth; i++) {
    if (chain[i] && strcmp(chain[i], real) == 0) {
      csp_buf b;
      csp_buf_init(&b);
      for (int j = i; j <= depth; j++) {
        csp_buf_puts(&b, chain[j]);
        csp_buf_puts(&b, " -> ");
      }
      csp_buf_puts(&b, real);
      csp_diag(ld->diags, CSP_R_EXTENDS, &v->loc,
               "'extends' makes a cycle: %s; remove one of the links",
               b.data);
      csp_buf_release(&b);
      free(real);
      free(parent);
      csp_node_free(root);
      return NULL;
    }
  }
  if (depth + 1 >= CSP_MAX_EXTENDS) {
    csp_diag(ld->diags, CSP_R_LIMIT, &v->loc,
             "the 'extends' chain is longer than %d files; shorten it",
             CSP_MAX_EXTENDS);
    free(real);
    free(parent);
    csp_node_free(root);
    return NULL;
  }
  chain[depth + 1] = real;
  csp_node *base = S_extend(
      ld, S_yaml_load(ld, parent, CSP_LOAD_REGULAR, S_what), chain,
      depth + 1);
  chain[depth + 1] = NULL;
  free(real);
  free(parent);
  if (!base) {
    csp_node_free(root);
    return NULL;
  }
  if (base->kind != CSP_NODE_MAP) {
    csp_diag(ld->diags, CSP_R_TYPE, &base->loc,
             "a file named by 'extends' must be a map of fields");
    csp_node_free(base);
    csp_node_free(root);
    return NULL;
  }
  return csp_site_merge(base, root);
}

/* The chain's first file, for cycles: NULL for standard input. */
static char *S_chain_start(const char *path)
{
  return strcmp(path, "-") == 0 ? NULL : realpath(path, NULL);
}

csp_node *csp_load_site(csp_load *ld, const char *path)
{
  char *chain[CSP_MAX_EXTENDS + 1] = {0};
  chain[0] = S_chain_start(path);
  csp_node *root =
      S_extend(ld, S_yaml_load(ld, path, 0, S_what), chain, 0);
  free(chain[0]);
  return root;
}

csp_node *csp_load_site_text(csp_load *ld, const char *path,
                             const char *data, size_t len)
{
  char *chain[CSP_MAX_EXTENDS + 1] = {0};
  chain[0] = S_chain_start(path);
  csp_node *root = S_extend(
      ld,
      csp_yaml_parse(ld->diags, strcmp(path, "-") == 0 ? "<stdin>" : path,
                     data, len),
      chain, 0);
  free(chain[0]);
  return root;
}
