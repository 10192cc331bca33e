/* cmd_diff.c: csecpol diff: option parsing and orchestration.
 *
 * OLD and NEW are each a site file, rendered first (with its own
 * `extends` chain), a Markdown policy that csecpol wrote, or a DOCX
 * (csecpol's, or one edited since in Word or LibreOffice), read back
 * into a cmark document by docx_read.c.  When both
 * are site files and the old and new templates differ, a third render,
 * OLD's site data with the new template, splits the changes in two:
 * old -> third is what the template changed, third -> new what the
 * site file changed.  The diff modules (diff.h) align and attribute
 * the changes and write the text format and the redline; the renderers
 * write the redline's formats.  This file parses the options, loads
 * the two sides, calls them and maps the result to an exit status. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "csecpol.h"
#include "value.h"
#include "diff.h"
#include "docx_in.h"
#include "docx_read.h"
#include "load.h"
#include "output.h"
#include "policy.h"
#include "site.h"

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

/* One input and what was made of it. */
typedef struct S_side {
  const char *path;  /* as given */
  const char *label; /* for messages: "<stdin>" for "-" */
  csp_buf data;      /* its bytes */
  int markdown;      /* a Markdown policy */
  int docx;          /* a DOCX; neither: a site file */
  csp_node *site;    /* a site file's completed tree */
  cmark_node *md;    /* a Markdown policy's or a DOCX's document */
  char *md_title, *md_date; /* what csp_meta borrows for either */
} S_side;

/* A template and its source. */
typedef struct S_tmpl {
  const char *path; /* NULL: the built-in one */
  const char *name;
  csp_buf src;
  csp_tmpl *t;
} S_tmpl;

static int S_has_suffix(const char *s, const char *suffix)
{
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* A Markdown policy or a site file?  By the name's extension when it
 * has one of .md, .markdown, .yaml, .yml; else (standard input, a pipe)
 * by the first line that is neither blank nor a '#' line: a YAML site
 * file starts with "---" or "key:", a Markdown policy does not. */
static int S_is_markdown(const char *path, const char *s, size_t len)
{
  if (S_has_suffix(path, ".md") || S_has_suffix(path, ".markdown"))
    return 1;
  if (S_has_suffix(path, ".yaml") || S_has_suffix(path, ".yml"))
    return 0;
  const char *end = s + len;
  while (s < end) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    const char *eol = nl ? nl : end;
    const char *p = s;
    if (p + 3 <= end && (unsigned char)p[0] == 0xEF &&
        (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF)
      p += 3; /* a byte order mark */
    while (p < eol && (*p == ' ' || *p == '\t' || *p == '\r'))
      p++;
    if (p < eol && *p != '#') {
      if (eol - p >= 3 && strncmp(p, "---", 3) == 0)
        return 0;
      const char *q = p;
      while (q < eol && ((*q >= 'a' && *q <= 'z') || *q == '_' ||
                         (*q >= '0' && *q <= '9' && q > p)))
        q++;
      return !(q > p && q < eol && *q == ':' &&
               (q + 1 == eol || q[1] == ' ' || q[1] == '\t' ||
                q[1] == '\r'));
    }
    s = eol + 1;
  }
  return 0; /* blank or comments only: a (blank) site file */
}

/* A DOCX?  By the name (.docx, .docm, .dotx, .dotm, any case) or by its
 * first bytes: a zip archive, or the OLE2 file Word makes of a
 * password-protected one (refused with a message when opened). */
static int S_is_docx(const char *path, const char *s, size_t len)
{
  static const char *const ext[] = {".docx", ".docm", ".dotx", ".dotm"};
  size_t n = strlen(path);
  for (size_t i = 0; i < sizeof ext / sizeof *ext; i++)
    if (n >= 5 && strcasecmp(path + n - 5, ext[i]) == 0)
      return 1;
  return csp_docx_in_sniff(s, len);
}

/* The first bytes of the regular file at path, for S_is_docx: none for
 * standard input or what cannot be read (csp_load_read then says why). */
static size_t S_peek(const char *path, char *buf, size_t n)
{
  if (strcmp(path, "-") == 0)
    return 0;
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  struct stat st;
  ssize_t r = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? read(fd, buf, n)
                                                         : -1;
  close(fd);
  return r > 0 ? (size_t)r : 0;
}

/* Reads a side, up to the limit of a DOCX when it is one (by its name
 * or first bytes; standard input is read to that limit and then
 * looked at), else of a site file or Markdown policy.  Returns 0, or -1
 * after reporting. */
static int S_read(csp_load *ld, S_side *s)
{
  char head[8];
  size_t nhead = S_peek(s->path, head, sizeof head);
  int docx = S_is_docx(s->path, head, nhead);
  int in = strcmp(s->path, "-") == 0;
  if (csp_load_read(ld, s->path, docx ? "the DOCX" : "the file", 0,
                    docx || in ? CSP_MAX_DOCX_FILE : CSP_MAX_FILE_SIZE,
                    docx ? "take out its pictures, or diff a copy without "
                           "them"
                         : "split it",
                    &s->data) < 0)
    return -1;
  if (in && s->data.len > CSP_MAX_FILE_SIZE &&
      !S_is_docx(s->path, s->data.data, s->data.len)) {
    csp_loc loc = {s->label, 0, 0};
    csp_diag(CSP_R_LIMIT, &loc,
             "the file is larger than the limit of %d bytes (%d MiB); "
             "split it",
             CSP_MAX_FILE_SIZE, CSP_MAX_FILE_SIZE / (1024 * 1024));
    return -1;
  }
  return 0;
}

static int S_tmpl_load(csp_load *ld, S_tmpl *t)
{
  csp_buf_init(&t->src);
  t->t = csp_policy_template_src(ld, t->path, &t->name, &t->src);
  return t->t ? 0 : -1;
}

/* The text of a node's inlines. */
static void S_plain(cmark_node *node, csp_buf *out)
{
  cmark_iter *it = cmark_iter_new(node);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    cmark_node_type t = cmark_node_get_type(n);
    if (ev != CMARK_EVENT_ENTER)
      continue;
    if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE)
      csp_buf_puts(out, cmark_node_get_literal(n));
    else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
      csp_buf_putc(out, ' ');
  }
  cmark_iter_free(it);
}

