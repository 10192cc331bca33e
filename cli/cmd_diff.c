/* cmd_diff.c: csecpol diff: option parsing and orchestration.
 *
 * OLD and NEW are each a site file, rendered first (with its own
 * `extends` chain), a Markdown policy that csecpol wrote, or a DOCX
 * (csecpol's, or one edited since in Word or LibreOffice), read back
 * into a cmark document by docx_read.c; diff_input.c reads and loads
 * them.  When both are site files and the old and new templates differ, a third render,
 * OLD's site data with the new template, splits the changes in two:
 * old -> third is what the template changed, third -> new what the
 * site file changed.  The diff modules (diff.h) align and attribute
 * the changes and write the text format and the redline; the renderers
 * write the redline's formats.  This file parses the options, loads
 * the two sides, calls them and maps the result to an exit status. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cmd.h"
#include "csecpol.h"
#include "diff.h"
#include "diff_input.h"
#include "load.h"
#include "output.h"
#include "policy.h"

static const char usage[] =
    "usage: csecpol diff [options] OLD NEW\n"
    "\n"
    "Shows what changed between two versions of a policy.  OLD and NEW\n"
    "are each a site file (rendered first), a Markdown policy that\n"
    "csecpol wrote, or a DOCX (csecpol's, or one edited since: tracked\n"
    "changes are read as accepted); - is standard input.  Exit status:\n"
    "0 the same, 1 different, 2 usage, 3 unreadable or invalid input,\n"
    "4 output.\n"
    "\n"
    "  -f, --format FORMAT     text (a unified diff; the default), md\n"
    "                          ([-old-]{+new+} marks), html (a redline\n"
    "                          page) or docx (tracked changes)\n"
    "  -o, --output PATH       the output file (default standard output)\n"
    "  -t, --template FILE     the template for both site files\n"
    "      --old-template FILE the template for OLD\n"
    "      --new-template FILE the template for NEW; when the two differ,\n"
    "                          the changes the template made are told\n"
    "                          apart from those the site file made\n"
    "      --author NAME       DOCX: the author of the tracked changes\n"
    "                          (default csecpol)\n"
    "      --draft             compare site files that still have errors,\n"
    "                          as drafts with missing values marked\n"
    "      --color WHEN        text: auto (on a terminal, unless NO_COLOR\n"
    "                          is set), always or never\n"
    "  -U, --context N         text: unchanged blocks around a change\n"
    "                          (default 3)\n"
    "  -h, --help              show this help\n";

typedef enum { F_TEXT, F_MD, F_HTML, F_DOCX } S_format;

/* A template and its source. */
typedef struct S_tmpl {
  const char *path; /* NULL: the built-in one */
  const char *name;
  csp_buf src;
  csp_tmpl *t;
} S_tmpl;

static int S_tmpl_load(csp_load *ld, S_tmpl *t)
{
  csp_buf_init(&t->src);
  t->t = csp_policy_template_src(ld, t->path, &t->name, &t->src);
  return t->t ? 0 : -1;
}

typedef struct S_opts {
  S_format format;
  const char *output;
  const char *author;
  int draft;
  int color;
  int context;
} S_opts;

/* Builds the redline into the new document and renders it. */
static int S_redline(csp_diags *dg, const S_opts *o, csp_diff_run *r,
                     const csp_diff_side *new, const csp_diff_labels *labels,
                     csp_buf *out)
{
  csp_meta meta;
  memset(&meta, 0, sizeof meta);
  meta.diags = dg;
  csp_diff_side_meta(new, &meta);
  csp_diff_marks marks;
  csp_diff_run_redline(r, o->author, meta.effective_date, &marks);
  int rc = 0;
  csp_buf css, pre;
  csp_buf_init(&css);
  csp_buf_init(&pre);
  if (o->format == F_MD) {
    csp_diff_redline_escape(r->docs[2]);
    rc = csp_render_md(r->docs[2], &meta, out);
  } else if (o->format == F_HTML) {
    size_t len;
    const char *builtin = csp_builtin_css(&len);
    csp_buf_put(&css, builtin, len);
    csp_diff_html_css(&css);
    meta.css = css.data;
    csp_diff_html_summary(r, labels, &pre);
    meta.preamble = pre.data;
    rc = csp_render_html(r->docs[2], &meta, out);
  } else {
    meta.output =
        o->output && strcmp(o->output, "-") != 0 ? o->output : "<stdout>";
    rc = csp_render_docx(r->docs[2], &meta, out);
  }
  csp_buf_release(&css);
  csp_buf_release(&pre);
  csp_diff_marks_release(&marks);
  return rc;
}

