/* cmd_render.c: csecpol render: option parsing and orchestration. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "csecpol.h"
#include "policy.h"
#include "site.h"
#include "workers.h"

static const char usage[] =
    "usage: csecpol render [options] SITE.yaml...\n"
    "\n"
    "Writes the policy of each site file (- for standard input).\n"
    "\n"
    "  -f, --format LIST       md, html, docx, or a comma list (default md)\n"
    "  -o, --output PATH|DIR   the output file (default standard output);\n"
    "                          a directory for several sites or formats,\n"
    "                          which gets DIR/<site>.<format>\n"
    "  -t, --template FILE     the policy template (default: built in)\n"
    "  -j, --jobs N            render N sites at a time, in N processes\n"
    "                          (default 1; 0: one for each processor);\n"
    "                          the output is the same whatever N\n"
    "      --depfile FILE      also write FILE, a make rule saying which\n"
    "                          files each output was made from (the site\n"
    "                          file, its extends chain, the template)\n"
    "      --draft             write a policy that still has errors, with\n"
    "                          missing values marked and DRAFT in the title\n"
    "      --fragment          HTML: the body alone, for embedding\n"
    "      --paper letter|a4   page size for DOCX and printed HTML\n"
    "      --reference-doc F   DOCX: take the styles from this .docx\n"
    "      --set PATH=VALUE    use VALUE for one field, named as 'csecpol\n"
    "                          fields' lists it with items counted from\n"
    "                          1 (personnel[1].phone); checked as in a file\n"
    "  -h, --help              show this help\n";

enum { F_MD = 1, F_HTML = 2, F_DOCX = 4 };

static const struct {
  const char *name;
  int flag;
  int (*render)(cmark_node *, const csp_meta *, csp_buf *);
} formats[] = {
    {"md", F_MD, csp_render_md},
    {"html", F_HTML, csp_render_html},
    {"docx", F_DOCX, csp_render_docx},
};
#define NFORMATS (sizeof formats / sizeof formats[0])

static int S_parse_formats(const char *list, int *flags)
{
  *flags = 0;
  char *copy = csp_xstrdup(list);
  int ok = 1;
  for (char *save, *tok = strtok_r(copy, ",", &save); tok;
       tok = strtok_r(NULL, ",", &save)) {
    size_t i;
    for (i = 0; i < NFORMATS; i++)
      if (strcmp(tok, formats[i].name) == 0 ||
          (formats[i].flag == F_MD && strcmp(tok, "markdown") == 0))
        break;
    if (i == NFORMATS) {
      csp_usage_error("render", "unknown format '%s'; use md, html or docx",
                      tok);
      ok = 0;
      break;
    }
    *flags |= formats[i].flag;
  }
  free(copy);
  if (ok && !*flags) {
    csp_usage_error("render", "no format given; use md, html or docx");
    ok = 0;
  }
  return ok ? 0 : -1;
}

/* "sites/oswego-ny.yaml" -> "oswego-ny" (the caller frees it). */
static char *S_stem(const char *path)
{
  if (strcmp(path, "-") == 0)
    return csp_xstrdup("stdin");
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  const char *dot = strrchr(base, '.');
  size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
  return csp_xstrndup(base, n);
}