/* A Markdown policy's title (its first level-1 heading) and effective
 * date (a paragraph "Effective date: YYYY-MM-DD", as csecpol's template
 * writes it), for the page title and the DOCX revision date. */
static void S_md_meta(S_side *s)
{
  csp_buf b;
  csp_buf_init(&b);
  for (cmark_node *n = cmark_node_first_child(s->md); n;
       n = cmark_node_next(n)) {
    cmark_node_type t = cmark_node_get_type(n);
    csp_buf_clear(&b);
    if (t == CMARK_NODE_HEADING && !s->md_title &&
        cmark_node_get_heading_level(n) == 1) {
      S_plain(n, &b);
      s->md_title = csp_xstrdup(b.data);
    } else if (t == CMARK_NODE_PARAGRAPH && !s->md_date) {
      static const char label[] = "Effective date: ";
      S_plain(n, &b);
      if (strncmp(b.data, label, sizeof label - 1) == 0 &&
          csp_date_ok(b.data + sizeof label - 1))
        s->md_date = csp_xstrdup(b.data + sizeof label - 1);
    }
  }
  csp_buf_release(&b);
}

/* Reads and loads one side.  Returns an exit status. */
static int S_side_load(csp_load *ld, S_side *s, const csp_check_opts *check,
                       int draft)
{
  csp_buf_init(&s->data);
  if (S_read(ld, s) < 0)
    return CSP_EXIT_INPUT;
  s->docx = S_is_docx(s->path, s->data.data, s->data.len);
  if (s->docx) {
    csp_docx_read_info info;
    s->md = csp_docx_read(s->label, s->data.data, s->data.len,
                          &info);
    if (!s->md)
      return CSP_EXIT_INPUT;
    S_md_meta(s);
    csp_loc loc = {s->label, 0, 0};
    /* notes of their own, not attached to what came before */
    if (info.changes) {
      csp_diag_flush(stderr, CSP_FORMAT_TEXT);
      csp_diag_note(&loc, "%d tracked change%s read as accepted",
                    info.changes, info.changes == 1 ? "" : "s");
    }
    if (info.comments) {
      csp_diag_flush(stderr, CSP_FORMAT_TEXT);
      csp_diag_note(&loc, "%d comment%s ignored", info.comments,
                    info.comments == 1 ? "" : "s");
    }
    return CSP_EXIT_OK;
  }
  s->markdown = S_is_markdown(s->path, s->data.data, s->data.len);
  if (s->markdown) {
    s->md = cmark_parse_document(s->data.data, s->data.len,
                                 CMARK_OPT_VALIDATE_UTF8 |
                                     CMARK_OPT_SOURCEPOS);
    if (csp_policy_sanitize(s->md, s->label, "the Markdown policy", 0) < 0)
      return CSP_EXIT_INPUT;
    S_md_meta(s);
    return CSP_EXIT_OK;
  }
  int errors;
  s->site = csp_policy_load_text(ld, s->path, s->data.data, s->data.len,
                                 check, draft, &errors);
  if (!s->site)
    return CSP_EXIT_INPUT;
  if (errors && !draft) {
    csp_loc loc = {s->label, 0, 0};
    csp_diag_sev(CSP_ERROR, CSP_R_NONE, &loc,
                 "not compared: %d error%s above; fix %s, or use --draft to "
                 "compare drafts",
                 errors, errors == 1 ? "" : "s", errors == 1 ? "it" : "them");
    return CSP_EXIT_INPUT;
  }
  return CSP_EXIT_OK;
}