/* A format named on the command line, in any case, or -1. */
static int S_format_named(const char *name)
{
  if (strcasecmp(name, "text") == 0)
    return F_TEXT;
  switch (csp_format_find(name)) {
  case CSP_FMT_MD:
    return F_MD;
  case CSP_FMT_HTML:
    return F_HTML;
  case CSP_FMT_DOCX:
    return F_DOCX;
  default:
    return -1;
  }
}

/* The format -o's name says: .md, .markdown, .html, .htm, .docx, and
 * .diff, .patch or .txt for text; -1 for another name. */
static int S_format_of_path(const char *path)
{
  const char *slash = strrchr(path, '/');
  const char *dot = strrchr(slash ? slash + 1 : path, '.');
  if (dot && (strcasecmp(dot, ".diff") == 0 ||
              strcasecmp(dot, ".patch") == 0 || strcasecmp(dot, ".txt") == 0))
    return F_TEXT;
  int f = csp_format_of_path(path);
  return f < 0 ? -1 : S_format_named(csp_formats[f].name);
}

/* In the order of S_format. */
static const char *const S_format_names[] = {"text", "md", "html", "docx",
                                             NULL};

static int S_parse_color(const char *s, int *color)
{
  static const char *const whens[] = {"never", "always", "auto", NULL};
  int i = csp_opt_choice(s, whens);
  if (i < 0)
    return -1;
  *color = i == 2 ? -1 : i;
  return 0;
}

/* One run of diff: what the options say, the two sides, their
 * templates and documents, and the output. */
typedef struct S_run {
  S_opts o;
  csp_cmdopts co;
  const char *both; /* -t: the template of both sides */
  S_tmpl tmpls[2];
  csp_diff_side sides[2];
  int no_format; /* -o's name says no format: refused at the end */
  csp_check_opts check;
  csp_load ld;
  csp_guard g;
  cmark_node *docs[3]; /* old, old with the new template (or NULL), new */
  csp_diff_run r;
  csp_buf out;
  int differs;
} S_run;

static const csp_optuse S_uses[] = {
    CSP_USE(CSP_OPT_FORMAT),
    CSP_USE(CSP_OPT_OUTPUT),
    CSP_USE_STR(CSP_OPT_TEMPLATE, S_run, both),
    CSP_USE_STR(CSP_OPT_OLD_TEMPLATE, S_run, tmpls[0].path),
    CSP_USE_STR(CSP_OPT_NEW_TEMPLATE, S_run, tmpls[1].path),
    CSP_USE_STR(CSP_OPT_AUTHOR, S_run, o.author),
    CSP_USE_FLAG(CSP_OPT_DRAFT, S_run, o.draft),
    CSP_USE(CSP_OPT_COLOR),
    CSP_USE(CSP_OPT_CONTEXT),
    CSP_USE(CSP_OPT_HELP),
    CSP_USE_END};

const csp_cmdspec csp_diff_spec = {"diff", usage, S_uses};

/* Takes --color and -U into the run (ctx). */
static int S_option(void *ctx, int id, const char *arg)
{
  S_run *d = ctx;
  switch (id) {
  case CSP_OPT_COLOR:
    if (S_parse_color(arg, &d->o.color) < 0)
      return csp_usage_error("diff",
                             "unknown --color '%s'; use auto, always or "
                             "never",
                             arg);
    break;
  case CSP_OPT_CONTEXT: {
    char *end;
    long n = strtol(arg, &end, 10);
    if (!*arg || *end || n < 0 || n > 1000000)
      return csp_usage_error("diff",
                             "-U needs a number of blocks, not '%s'", arg);
    d->o.context = (int)n;
    break;
  }
  }
  return CSP_CMDOPTS_NEXT;
}

/* After the options: the format, OLD and NEW (argv[optind..]), the
 * templates and the colour.  Returns CSP_CMDOPTS_NEXT, or
 * CSP_EXIT_USAGE after reporting. */
