/* cmd_render.c: csecpol render: options, then the batch engine
 * (batch.c). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "cmd.h"
#include "csecpol.h"
#include "policy.h"
#include "workers.h"

/* What they set is the batch's (batch.h). */
static const csp_optuse S_uses[] = {
    CSP_USE(CSP_OPT_FORMAT),
    CSP_USE(CSP_OPT_OUTPUT),
    CSP_USE_STR(CSP_OPT_TEMPLATE, csp_batch, tmpl_path),
    CSP_USE_FLAG(CSP_OPT_DRAFT, csp_batch, draft),
    CSP_USE_STR(CSP_OPT_DEPFILE, csp_batch, depfile),
    CSP_USE_FLAG(CSP_OPT_FRAGMENT, csp_batch, meta.fragment),
    CSP_USE(CSP_OPT_PAPER),
    CSP_USE_STR(CSP_OPT_REFERENCE_DOC, csp_batch, meta.reference_doc),
    CSP_USE(CSP_OPT_SET),
    CSP_USE(CSP_OPT_JOBS),
    CSP_USE(CSP_OPT_HELP),
    CSP_USE_END};

static const char usage[] =
    "usage: csecpol render [options] SITE.yaml...\n"
    "\n"
    "Writes the policy of each site file (- for standard input).\n"
    "\n"
    "  -f, --format LIST       md, html, docx, or a comma list (default:\n"
    "                          what -o FILE's extension says, else md)\n"
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

const csp_cmdspec csp_render_spec = {"render", usage, S_uses};

static int S_nformats(unsigned formats)
{
  int n = 0;
  for (int f = 0; f < CSP_NFORMATS; f++)
    n += (formats >> f) & 1;
  return n;
}

/* Takes -j and --paper into the batch (ctx). */
static int S_option(void *ctx, int id, const char *arg)
{
  /* in the order of csp_paper */
  static const char *const papers[] = {"letter", "a4", NULL};
  csp_batch *b = ctx;
  int paper;
  switch (id) {
  case CSP_OPT_JOBS: {
    char *end;
    errno = 0;
    long n = strtol(arg, &end, 10);
    if (errno || end == arg || *end || n < 0 || n > CSP_MAX_JOBS)
      return csp_usage_error("render",
                             "-j takes a whole number of jobs from 0 to "
                             "%d (0: one for each processor), not '%s'",
                             CSP_MAX_JOBS, arg);
    b->jobs = n ? (int)n : csp_workers_online();
    break;
  }
  case CSP_OPT_PAPER:
    if ((paper = csp_opt_choice(arg, papers)) < 0)
      return csp_usage_error("render",
                             "unknown paper '%s'; use letter or a4", arg);
    b->meta.paper = (csp_paper)paper;
    break;
  }
  return CSP_CMDOPTS_NEXT;
}

/* After the options: the output, the formats and what they allow, into
 * b.  Returns CSP_CMDOPTS_NEXT, or CSP_EXIT_USAGE after reporting. */
static int S_outputs(csp_batch *b, csp_cmdopts *o, char **sites,
                     int nsites)
{
  b->output = o->output;
  if (b->output && strcmp(b->output, "-") != 0 && csp_is_dir(b->output))
    b->to_dir = 1;
  if (csp_cmdopts_format_by_name(o, csp_format_of_path, b->to_dir,
                                 &b->no_format) != 0)
    return CSP_EXIT_USAGE;
  b->formats = o->format_set;
  if (b->meta.reference_doc && !((b->formats >> CSP_FMT_DOCX) & 1))
    return csp_usage_error("render", "--reference-doc styles a DOCX, and "
                                     "no DOCX is written; add -f docx");
  if (!b->to_dir && (nsites > 1 || S_nformats(b->formats) > 1)) {
    if (!b->output)
      return csp_usage_error("render",
                             "several sites or formats need -o DIR, an "
                             "existing directory");
    return csp_usage_error("render",
                           "'%s' is not a directory; several sites or "
                           "formats need -o DIR",
                           b->output);
  }
  if (b->depfile && (!b->output || strcmp(b->output, "-") == 0))
    return csp_usage_error("render",
                           "--depfile needs -o: the rule names the output "
                           "files");
  if (b->depfile && strcmp(b->depfile, "-") == 0)
    return csp_usage_error("render", "--depfile needs a file name");
  if (!b->to_dir && (b->formats >> CSP_FMT_DOCX & 1) &&
      (!b->output || strcmp(b->output, "-") == 0) && isatty(STDOUT_FILENO))
    return csp_usage_error("render",
                           "refusing to write DOCX to a terminal; use -o FILE");
  int stdin_uses = 0;
  for (int i = 0; i < nsites; i++)
    stdin_uses += strcmp(sites[i], "-") == 0;
  if (stdin_uses + (b->tmpl_path && strcmp(b->tmpl_path, "-") == 0) > 1)
    return csp_usage_error("render", "standard input can be read once");
  return CSP_CMDOPTS_NEXT;
}

