/* cmd_render.c: csecpol render: option parsing and orchestration. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "csecpol.h"
#include "policy.h"
#include "site.h"

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
    "      --draft             write a policy that still has errors, with\n"
    "                          missing values marked and DRAFT in the title\n"
    "      --fragment          HTML: the body alone, for embedding\n"
    "      --paper letter|a4   page size for DOCX and printed HTML\n"
    "      --reference-doc F   DOCX: take the styles from this .docx\n"
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

typedef struct {
  int formats;
  const char *output;
  int to_dir;
  int draft;
  csp_meta meta; /* the options part: paper, fragment, reference_doc, css */
  csp_check_opts check;
} S_opts;

/* Renders one site in every requested format.  Returns an exit status. */
static int S_render_site(const S_opts *o, const csp_tmpl *t,
                         const char *tmpl_name, const char *path,
                         const char *const *inputs, int ninputs)
{
  int errors;
  csp_node *site = csp_policy_load(path, &o->check, o->draft, &errors);
  if (!site)
    return CSP_EXIT_INPUT;
  if (errors && !o->draft) {
    const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    csp_loc loc = {name, 0, 0};
    csp_diag(CSP_ERROR, &loc, NULL,
             "not rendered: %d error%s above; fix %s, or use --draft to "
             "write a marked draft",
             errors, errors == 1 ? "" : "s", errors == 1 ? "it" : "them");
    csp_node_free(site);
    return CSP_EXIT_FINDINGS;
  }
  cmark_node *doc = csp_policy_document(t, tmpl_name, site);
  if (!doc) {
    csp_node_free(site);
    return CSP_EXIT_INPUT;
  }
  csp_meta meta = o->meta;
  csp_policy_meta(site, &meta);
  int status = CSP_EXIT_OK;
  char *stem = S_stem(path);
  for (size_t i = 0; i < NFORMATS && status == CSP_EXIT_OK; i++) {
    if (!(o->formats & formats[i].flag))
      continue;
    char *target;
    if (o->to_dir) {
      size_t n = strlen(o->output) + strlen(stem) + 16;
      target = csp_xmalloc(n);
      snprintf(target, n, "%s/%s.%s", o->output, stem, formats[i].name);
    } else {
      target = csp_xstrdup(o->output ? o->output : "-");
    }
    /* an input: a site file named, a file one extends, the template or
     * the reference document */
    int is_input = csp_file_was_read(target) ||
                   (o->meta.reference_doc &&
                    csp_same_file(target, o->meta.reference_doc));
    for (int k = 0; k < ninputs; k++)
      is_input |= csp_same_file(target, inputs[k]);
    if (is_input) {
      csp_loc loc = {target, 0, 0};
      csp_diag(CSP_ERROR, &loc, "output",
               "refusing to overwrite an input file; choose another "
               "output");
      status = CSP_EXIT_OUTPUT;
    }
    if (status == CSP_EXIT_OK && formats[i].flag == F_DOCX &&
        strcmp(target, "-") == 0 && isatty(STDOUT_FILENO)) {
      csp_usage_error("render",
                      "refusing to write DOCX to a terminal; use -o FILE");
      status = CSP_EXIT_USAGE;
    }
    csp_buf out;
    csp_buf_init(&out);
    if (status == CSP_EXIT_OK &&
        formats[i].render(doc, &meta, &out) < 0)
      status = CSP_EXIT_INPUT;
    if (status == CSP_EXIT_OK &&
        csp_write_file(target, out.data, out.len) < 0) {
      csp_loc loc = {strcmp(target, "-") == 0 ? "<stdout>" : target, 0, 0};
      csp_diag(CSP_ERROR, &loc, "output", "cannot write: %s",
               strerror(errno));
      status = CSP_EXIT_OUTPUT;
    }
    csp_buf_release(&out);
    free(target);
  }
  free(stem);
  cmark_node_free(doc);
  csp_node_free(site);
  return status;
}

int cmd_render(int argc, char **argv)
{
  static const struct option longopts[] = {
      {"format", required_argument, NULL, 'f'},
      {"output", required_argument, NULL, 'o'},
      {"template", required_argument, NULL, 't'},
      {"draft", no_argument, NULL, 'D'},
      {"fragment", no_argument, NULL, 'F'},
      {"paper", required_argument, NULL, 'P'},
      {"reference-doc", required_argument, NULL, 'R'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  S_opts o;
  memset(&o, 0, sizeof o);
  o.formats = F_MD;
  o.check.max_age = -1;
  const char *tmpl_path = NULL;
  int c;
  opterr = 0;
  optind = 1;
  while ((c = getopt_long(argc, argv, ":f:o:t:h", longopts, NULL)) != -1) {
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
    case 'h':
      fputs(usage, stdout);
      return CSP_EXIT_OK;
    case ':':
      return csp_usage_error("render", "option '%s' needs a value",
                             argv[optind - 1]);
    default:
      return csp_usage_error("render", "unknown option '%s'",
                             argv[optind - 1]);
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
  int stdin_uses = 0;
  for (int i = 0; i < nsites; i++)
    stdin_uses += strcmp(sites[i], "-") == 0;
  if (stdin_uses + (tmpl_path && strcmp(tmpl_path, "-") == 0) > 1)
    return csp_usage_error("render", "standard input can be read once");
  o.check.today = csp_today();

  /* the template and stylesheet are read once for every site */
  csp_buf src;
  csp_buf_init(&src);
  const char *tmpl_name = "<built-in template>";
  if (tmpl_path) {
    tmpl_name = strcmp(tmpl_path, "-") == 0 ? "<stdin>" : tmpl_path;
    if (csp_read_file(tmpl_path, CSP_MAX_FILE_SIZE, &src) < 0) {
      csp_loc loc = {tmpl_name, 0, 0};
      if (errno == EFBIG)
        csp_diag(CSP_ERROR, &loc, "limit",
                 "the template is larger than the limit of %d bytes "
                 "(%d MiB); shorten it",
                 CSP_MAX_FILE_SIZE, CSP_MAX_FILE_SIZE / (1024 * 1024));
      else
        csp_diag(CSP_ERROR, &loc, "read", "cannot read the template: %s",
                 strerror(errno));
      csp_buf_release(&src);
      csp_diag_flush(stderr, CSP_FORMAT_TEXT);
      return CSP_EXIT_INPUT;
    }
  } else {
    size_t len;
    const char *s = csp_builtin_template(&len);
    csp_buf_put(&src, s, len);
  }
  csp_tmpl *t = csp_tmpl_parse(tmpl_name, src.data, src.len);
  csp_buf_release(&src);
  if (!t) {
    csp_diag_flush(stderr, CSP_FORMAT_TEXT);
    return CSP_EXIT_INPUT;
  }
  size_t csslen;
  o.meta.css = csp_builtin_css(&csslen);

  int status = CSP_EXIT_OK;
  for (int i = 0; i < nsites; i++) {
    int s = S_render_site(&o, t, tmpl_name, sites[i],
                          (const char *const *)sites, nsites);
    csp_diag_flush(stderr, CSP_FORMAT_TEXT);
    if (s > status)
      status = s;
  }
  csp_tmpl_free(t);
  return status;
}