static int S_args(S_run *d, int argc, char **argv)
{
  /* the format follows -o FILE's extension, as render's does; a name
   * that says none is refused once the output is known to replace no
   * input (that refusal comes first) */
  if (csp_cmdopts_format_by_name(&d->co, S_format_of_path, 0,
                                 &d->no_format) != 0)
    return CSP_EXIT_USAGE;
  d->o.output = d->co.output;
  d->o.format = (S_format)d->co.format;
  if (argc - optind != 2)
    return csp_usage_error("diff", argc - optind < 2
                                       ? "give two files, OLD and NEW"
                                       : "give only two files, OLD and NEW");
  S_tmpl *t = d->tmpls;
  if (d->both && (t[0].path || t[1].path))
    return csp_usage_error("diff", "-t sets both templates; use it, or "
                                   "--old-template and --new-template");
  if (d->both)
    t[0].path = t[1].path = d->both;
  int stdin_uses = d->both && strcmp(d->both, "-") == 0;
  for (int i = 0; i < 2; i++) {
    csp_diff_side *s = &d->sides[i];
    s->path = argv[optind + i];
    s->label = strcmp(s->path, "-") == 0 ? "<stdin>" : s->path;
    stdin_uses += strcmp(s->path, "-") == 0;
    if (!d->both)
      stdin_uses += t[i].path && strcmp(t[i].path, "-") == 0;
  }
  if (stdin_uses > 1)
    return csp_usage_error("diff", "standard input can be read once");
  if (d->o.format == F_DOCX && !d->o.output && isatty(STDOUT_FILENO))
    return csp_usage_error("diff",
                           "refusing to write DOCX to a terminal; use -o "
                           "FILE");
  if (d->o.color < 0) {
    const char *nc = getenv("NO_COLOR");
    d->o.color = !d->o.output && isatty(STDOUT_FILENO) && !(nc && *nc);
  }
  if (d->o.format != F_TEXT)
    d->o.color = 0;
  return CSP_CMDOPTS_NEXT;
}

/* Loads the templates: one read once when -t names it for both (or
 * neither is named).  Returns an exit status. */
static int S_tmpls_load(S_run *d)
{
  S_tmpl *t = d->tmpls;
  if (S_tmpl_load(&d->ld, &t[0]) < 0)
    return CSP_EXIT_INPUT;
  if (d->both || (!t[0].path && !t[1].path)) {
    t[1].name = t[0].name;
    csp_buf_init(&t[1].src);
    csp_buf_put(&t[1].src, t[0].src.data, t[0].src.len);
    t[1].t = csp_tmpl_parse(d->ld.diags, t[1].name, t[1].src.data,
                            t[1].src.len);
  } else if (S_tmpl_load(&d->ld, &t[1]) < 0) {
    return CSP_EXIT_INPUT;
  }
  return t[1].t ? CSP_EXIT_OK : CSP_EXIT_INPUT;
}

/* Checks the output against the inputs named before any is read (and
 * against every file read, parents and templates, before it is
 * written: S_write), then loads the sides and the templates.  Returns
 * an exit status. */
static int S_load(S_run *d)
{
  csp_guard_add(&d->g, d->o.output ? d->o.output : "-", "the output", 0);
  for (int i = 0; i < 2; i++) {
    csp_load_expect(&d->ld, d->sides[i].path, "the file");
    if (d->tmpls[i].path)
      csp_load_expect(&d->ld, d->tmpls[i].path, "the template");
  }
  if (csp_guard_check(&d->g, &d->ld, 0, CSP_GUARD_ALL))
    return CSP_EXIT_OUTPUT;
  d->check = (csp_check_opts){.max_age = -1, .today = csp_today()};
  for (int i = 0; i < 2; i++) {
    if (csp_diff_side_load(&d->ld, &d->sides[i], &d->check, d->o.draft) < 0)
      return CSP_EXIT_INPUT;
  }
  for (int i = 0; i < 2; i++) {
    const csp_diff_side *s = &d->sides[i];
    if ((s->markdown || s->docx) && d->tmpls[i].path)
      return csp_usage_error(
          "diff", "%s is a %s, already rendered; a template "
                  "applies to a site file only",
          s->label, s->docx ? "DOCX" : "Markdown policy");
  }
  return S_tmpls_load(d);
}