/* Reads the template and the reference document, once for every site,
 * and renders the sites.  Returns the run's exit status. */
static int S_run(csp_batch *b, const csp_cmdopts *o, char **sites,
                 int nsites)
{
  csp_load ld;
  csp_load_init(&ld, o->diags);
  csp_tmpl *t = csp_policy_template(&ld, b->tmpl_path, &b->check);
  csp_buf ref;
  csp_buf_init(&ref);
  if (t && b->meta.reference_doc) {
    if (csp_load_read(&ld, b->meta.reference_doc, "the reference document",
                      0, CSP_MAX_REFERENCE_DOC,
                      "only its styles are used, so save a copy without "
                      "the pictures",
                      &ref) < 0) {
      csp_tmpl_free(t);
      t = NULL;
    }
    b->meta.reference_data = ref.data;
    b->meta.reference_len = ref.len;
  }
  int status;
  if (!t) {
    csp_diag_flush(o->diags, stderr, CSP_FORMAT_TEXT);
    status = CSP_EXIT_INPUT;
  } else {
    size_t csslen;
    b->meta.css = csp_builtin_css(&csslen);
    b->tmpl = t;
    status = csp_batch_render(b, &ld, sites, (size_t)nsites);
    if (b->no_format && status == CSP_EXIT_OK)
      status = csp_cmdopts_no_format(o, ".md, .html or .docx");
    csp_tmpl_free(t);
  }
  csp_load_release(&ld);
  csp_buf_release(&ref);
  return status;
}

int cmd_render(csp_diags *dg, int argc, char **argv)
{
  csp_batch b;
  memset(&b, 0, sizeof b);
  b.check.max_age = -1;
  b.jobs = 1;
  csp_sets sets;
  memset(&sets, 0, sizeof sets);
  const char *formats[CSP_NFORMATS + 1] = {NULL};
  for (int f = 0; f < CSP_NFORMATS; f++)
    formats[f] = csp_formats[f].name;
  csp_cmdopts o = {.spec = &csp_render_spec,
                   .formats = formats,
                   .format_find = csp_format_find,
                   .format_list = 1,
                   .sets = &sets,
                   .diags = dg,
                   .format = CSP_FMT_MD,
                   .format_set = 1u << CSP_FMT_MD};
  int rc = csp_cmdopts_parse(&o, argc, argv, S_option, &b);
  if (rc != CSP_CMDOPTS_NEXT)
    return rc;
  int nsites = argc - optind;
  char **sites = argv + optind;
  if (nsites == 0)
    return csp_usage_error("render", "no site file given");
  if ((rc = S_outputs(&b, &o, sites, nsites)) != CSP_CMDOPTS_NEXT)
    return rc;
  b.check.today = csp_today();
  b.sets = &sets;
#ifdef M_TRIM_THRESHOLD
  /* Every site allocates and frees its trees and outputs; let malloc
   * keep freed memory for the next site instead of handing it back to
   * the kernel and faulting it in again (a third of the system time of
   * a DOCX batch).  glibc only. */
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
  int status = S_run(&b, &o, sites, nsites);
  free(b.check.shown);
  return status;
}