/* A site file's name as diagnostics show it. */
static const char *S_shown_path(const char *path)
{
  return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

typedef struct {
  char *stem;
  size_t site;
} S_stemmed;

static int S_stemmed_cmp(const void *a, const void *b)
{
  const S_stemmed *x = a, *y = b;
  int c = strcmp(x->stem, y->stem);
  if (c)
    return c;
  return x->site < y->site ? -1 : x->site > y->site;
}

/* For each of n sites, the index of the first whose file has the same
 * stem (itself when none before it has): into one directory, such sites
 * would write the same files, and only the first is rendered.  The
 * caller frees the array. */
static size_t *S_first_stems(char **sites, size_t n)
{
  S_stemmed *v = csp_xcalloc(n, sizeof *v);
  for (size_t i = 0; i < n; i++) {
    v[i].stem = S_stem(sites[i]);
    v[i].site = i;
  }
  qsort(v, n, sizeof *v, S_stemmed_cmp);
  size_t *first = csp_xcalloc(n, sizeof *first);
  for (size_t i = 0; i < n; i++)
    first[v[i].site] = i > 0 && strcmp(v[i].stem, v[i - 1].stem) == 0
                           ? first[v[i - 1].site]
                           : v[i].site;
  for (size_t i = 0; i < n; i++)
    free(v[i].stem);
  free(v);
  return first;
}

typedef struct {
  int formats;
  const char *output;
  int to_dir;
  size_t dirlen; /* of output without trailing slashes, with to_dir */
  int draft;
  csp_meta meta; /* the options part: paper, fragment, reference_doc, css */
  csp_check_opts check;
  csp_sets sets;
  const char *tmpl_path; /* -t, or NULL for the built-in template */
  int deps;               /* --depfile: make each site's rule */
  csp_fileid *inputs; /* the site files and template, sorted: each */
  size_t ninputs;     /* output is looked up once, not stat(2)ed against
                         each */
} S_opts;

/* Sorts the identities of the files in paths (those that exist) into
 * o->inputs. */
static void S_note_inputs(S_opts *o, char **paths, int n, const char *tmpl)
{
  o->inputs = csp_xcalloc((size_t)n + 1, sizeof *o->inputs);
  for (int i = 0; i <= n; i++) {
    const char *p = i < n ? paths[i] : tmpl;
    struct stat st;
    if (p && strcmp(p, "-") != 0 && stat(p, &st) == 0) {
      o->inputs[o->ninputs].dev = st.st_dev;
      o->inputs[o->ninputs].ino = st.st_ino;
      o->ninputs++;
    }
  }
  qsort(o->inputs, o->ninputs, sizeof *o->inputs, csp_fileid_cmp);
}

/* Nonzero when path names one of the input files. */
static int S_is_input(const S_opts *o, const char *path)
{
  struct stat st;
  if (strcmp(path, "-") == 0 || stat(path, &st) < 0)
    return 0;
  csp_fileid key = {st.st_dev, st.st_ino};
  return bsearch(&key, o->inputs, o->ninputs, sizeof key, csp_fileid_cmp) !=
         NULL;
}

/* Appends path to a make rule, escaped as make reads it, after a space
 * unless first. */
static void S_dep_put(csp_buf *dep, const char *path, int first)
{
  if (!first)
    csp_buf_putc(dep, ' ');
  for (const char *p = path; *p; p++) {
    if (*p == ' ' || *p == '\t' || *p == '#')
      csp_buf_putc(dep, '\\');
    else if (*p == '$')
      csp_buf_putc(dep, '$');
    csp_buf_putc(dep, *p);
  }
}

/* The file that tree's `extends` names, or NULL (the caller frees it). */
static char *S_parent(const csp_node *tree)
{
  const csp_node *ext =
      tree && tree->kind == CSP_NODE_MAP ? csp_node_get(tree, "extends")
                                         : NULL;
  if (!ext || ext->kind != CSP_NODE_SCALAR || !csp_node_has_text(ext))
    return NULL;
  return csp_site_parent_path(ext->loc.file, ext->text);
}

/* Appends to dep the rule "outputs: site file, its extends chain,
 * template", and an empty rule for each prerequisite but the site file
 * (as gcc -MP does), so that make does not stop when a parent goes away.
 * site is the loaded tree, whose `extends` is the site file's own; each
 * parent is read again for its own. */
static void S_deps(const S_opts *o, const char *path, const csp_node *site,
                   char *const *targets, size_t ntargets, csp_buf *dep)
{
  csp_buf phony;
  csp_buf_init(&phony);
  for (size_t i = 0; i < ntargets; i++)
    S_dep_put(dep, targets[i], i == 0);
  csp_buf_putc(dep, ':');
  if (strcmp(path, "-") != 0)
    S_dep_put(dep, path, 0);
  char *parent = S_parent(site);
  for (int depth = 0; parent && depth < CSP_MAX_EXTENDS; depth++) {
    S_dep_put(dep, parent, 0);
    S_dep_put(&phony, parent, 1);
    csp_buf_puts(&phony, ":\n");
    csp_node *tree = csp_yaml_load(parent);
    free(parent);
    parent = S_parent(tree);
    csp_node_free(tree);
  }
  free(parent);
  if (o->tmpl_path && strcmp(o->tmpl_path, "-") != 0) {
    S_dep_put(dep, o->tmpl_path, 0);
    S_dep_put(&phony, o->tmpl_path, 1);
    csp_buf_puts(&phony, ":\n");
  }
  csp_buf_putc(dep, '\n');
  csp_buf_put(dep, phony.data, phony.len);
  csp_buf_release(&phony);
}

static void S_refuse_input(const char *path)
{
  csp_loc loc = {path, 0, 0};
  csp_diag(CSP_ERROR, &loc, "output",
           "refusing to overwrite an input file; choose another output");
}

/* For csp_write_batch_drop: the files from the *ctx-th on. */
static int S_from(size_t i, const char *path, void *ctx)
{
  (void)path;
  return i >= *(size_t *)ctx;
}

/* Renders one site in every requested format, into batch when it is set
 * (-o DIR), else straight to the output; appends its make rule to deps
 * (--depfile) and what it has to say to err.  A site is written whole or
 * not at all: an output that would replace an input (a site file named,
 * a file this site read, the template, the reference document) is
 * refused before any format is rendered, and a format that fails takes
 * the site's other files out of the batch.  Whether an output replaces
 * a file another site read is the caller's to check, once every site is
 * done.  Returns an exit status. */
static int S_render_site(const S_opts *o, const csp_tmpl *t,
                         const char *tmpl_name, const char *path,
                         csp_write_batch *batch, csp_buf *deps, FILE *err)
{
  size_t reads0;
  csp_file_reads(&reads0);
  int errors;
  csp_node *site =
      csp_policy_load(path, &o->sets, &o->check, o->draft, &errors);
  if (!site)
    return CSP_EXIT_INPUT;
  if (errors && !o->draft) {
    /* after the diagnostics it sums up, which sort by line */
    csp_diag_flush(err, CSP_FORMAT_TEXT);
    fprintf(err,
            "%s: error: not rendered: %d error%s above; fix %s, or use "
            "--draft to write a marked draft\n",
            S_shown_path(path), errors,
            errors == 1 ? "" : "s", errors == 1 ? "it" : "them");
    csp_node_free(site);
    return CSP_EXIT_FINDINGS;
  }
  int status = CSP_EXIT_OK;
  char *stem = S_stem(path);
  char *targets[NFORMATS];
  size_t fmt[NFORMATS];
  size_t ntargets = 0;
  for (size_t i = 0; i < NFORMATS; i++) {
    if (!(o->formats & formats[i].flag))
      continue;
    char *target;
    if (o->to_dir) {
      size_t n = strlen(o->output) + strlen(stem) + 16;
      target = csp_xmalloc(n);
      snprintf(target, n, "%.*s/%s.%s", (int)o->dirlen, o->output, stem,
               formats[i].name);
    } else {
      target = csp_xstrdup(o->output ? o->output : "-");
    }
    if (S_is_input(o, target) || csp_file_was_read(target, reads0) ||
        (o->meta.reference_doc &&
         csp_same_file(target, o->meta.reference_doc))) {
      S_refuse_input(target);
      status = CSP_EXIT_OUTPUT;
    } else if (formats[i].flag == F_DOCX && strcmp(target, "-") == 0 &&
               isatty(STDOUT_FILENO)) {
      csp_usage_error("render",
                      "refusing to write DOCX to a terminal; use -o FILE");
      status = CSP_EXIT_USAGE;
    }
    fmt[ntargets] = i;
    targets[ntargets++] = target;
  }
  free(stem);
  cmark_node *doc = NULL;
  if (status == CSP_EXIT_OK) {
    doc = csp_policy_document(t, tmpl_name, site);
    if (!doc)
      status = CSP_EXIT_INPUT;
  }
  csp_meta meta = o->meta;
  csp_policy_meta(site, &meta);
  size_t pending0 = batch ? batch->n : 0;
  for (size_t k = 0; k < ntargets && status == CSP_EXIT_OK; k++) {
    const char *target = targets[k];
    csp_buf out;
    csp_buf_init(&out);
    meta.output = strcmp(target, "-") == 0 ? "<stdout>" : target;
    if (formats[fmt[k]].render(doc, &meta, &out) < 0)
      status = CSP_EXIT_INPUT;
    if (status == CSP_EXIT_OK &&
        (batch ? csp_write_batch_add(batch, target, out.data, out.len)
               : csp_write_file(target, out.data, out.len)) < 0) {
      csp_loc loc = {strcmp(target, "-") == 0 ? "<stdout>" : target, 0, 0};
      csp_diag(CSP_ERROR, &loc, "output", "cannot write: %s",
               strerror(errno));
      status = CSP_EXIT_OUTPUT;
    }
    csp_buf_release(&out);
  }
  if (status != CSP_EXIT_OK && batch)
    csp_write_batch_drop(batch, S_from, &pending0);
  if (status == CSP_EXIT_OK && o->deps)
    S_deps(o, path, site, targets, ntargets, deps);
  for (size_t k = 0; k < ntargets; k++)
    free(targets[k]);
  if (doc)
    cmark_node_free(doc);
  csp_node_free(site);
  return status;
}

static void S_cannot_write(const char *path, int err)
{
  csp_loc loc = {path, 0, 0};
  csp_diag(CSP_ERROR, &loc, "output", "cannot write: %s", strerror(err));
}

/* A render of many sites.  Each site is rendered by S_work, in a worker
 * process under -j, and its result (exit status, diagnostics, make rule,
 * the temporary files written, the files read) taken by S_take in the
 * parent, in the order the sites were named; S_finish then refuses the
 * sites whose outputs would replace a file any site read, commits the
 * rest and writes the depfile.  The diagnostics, the rules and the files
 * committed are the same whatever the number of jobs. */
typedef struct {
  const S_opts *o;
  const csp_tmpl *t;
  const char *tmpl_name;
  char **sites;
  size_t nsites;
  size_t *first; /* -o DIR: for each site, the first with its stem */
  /* the site at hand, in the process rendering it */
  csp_write_batch work; /* its files, handed on */
  csp_buf deps;         /* its rule */
  /* every site, in the parent */
  csp_write_batch commit; /* the files */
  size_t *owner;          /* the site of each file in commit */
  size_t capowner;
  char **rules;            /* each site's rule, or NULL */
  unsigned char *refused; /* a site whose output would replace an input */
  int status;
} S_run;

static void S_work(size_t i, csp_buf *out, void *ctx)
{
  S_run *r = ctx;
  size_t nread0, nread;
  csp_file_reads(&nread0);
  char *msg = NULL;
  size_t msglen = 0;
  FILE *err = open_memstream(&msg, &msglen);
  if (!err)
    csp_oom(); /* open_memstream fails only so */
  csp_buf_clear(&r->deps);
  int s;
  if (r->first && r->first[i] != i &&
      csp_same_file(r->sites[i], r->sites[r->first[i]])) {
    s = CSP_EXIT_OK; /* the same file named again: rendered once */
  } else if (r->first && r->first[i] != i) {
    csp_loc loc = {S_shown_path(r->sites[i]), 0, 0};
    char *stem = S_stem(r->sites[i]);
    csp_diag(CSP_ERROR, &loc, "output",
             "not rendered: its files would replace those of %s (%.*s/%s.*); "
             "rename one site file, or render them into different "
             "directories",
             S_shown_path(r->sites[r->first[i]]), (int)r->o->dirlen,
             r->o->output, stem);
    free(stem);
    s = CSP_EXIT_OUTPUT;
  } else {
    s = S_render_site(r->o, r->t, r->tmpl_name, r->sites[i],
                      r->o->to_dir ? &r->work : NULL, &r->deps, err);
  }
  csp_diag_flush(err, CSP_FORMAT_TEXT);
  fclose(err);
  csp_workers_put_u64(out, (unsigned)s);
  csp_workers_put_str(out, msg, msglen);
  free(msg);
  csp_workers_put_str(out, r->deps.data, r->deps.len);
  csp_workers_put_u64(out, r->work.n);
  for (size_t k = 0; k < r->work.n; k++) {
    csp_workers_put_str(out, r->work.files[k].path,
                        strlen(r->work.files[k].path));
    csp_workers_put_str(out, r->work.files[k].tmp,
                        strlen(r->work.files[k].tmp));
  }
  csp_write_batch_disown(&r->work);
  const csp_fileid *ids = csp_file_reads(&nread);
  csp_workers_put_u64(out, nread - nread0);
  for (size_t k = nread0; k < nread; k++) {
    csp_workers_put_u64(out, ids[k].dev);
    csp_workers_put_u64(out, ids[k].ino);
  }
  /* handed on: S_take counts them, in this process or the parent */
  csp_file_forget_reads(nread0);
}

/* Reads site i's result; with apply, also takes it.  Returns -1 when
 * the result is cut short or garbled (then nothing was taken: it is read
 * once without apply first). */
static int S_result(S_run *r, size_t i, const char *d, size_t len,
                    int apply)
{
  size_t pos = 0;
  unsigned long long status, n, dev, ino;
  const char *msg, *dep, *path, *tmp;
  size_t msglen, deplen, plen, tlen;
  if (csp_workers_get_u64(d, len, &pos, &status) < 0 ||
      status > CSP_EXIT_OUTPUT ||
      csp_workers_get_str(d, len, &pos, &msg, &msglen) < 0 ||
      csp_workers_get_str(d, len, &pos, &dep, &deplen) < 0 ||
      csp_workers_get_u64(d, len, &pos, &n) < 0)
    return -1;
  if (apply) {
    fwrite(msg, 1, msglen, stderr);
    if (deplen)
      r->rules[i] = csp_xstrndup(dep, deplen);
    if ((int)status > r->status)
      r->status = (int)status;
  }
  for (unsigned long long k = 0; k < n; k++) {
    if (csp_workers_get_str(d, len, &pos, &path, &plen) < 0 ||
        csp_workers_get_str(d, len, &pos, &tmp, &tlen) < 0)
      return -1;
    if (apply) {
      if (r->commit.n == r->capowner) {
        r->capowner = r->capowner ? r->capowner * 2 : 64;
        r->owner = csp_xrealloc(r->owner, r->capowner * sizeof *r->owner);
      }
      r->owner[r->commit.n] = i;
      csp_write_batch_adopt(&r->commit, path, tmp);
    }
  }
  if (csp_workers_get_u64(d, len, &pos, &n) < 0)
    return -1;
  for (unsigned long long k = 0; k < n; k++) {
    if (csp_workers_get_u64(d, len, &pos, &dev) < 0 ||
        csp_workers_get_u64(d, len, &pos, &ino) < 0)
      return -1;
    if (apply) {
      csp_fileid id = {dev, ino};
      csp_file_note_read(id);
    }
  }
  return pos == len ? 0 : -1;
}

static void S_take(size_t i, const char *data, size_t len, const char *why,
                   void *ctx)
{
  S_run *r = ctx;
  if (data && S_result(r, i, data, len, 0) == 0) {
    S_result(r, i, data, len, 1);
  } else {
    csp_loc loc = {S_shown_path(r->sites[i]), 0, 0};
    if (data)
      csp_diag(CSP_ERROR, &loc, "output",
               "not rendered: the process rendering it sent a garbled "
               "result; render it again, alone, to see why");
    else
      csp_diag(CSP_ERROR, &loc, "output",
               "not rendered: the process rendering it stopped (%s); "
               "render it again, alone, to see why",
               why);
    csp_diag_flush(stderr, CSP_FORMAT_TEXT);
    if (CSP_EXIT_OUTPUT > r->status)
      r->status = CSP_EXIT_OUTPUT;
  }
  fflush(stderr);
}

/* For csp_write_batch_drop: the files of refused sites. */
static int S_of_refused(size_t i, const char *path, void *ctx)
{
  (void)path;
  const S_run *r = ctx;
  return r->refused[r->owner[i]];
}

/* After every site: refuses each site with an output that would replace
 * a file some site read (perhaps another site, in another process; a
 * site's own reads were checked as it was rendered), commits the files
 * of the others and writes their rules to depfile.  Returns the exit
 * status of the whole run. */
static int S_finish(S_run *r, const char *depfile)
{
  int status = r->status;
  size_t nids;
  const csp_fileid *reads = csp_file_reads(&nids);
  csp_fileid *ids = csp_xcalloc(nids, sizeof *ids);
  if (nids) {
    memcpy(ids, reads, nids * sizeof *ids);
    qsort(ids, nids, sizeof *ids, csp_fileid_cmp);
  }
  int any = 0;
  for (size_t k = 0; nids && k < r->commit.n; k++) {
    struct stat st;
    if (stat(r->commit.files[k].path, &st) < 0)
      continue;
    csp_fileid key = {st.st_dev, st.st_ino};
    if (bsearch(&key, ids, nids, sizeof *ids, csp_fileid_cmp)) {
      S_refuse_input(r->commit.files[k].path);
      r->refused[r->owner[k]] = 1;
      any = 1;
    }
  }
  free(ids);
  if (any) {
    csp_write_batch_drop(&r->commit, S_of_refused, r);
    if (CSP_EXIT_OUTPUT > status)
      status = CSP_EXIT_OUTPUT;
  }
  if (csp_write_batch_commit(&r->commit, S_cannot_write) < 0 &&
      CSP_EXIT_OUTPUT > status)
    status = CSP_EXIT_OUTPUT;
  /* the rules of the sites that were rendered, the others being out of
   * date anyway */
  if (depfile) {
    csp_buf all;
    csp_buf_init(&all);
    for (size_t i = 0; i < r->nsites; i++)
      if (r->rules[i] && !r->refused[i])
        csp_buf_puts(&all, r->rules[i]);
    if (csp_write_file(depfile, all.data, all.len) < 0) {
      S_cannot_write(depfile, errno);
      if (CSP_EXIT_OUTPUT > status)
        status = CSP_EXIT_OUTPUT;
    }
    csp_buf_release(&all);
  }
  return status;
}

int cmd_render(int argc, char **argv)
{
  static const struct option longopts[] = {
      {"format", required_argument, NULL, 'f'},
      {"output", required_argument, NULL, 'o'},
      {"template", required_argument, NULL, 't'},
      {"draft", no_argument, NULL, 'D'},
      {"depfile", required_argument, NULL, 'M'},
      {"fragment", no_argument, NULL, 'F'},
      {"paper", required_argument, NULL, 'P'},
      {"reference-doc", required_argument, NULL, 'R'},
      {"set", required_argument, NULL, 'V'},
      {"jobs", required_argument, NULL, 'j'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  S_opts o;
  memset(&o, 0, sizeof o);
  o.formats = F_MD;
  o.check.max_age = -1;
  const char *tmpl_path = NULL;
  const char *depfile = NULL;
  int jobs = 1;
  int c;
  opterr = 0;
  optind = 1;
  while ((c = getopt_long(argc, argv, ":f:o:t:j:h", longopts, NULL)) != -1) {
    switch (c) {
    case 'f':
      if (S_parse_formats(optarg, &o.formats) < 0)
        return CSP_EXIT_USAGE;
      break;
    case 'o':
      o.output = optarg;
      break;
    case 't':
      tmpl_path = optarg;
      break;
    case 'D':
      o.draft = 1;
      break;
    case 'j': {
      char *end;
      errno = 0;
      long n = strtol(optarg, &end, 10);
      if (errno || end == optarg || *end || n < 0 || n > CSP_MAX_JOBS)
        return csp_usage_error("render",
                               "-j takes a whole number of jobs from 0 to "
                               "%d (0: one for each processor), not '%s'",
                               CSP_MAX_JOBS, optarg);
      jobs = n ? (int)n : csp_workers_online();
      break;
    }
    case 'M':
      depfile = optarg;
      break;
    case 'F':
      o.meta.fragment = 1;
      break;
    case 'P':
      if (strcmp(optarg, "letter") == 0)
        o.meta.paper = CSP_PAPER_LETTER;
      else if (strcmp(optarg, "a4") == 0)
        o.meta.paper = CSP_PAPER_A4;
      else
        return csp_usage_error("render",
                               "unknown paper '%s'; use letter or a4",
                               optarg);
      break;
    case 'R':
      o.meta.reference_doc = optarg;
      break;
    case 'V':
      if (csp_opt_set(&o.sets, "render", optarg) < 0)
        return CSP_EXIT_USAGE;
      break;
    case 'h':
      fputs(usage, stdout);
      return CSP_EXIT_OK;
    default:
      return csp_usage_option("render", c, argv);
    }
  }
  int nsites = argc - optind;
  char **sites = argv + optind;
  if (nsites == 0)
    return csp_usage_error("render", "no site file given");
  int nformats = 0;
  for (size_t i = 0; i < NFORMATS; i++)
    nformats += !!(o.formats & formats[i].flag);
  if (o.output && csp_is_dir(o.output)) {
    o.to_dir = 1;
  } else if (nsites > 1 || nformats > 1) {
    if (!o.output)
      return csp_usage_error("render",
                             "several sites or formats need -o DIR, an "
                             "existing directory");
    return csp_usage_error("render",
                           "'%s' is not a directory; several sites or "
                           "formats need -o DIR",
                           o.output);
  }
  if (depfile && (!o.output || strcmp(o.output, "-") == 0))
    return csp_usage_error("render",
                           "--depfile needs -o: the rule names the output "
                           "files");
  if (depfile && strcmp(depfile, "-") == 0)
    return csp_usage_error("render", "--depfile needs a file name");
  /* DIR/ and DIR give the same target names, which make compares */
  if (o.to_dir) {
    o.dirlen = strlen(o.output);
    while (o.dirlen > 1 && o.output[o.dirlen - 1] == '/')
      o.dirlen--;
  }
  int stdin_uses = 0;
  for (int i = 0; i < nsites; i++)
    stdin_uses += strcmp(sites[i], "-") == 0;
  if (stdin_uses + (tmpl_path && strcmp(tmpl_path, "-") == 0) > 1)
    return csp_usage_error("render", "standard input can be read once");
  o.check.today = csp_today();
#ifdef M_TRIM_THRESHOLD
  /* Every site allocates and frees its trees and outputs; let malloc
   * keep freed memory for the next site instead of handing it back to
   * the kernel and faulting it in again (a third of the system time of
   * a DOCX batch).  glibc only. */
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif

  /* the template and stylesheet are read once for every site */
  csp_tmpl *t = csp_policy_template(tmpl_path, &o.check);
  if (!t) {
    csp_diag_flush(stderr, CSP_FORMAT_TEXT);
    return CSP_EXIT_INPUT;
  }
  const char *tmpl_name = o.check.tmpl_name;
  size_t csslen;
  o.meta.css = csp_builtin_css(&csslen);
  S_note_inputs(&o, sites, nsites, tmpl_path);
  o.tmpl_path = tmpl_path;
  o.deps = depfile != NULL;

  /* Into a directory, every output is flushed to disk at once, after
   * the last site: one syncfs, not an fsync a file. */
  S_run r;
  memset(&r, 0, sizeof r);
  r.o = &o;
  r.t = t;
  r.tmpl_name = tmpl_name;
  r.sites = sites;
  r.nsites = (size_t)nsites;
  if (o.to_dir)
    r.first = S_first_stems(sites, r.nsites);
  r.rules = csp_xcalloc(r.nsites, sizeof *r.rules);
  r.refused = csp_xcalloc(r.nsites, 1);
  csp_write_batch_init(&r.work);
  csp_write_batch_init(&r.commit);
  csp_buf_init(&r.deps);
  csp_workers_run(r.nsites, o.to_dir ? jobs : 1, S_work, S_take, &r);
  int status = S_finish(&r, depfile);
  csp_diag_flush(stderr, CSP_FORMAT_TEXT);
  csp_buf_release(&r.deps);
  csp_write_batch_release(&r.work);
  csp_write_batch_release(&r.commit);
  for (size_t i = 0; i < r.nsites; i++)
    free(r.rules[i]);
  free(r.rules);
  free(r.refused);
  free(r.owner);
  free(r.first);
  csp_tmpl_free(t);
  free(o.check.shown);
  free(o.inputs);
  return status;
}
