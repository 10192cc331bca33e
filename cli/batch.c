/* batch.c: rendering many sites in one run (batch.h). */
#define _GNU_SOURCE /* open_memstream */
#include "batch.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csecpol.h"
#include "output.h"
#include "policy.h"
#include "workers.h"

/* ---- a site's result, both ways ---------------------------------------- */

void csp_site_result_put(const csp_site_result *r, csp_buf *out)
{
  csp_workers_put_u64(out, (unsigned)r->status);
  csp_workers_put_str(out, r->diags, r->diagslen);
  csp_workers_put_str(out, r->msg, r->msglen);
  csp_workers_put_str(out, r->rule, r->rulelen);
  csp_workers_put_u64(out, r->ntmps);
  for (size_t k = 0; k < r->ntmps; k++) {
    csp_workers_put_u64(out, r->outs[k]);
    csp_workers_put_str(out, r->tmps[k], strlen(r->tmps[k]));
  }
  csp_workers_put_u64(out, r->nreads);
  for (size_t k = 0; k < r->nreads; k++) {
    const csp_input *in = &r->reads[k];
    csp_workers_put_u64(out, in->id.dev);
    csp_workers_put_u64(out, in->id.ino);
    csp_workers_put_str(out, in->path, strlen(in->path));
    csp_workers_put_str(out, in->what, strlen(in->what));
  }
}

int csp_site_result_get(const char *d, size_t len, csp_site_result *r)
{
  memset(r, 0, sizeof *r);
  size_t pos = 0, slen;
  unsigned long long v, n;
  const char *s;
  if (csp_workers_get_u64(d, len, &pos, &v) < 0 || v > CSP_EXIT_OUTPUT ||
      csp_workers_get_str(d, len, &pos, &r->diags, &r->diagslen) < 0 ||
      csp_workers_get_str(d, len, &pos, &r->msg, &r->msglen) < 0 ||
      csp_workers_get_str(d, len, &pos, &r->rule, &r->rulelen) < 0 ||
      csp_workers_get_u64(d, len, &pos, &n) < 0 || n > len)
    return -1;
  r->status = (int)v;
  size_t *outs = csp_xcalloc(n ? (size_t)n : 1, sizeof *outs);
  const char **tmps = csp_xcalloc(n ? (size_t)n : 1, sizeof *tmps);
  r->outs = outs;
  r->tmps = tmps;
  for (r->ntmps = 0; r->ntmps < n; r->ntmps++) {
    if (csp_workers_get_u64(d, len, &pos, &v) < 0 ||
        csp_workers_get_str(d, len, &pos, &s, &slen) < 0)
      return -1;
    outs[r->ntmps] = (size_t)v;
    tmps[r->ntmps] = s;
  }
  if (csp_workers_get_u64(d, len, &pos, &n) < 0 || n > len)
    return -1;
  csp_input *reads = csp_xcalloc(n ? (size_t)n : 1, sizeof *reads);
  r->reads = reads;
  for (r->nreads = 0; r->nreads < n; r->nreads++) {
    csp_input *in = &reads[r->nreads];
    const char *what;
    if (csp_workers_get_u64(d, len, &pos, &in->id.dev) < 0 ||
        csp_workers_get_u64(d, len, &pos, &in->id.ino) < 0 ||
        csp_workers_get_str(d, len, &pos, &s, &slen) < 0 ||
        csp_workers_get_str(d, len, &pos, &what, &slen) < 0)
      return -1;
    in->path = (char *)s; /* borrowed from d: never freed as a path */
    in->what = what;
  }
  return pos == len ? 0 : -1;
}

void csp_site_result_free(csp_site_result *r)
{
  free((void *)r->outs);
  free((void *)r->tmps);
  free((void *)r->reads);
  memset(r, 0, sizeof *r);
}

/* ---- the run -------------------------------------------------------- */

#define S_NONE SIZE_MAX