static void S_side_release(S_side *s)
{
  csp_buf_release(&s->data);
  if (s->site)
    csp_node_free(s->site);
  if (s->md)
    cmark_node_free(s->md);
  free(s->md_title);
  free(s->md_date);
}

/* The document of a side: a Markdown policy's or a DOCX's own (a copy
 * is made by reading it again, so each render may be changed), or the
 * site rendered with t.  NULL after reporting. */
static cmark_node *S_render(const S_side *s, const S_tmpl *t)
{
  if (s->docx) {
    csp_docx_read_info info;
    return csp_docx_read(s->label, s->data.data, s->data.len,
                         &info);
  }
  if (s->markdown) {
    cmark_node *doc = cmark_parse_document(s->data.data, s->data.len,
                                           CMARK_OPT_VALIDATE_UTF8 |
                                               CMARK_OPT_SOURCEPOS);
    csp_policy_sanitize(doc, s->label, "the Markdown policy", 0);
    return doc;
  }
  return csp_policy_document(t->t, t->name, s->site);
}

static void S_meta(const S_side *s, csp_meta *meta)
{
  if (s->site) {
    csp_policy_meta(s->site, meta);
    return;
  }
  meta->title = s->md_title;
  meta->effective_date = s->md_date;
  meta->subject = "Commercial Sexual Exploitation of Children (CSEC) policy";
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
static int S_redline(const S_opts *o, csp_diff_run *r, const S_side *new,
                     const csp_diff_labels *labels, csp_buf *out)
{
  csp_meta meta;
  memset(&meta, 0, sizeof meta);
  S_meta(new, &meta);
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
  S_side sides[2];
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
    S_side *s = &d->sides[i];
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
    t[1].t = csp_tmpl_parse(t[1].name, t[1].src.data, t[1].src.len);
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
    int status = S_side_load(&d->ld, &d->sides[i], &d->check, d->o.draft);
    if (status != CSP_EXIT_OK)
      return status;
  }
  for (int i = 0; i < 2; i++) {
    const S_side *s = &d->sides[i];
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
  d->docs[0] = S_render(&d->sides[0], &t[0]);
  d->docs[2] = S_render(&d->sides[1], &t[1]);
  if (split)
    d->docs[1] = S_render(&d->sides[0], &t[1]);
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
  else if (S_redline(&d->o, &d->r, &d->sides[1], &labels, &d->out) < 0)
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
    S_side_release(&d->sides[i]);
  }
}

int cmd_diff(int argc, char **argv)
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
  csp_load_init(&d.ld);
  csp_guard_init(&d.g);
  csp_buf_init(&d.out);
  int status = S_load(&d);
  if (status == CSP_EXIT_OK)
    status = S_docs(&d);
  csp_diag_flush(stderr, CSP_FORMAT_TEXT);
  if (status == CSP_EXIT_OK)
    status = S_write(&d);
  csp_diag_flush(stderr, CSP_FORMAT_TEXT);
  S_run_release(&d);
  if (status == CSP_EXIT_OK && d.differs)
    status = CSP_EXIT_FINDINGS;
  return status;
}