/* Renders the documents to compare: a third, OLD's site with NEW's
 * template, when both are site files and the templates differ.
 * Returns an exit status. */
static int S_docs(S_run *d)
{
  const S_tmpl *t = d->tmpls;
  int split = d->sides[0].site && d->sides[1].site &&
              (t[0].src.len != t[1].src.len ||
               memcmp(t[0].src.data, t[1].src.data, t[0].src.len) != 0);
  csp_diags *dg = d->ld.diags;
  d->docs[0] = csp_diff_side_render(dg, &d->sides[0], t[0].t, t[0].name);
  d->docs[2] = csp_diff_side_render(dg, &d->sides[1], t[1].t, t[1].name);
  if (split)
    d->docs[1] = csp_diff_side_render(dg, &d->sides[0], t[1].t, t[1].name);
  if (!d->docs[0] || !d->docs[2] || (split && !d->docs[1]))
    return CSP_EXIT_INPUT;
  return CSP_EXIT_OK;
}

/* Compares the documents and writes the diff in its format.  Returns an
 * exit status. */
static int S_write(S_run *d)
{
  csp_diff_labels labels = {d->sides[0].label, d->sides[1].label,
                            d->tmpls[0].name, d->tmpls[1].name};
  csp_diff_run_init(&d->r, d->docs[0], d->docs[1], d->docs[2]);
  d->differs = csp_diff_differs(&d->r.whole);
  if (d->o.format == F_TEXT)
    csp_diff_run_text(&d->r, &labels, d->o.context, d->o.color, &d->out);
  else if (S_redline(d->ld.diags, &d->o, &d->r, &d->sides[1], &labels,
                     &d->out) < 0)
    return CSP_EXIT_INPUT;
  if (csp_guard_check(&d->g, &d->ld, 0, CSP_GUARD_ALL))
    return CSP_EXIT_OUTPUT;
  if (d->no_format)
    return csp_cmdopts_no_format(&d->co, ".diff, .md, .html or .docx");
  if ((d->out.len || d->o.format != F_TEXT || d->o.output) &&
      (csp_guard_write(&d->g, 0, d->out.data, d->out.len) < 0 ||
       csp_guard_commit(&d->g) < 0))
    return CSP_EXIT_OUTPUT;
  return CSP_EXIT_OK;
}

static void S_run_release(S_run *d)
{
  csp_guard_release(&d->g);
  csp_load_release(&d->ld);
  csp_buf_release(&d->out);
  csp_diff_run_release(&d->r);
  for (int i = 0; i < 3; i++)
    if (d->docs[i])
      cmark_node_free(d->docs[i]);
  for (int i = 0; i < 2; i++) {
    if (d->tmpls[i].t)
      csp_tmpl_free(d->tmpls[i].t);
    csp_buf_release(&d->tmpls[i].src);
    csp_diff_side_release(&d->sides[i]);
  }
}

int cmd_diff(csp_diags *dg, int argc, char **argv)
{
  S_run d;
  memset(&d, 0, sizeof d);
  d.o = (S_opts){F_TEXT, NULL, "csecpol", 0, -1, 3};
  d.co = (csp_cmdopts){.spec = &csp_diff_spec,
                       .formats = S_format_names,
                       .format_find = S_format_named,
                       .format = F_TEXT};
  int rc = csp_cmdopts_parse(&d.co, argc, argv, S_option, &d);
  if (rc == CSP_CMDOPTS_NEXT)
    rc = S_args(&d, argc, argv);
  if (rc != CSP_CMDOPTS_NEXT)
    return rc;
  csp_load_init(&d.ld, dg);
  csp_guard_init(&d.g, dg);
  csp_buf_init(&d.out);
  int status = S_load(&d);
  if (status == CSP_EXIT_OK)
    status = S_docs(&d);
  csp_diag_flush(dg, stderr, CSP_FORMAT_TEXT);
  if (status == CSP_EXIT_OK)
    status = S_write(&d);
  csp_diag_flush(dg, stderr, CSP_FORMAT_TEXT);
  S_run_release(&d);
  if (status == CSP_EXIT_OK && d.differs)
    status = CSP_EXIT_FINDINGS;
  return status;
}