typedef struct {
  const csp_batch *b;
  csp_load *ld;
  char **sites;
  size_t n;
  size_t dirlen;  /* of b->output without its trailing slashes */
  size_t *first;  /* -o DIR: for each site, the first with its stem */
  csp_guard g;
  size_t *out0;   /* each site's first output in g, or S_NONE */
  size_t nout;    /* outputs a site */
  size_t dep;     /* the depfile in g, or S_NONE */
  char **rules;   /* each site's make rule, or NULL */
  csp_docx_cache *docx; /* the DOCX parts the sites share, made once */
  int status;
} S_run;

static const char *S_shown(const char *path)
{
  return strcmp(path, "-") == 0 ? "<stdin>" : path;
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

/* Whether site i is rendered at all: into a directory, a second site
 * file of the same name is not (S_render says why), and the same
 * file named twice is rendered once. */
static int S_skipped(const S_run *r, size_t i)
{
  return r->first && r->first[i] != i;
}

/* Names every output in the guard. */
static void S_plan(S_run *r)
{
  const csp_batch *b = r->b;
  for (int f = 0; f < CSP_NFORMATS; f++)
    r->nout += (b->formats >> f) & 1;
  r->out0 = csp_xcalloc(r->n ? r->n : 1, sizeof *r->out0);
  for (size_t i = 0; i < r->n; i++) {
    r->out0[i] = S_NONE;
    if (S_skipped(r, i))
      continue;
    char *stem = b->to_dir ? S_stem(r->sites[i]) : NULL;
    for (int f = 0; f < CSP_NFORMATS; f++) {
      if (!((b->formats >> f) & 1))
        continue;
      csp_buf t;
      csp_buf_init(&t);
      if (b->to_dir)
        csp_buf_printf(&t, "%.*s/%s.%s", (int)r->dirlen, b->output, stem,
                       csp_formats[f].name);
      else
        csp_buf_puts(&t, b->output ? b->output : "-");
      size_t k = csp_guard_add(&r->g, t.data, "the output", i);
      if (r->out0[i] == S_NONE)
        r->out0[i] = k;
      csp_buf_release(&t);
    }
    free(stem);
  }
  r->dep = b->depfile ? csp_guard_add(&r->g, b->depfile, "the depfile",
                                      r->n)
                      : S_NONE;
}

/* Checks the outputs (all, or one site's) against ld->files[from..].
 * The depfile speaks for every output, so with it refused nothing is
 * written.  Returns nonzero when anything was refused. */
static int S_check(S_run *r, size_t from, size_t group)
{
  size_t refused = csp_guard_check(&r->g, r->ld, from, group);
  if (r->dep != S_NONE && csp_guard_refused(&r->g, r->dep))
    for (size_t i = 0; i < r->n; i++)
      csp_guard_refuse(&r->g, i);
  return refused > 0;
}

/* Appends path to a make rule, escaped as make reads it, after a space
 * unless first. */
static void S_dep_put(csp_buf *dep, const char *path, int first)
{
  if (!first)
    csp_buf_putc(dep, ' ');
  for (const char *p = path; *p; p++) {
    if (*p == ' ' || *p == '\t' || *p == '#' || *p == ':' || *p == '\\')
      csp_buf_putc(dep, '\\');
    else if (*p == '$')
      csp_buf_putc(dep, '$');
    csp_buf_putc(dep, *p);
  }
}

/* Site i's make rule: its outputs, then the files they were made from
 * (the site file and its `extends` chain, as read from reads[0..n), and
 * the template), and an empty rule for each prerequisite but the site
 * file (as gcc -MP does), so that make does not stop when a parent goes
 * away. */
static void S_rule(const S_run *r, size_t i, const csp_input *reads,
                   size_t n, csp_buf *dep)
{
  csp_buf phony;
  csp_buf_init(&phony);
  for (size_t k = 0; k < r->nout; k++)
    S_dep_put(dep, r->g.outs[r->out0[i] + k].path, k == 0);
  csp_buf_putc(dep, ':');
  for (size_t k = 0; k < n; k++) {
    if (strcmp(reads[k].path, "<stdin>") == 0)
      continue;
    S_dep_put(dep, reads[k].path, 0);
    if (k > 0) {
      S_dep_put(&phony, reads[k].path, 1);
      csp_buf_puts(&phony, ":\n");
    }
  }
  const char *t = r->b->tmpl_path;
  if (t && strcmp(t, "-") != 0) {
    S_dep_put(dep, t, 0);
    S_dep_put(&phony, t, 1);
    csp_buf_puts(&phony, ":\n");
  }
  csp_buf_putc(dep, '\n');
  csp_buf_put(dep, phony.data, phony.len);
  csp_buf_release(&phony);
}

/* Renders site i into its outputs' temporary files.  Returns an exit
 * status; the site's reads are ld->files[mark..].  What it says after
 * its diagnostics goes to err. */
static int S_render(S_run *r, size_t i, size_t mark, csp_buf *rule,
                    FILE *err)
{
  const csp_batch *b = r->b;
  const char *path = r->sites[i];
  if (S_skipped(r, i)) {
    if (csp_same_file(path, r->sites[r->first[i]]))
      return CSP_EXIT_OK; /* the same file named again: rendered once */
    csp_loc loc = {S_shown(path), 0, 0};
    char *stem = S_stem(path);
    csp_diag(r->ld->diags, CSP_R_OUTPUT, &loc,
             "not rendered: its files would replace those of %s (%.*s/%s.*); "
             "rename one site file, or render them into different "
             "directories",
             S_shown(r->sites[r->first[i]]), (int)r->dirlen, b->output,
             stem);
    free(stem);
    return CSP_EXIT_OUTPUT;
  }
  if (csp_guard_refused(&r->g, r->out0[i]))
    return CSP_EXIT_OUTPUT; /* reported when the outputs were planned */
  if (b->no_format) {
    csp_node *tree = csp_load_site(r->ld, path);
    csp_node_free(tree);
    if (!tree)
      return CSP_EXIT_INPUT;
    S_check(r, mark, i);
    return csp_guard_refused(&r->g, r->out0[i]) ? CSP_EXIT_OUTPUT
                                                 : CSP_EXIT_OK;
  }
  int errors;
  csp_node *site = csp_policy_load(r->ld, path, b->sets, &b->check,
                                   b->draft, &errors);
  if (!site)
    return CSP_EXIT_INPUT;
  if (errors && !b->draft) {
    /* printed after the diagnostics it sums up (S_take) */
    fprintf(err,
            "%s: error: not rendered: %d error%s above; fix %s, or use "
            "--draft to write a marked draft\n",
            S_shown(path), errors, errors == 1 ? "" : "s",
            errors == 1 ? "it" : "them");
    csp_node_free(site);
    return CSP_EXIT_FINDINGS;
  }
  /* a file this site read is no output of the run: checked here, before
   * a format is rendered; whether an output replaces a file another site
   * read is checked once every site is done */
  S_check(r, mark, i);
  int status = CSP_EXIT_OK;
  if (csp_guard_refused(&r->g, r->out0[i]))
    status = CSP_EXIT_OUTPUT;
  cmark_node *doc = NULL;
  if (status == CSP_EXIT_OK) {
    doc = csp_policy_document(r->ld->diags, b->tmpl, b->check.tmpl_name, site);
    if (!doc)
      status = CSP_EXIT_INPUT;
  }
  csp_meta meta = b->meta;
  csp_policy_meta(site, &meta);
  meta.docx_cache = r->docx;
  meta.diags = r->ld->diags;
  size_t k = r->out0[i];
  for (int f = 0; f < CSP_NFORMATS && status == CSP_EXIT_OK; f++) {
    if (!((b->formats >> f) & 1))
      continue;
    csp_buf out;
    csp_buf_init(&out);
    meta.output = strcmp(r->g.outs[k].path, "-") == 0 ? "<stdout>"
                                                        : r->g.outs[k].path;
    if (csp_formats[f].render(doc, &meta, &out) < 0)
      status = CSP_EXIT_INPUT;
    else if (csp_guard_write(&r->g, k, out.data, out.len) < 0)
      status = CSP_EXIT_OUTPUT;
    csp_buf_release(&out);
    k++;
  }
  if (status != CSP_EXIT_OK)
    csp_guard_refuse(&r->g, i); /* a site is written whole or not at all */
  else if (b->depfile)
    S_rule(r, i, r->ld->files + mark, r->ld->n - mark, rule);
  if (doc)
    cmark_node_free(doc);
  csp_node_free(site);
  return status;
}

/* Renders site i and appends its result to out; in a worker process, or
 * in the parent under one job. */
static void S_work(size_t i, csp_buf *out, void *ctx)
{
  S_run *r = ctx;
  size_t mark = r->ld->n;
  char *msg = NULL;
  size_t msglen = 0;
  FILE *err = open_memstream(&msg, &msglen);
  if (!err)
    csp_oom(); /* open_memstream fails only so */
  csp_buf rule;
  csp_buf_init(&rule);
  int status = S_render(r, i, mark, &rule, err);
  fclose(err);
  /* the diagnostics go to the parent as they are, for it to print each
   * once however many sites raise it (a problem of a shared parent) */
  csp_buf diags;
  csp_buf_init(&diags);
  csp_diag_export(r->ld->diags, &diags);
  size_t outs[CSP_NFORMATS];
  const char *tmps[CSP_NFORMATS];
  size_t ntmps = 0;
  for (size_t k = 0; r->out0[i] != S_NONE && k < r->nout; k++) {
    const csp_output *o = &r->g.outs[r->out0[i] + k];
    if (o->tmp) {
      outs[ntmps] = r->out0[i] + k;
      tmps[ntmps++] = o->tmp;
    }
  }
  csp_site_result res = {status,    diags.data, diags.len, msg,
                         msglen,    rule.data,  rule.len,  ntmps,
                         outs,      tmps,       r->ld->n - mark,
                         r->ld->files + mark};
  csp_site_result_put(&res, out);
  csp_buf_release(&diags);
  free(msg);
  csp_buf_release(&rule);
  /* handed on: S_take records them, in this process or the parent */
  for (size_t k = mark; k < r->ld->n; k++)
    free(r->ld->files[k].path);
  r->ld->n = mark;
}

/* Adopts the temporary files of site i's result as soon as it arrives,
 * so that a signal removes them even when the worker that made them has
 * ended and the sites before i are not done. */
static void S_arrive(size_t i, const char *data, size_t len, void *ctx)
{
  S_run *r = ctx;
  csp_site_result res;
  if (csp_site_result_get(data, len, &res) == 0)
    for (size_t k = 0; k < res.ntmps; k++)
      if (res.outs[k] < r->g.n && r->g.outs[res.outs[k]].group == i)
        csp_guard_adopt(&r->g, res.outs[k], res.tmps[k]);
  csp_site_result_free(&res);
}

/* Takes site i's result, in the parent, in site order. */
static void S_take(size_t i, const char *data, size_t len, const char *why,
                   void *ctx)
{
  S_run *r = ctx;
  csp_site_result res;
  if (data && csp_site_result_get(data, len, &res) == 0) {
    if (csp_diag_import(r->ld->diags, res.diags, res.diagslen) < 0) {
      csp_loc loc = {S_shown(r->sites[i]), 0, 0};
      csp_diag(r->ld->diags, CSP_R_OUTPUT, &loc,
               "the process rendering it sent garbled diagnostics; render "
               "it again, alone, to see them");
    }
    csp_diag_flush(r->ld->diags, stderr, CSP_FORMAT_TEXT);
    fwrite(res.msg, 1, res.msglen, stderr);
    if (res.rulelen)
      r->rules[i] = csp_xstrndup(res.rule, res.rulelen);
    if (res.status > r->status)
      r->status = res.status;
    for (size_t k = 0; k < res.ntmps; k++)
      if (res.outs[k] < r->g.n && r->g.outs[res.outs[k]].group == i)
        csp_guard_adopt(&r->g, res.outs[k], res.tmps[k]);
    for (size_t k = 0; k < res.nreads; k++)
      csp_load_note(r->ld, res.reads[k].id, res.reads[k].path,
                    "the file");
    if (res.status != CSP_EXIT_OK)
      csp_guard_refuse(&r->g, i);
  } else {
    csp_loc loc = {S_shown(r->sites[i]), 0, 0};
    if (data)
      csp_diag(r->ld->diags, CSP_R_OUTPUT, &loc,
               "not rendered: the process rendering it sent a garbled "
               "result; render it again, alone, to see why");
    else
      csp_diag(r->ld->diags, CSP_R_OUTPUT, &loc,
               "not rendered: the process rendering it stopped (%s); "
               "render it again, alone, to see why",
               why);
    csp_diag_flush(r->ld->diags, stderr, CSP_FORMAT_TEXT);
    csp_guard_refuse(&r->g, i);
    if (CSP_EXIT_OUTPUT > r->status)
      r->status = CSP_EXIT_OUTPUT;
  }
  if (data)
    csp_site_result_free(&res);
  fflush(stderr);
}

/* After every site: refuses each whose output would replace a file some
 * site read (perhaps another site, in another process), writes the
 * depfile with the rules of the others and renames their files into
 * place.  Returns the exit status of the whole run. */
static int S_finish(S_run *r)
{
  int status = r->status;
  if (S_check(r, 0, CSP_GUARD_ALL) && CSP_EXIT_OUTPUT > status)
    status = CSP_EXIT_OUTPUT;
  if (r->b->no_format)
    return status; /* nothing rendered, nothing to write */
  if (r->dep != S_NONE && !csp_guard_refused(&r->g, r->dep)) {
    /* the rules of the sites that were rendered, the others being out of
     * date anyway */
    csp_buf all;
    csp_buf_init(&all);
    for (size_t i = 0; i < r->n; i++)
      if (r->rules[i] && !csp_guard_refused(&r->g, r->out0[i]))
        csp_buf_puts(&all, r->rules[i]);
    if (csp_guard_write(&r->g, r->dep, all.data, all.len) < 0 &&
        CSP_EXIT_OUTPUT > status)
      status = CSP_EXIT_OUTPUT;
    csp_buf_release(&all);
  }
  if (csp_guard_commit(&r->g) < 0 && CSP_EXIT_OUTPUT > status)
    status = CSP_EXIT_OUTPUT;
  return status;
}

int csp_batch_render(const csp_batch *b, csp_load *ld, char **sites,
                     size_t n)
{
  S_run r;
  memset(&r, 0, sizeof r);
  r.b = b;
  r.ld = ld;
  r.sites = sites;
  r.n = n;
  csp_guard_init(&r.g, ld->diags);
  if (b->to_dir) {
    /* DIR/ and DIR give the same target names, which make compares */
    r.dirlen = strlen(b->output);
    while (r.dirlen > 1 && b->output[r.dirlen - 1] == '/')
      r.dirlen--;
    r.first = S_first_stems(sites, n);
  }
  S_plan(&r);
  /* before a site is read: the outputs against the files named and
   * against one another */
  for (size_t i = 0; i < n; i++)
    csp_load_expect(ld, sites[i], "the site file");
  if (S_check(&r, 0, CSP_GUARD_ALL)) {
    r.status = CSP_EXIT_OUTPUT;
    csp_diag_flush(ld->diags, stderr, CSP_FORMAT_TEXT);
  }
  r.rules = csp_xcalloc(n ? n : 1, sizeof *r.rules);
  r.docx = csp_docx_cache_new();
  csp_workers_run(n, b->to_dir ? b->jobs : 1, S_work, S_arrive, S_take, &r);
  int status = S_finish(&r);
  csp_diag_flush(ld->diags, stderr, CSP_FORMAT_TEXT);
  for (size_t i = 0; i < n; i++)
    free(r.rules[i]);
  free(r.rules);
  free(r.out0);
  free(r.first);
  csp_docx_cache_free(r.docx);
  csp_guard_release(&r.g);
  return status;
}
