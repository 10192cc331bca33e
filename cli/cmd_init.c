/* cmd_init.c: csecpol init: options, the shared state file the new
 * site extends (beside the output, else the one csecpol ships), the
 * interview (interview.c) when asked, and the site file (scaffold.c)
 * written through the output guard, with the shared file beside it
 * when it is missing. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "csecpol.h"
#include "interview.h"
#include "load.h"
#include "output.h"
#include "scaffold.h"
#include "site.h"
#include "value.h"

/* Where `make install` puts the site file's JSON Schema, which the
 * first line of a scaffold names: the Makefile passes its DATADIR; a
 * build without it (the fuzz harnesses) gets the default PREFIX's. */
#ifndef CSP_DATADIR
#define CSP_DATADIR "/usr/local/share/csecpol"
#endif

/* The shared state files, embedded at build time from sites/states/
 * (build/gen/embedded.c): code, text, code, text, ..., NULL. */

static const char usage[] =
    "usage: csecpol init [options]\n"
    "\n"
    "Writes a commented site file to fill in: every field, required ones\n"
    "with a TODO placeholder that 'csecpol check' flags until it is\n"
    "filled, optional ones commented out.\n"
    "\n"
    "  --state XX          the site's state (USPS code); when csecpol\n"
    "                      ships states/xx.yaml (or FILE's folder has\n"
    "                      one), the file extends it and leaves out what\n"
    "                      it supplies\n"
    "  --site-name NAME    the site's name\n"
    "  -o, --output FILE   write FILE, and states/xx.yaml beside it when it\n"
    "                      is missing (default: standard output)\n"
    "      --force         overwrite FILE if it exists\n"
    "  -i, --interactive   ask for each field on the terminal, check each\n"
    "                      answer at once, and write FILE (-o) filled in\n"
    "      --answers FILE  take the interview's answers from FILE, one a\n"
    "                      line, instead of a terminal\n"
    "      --schema URI    the JSON Schema the first line names for editors\n"
    "                      (default " CSP_DATADIR "/site.schema.json;\n"
    "                      '' for no such line)\n"
    "  -l, --list          list the fields instead, as 'csecpol fields'\n"
    "  -h, --help          show this help\n";

/* The embedded shared file of a state ("nj"), or NULL. */
static const char *S_embedded_state(const char *code)
{
  for (size_t i = 0; csp_embed_states[i]; i += 2)
    if (strcmp(csp_embed_states[i], code) == 0)
      return csp_embed_states[i + 1];
  return NULL;
}

/* "sites/new.yaml" -> "sites/" ("" for a bare name); the caller frees. */
static char *S_dir_of(const char *path)
{
  const char *slash = strrchr(path, '/');
  return csp_xstrndup(path, slash ? (size_t)(slash - path) + 1 : 0);
}

static int S_exists(const char *path)
{
  struct stat st;
  return stat(path, &st) == 0;
}

/* The shared file of a state: states/xx.yaml beside the output when it
 * is there (the site's own copy), else the one csecpol ships. */
typedef struct {
  csp_load *ld;         /* what the run reads */
  const char *dir;      /* the output's folder ("" for none) */
  int to_file;          /* writing a file, not standard output */
  char state[3];        /* "NY", "" before S_shared_load */
  char rel[32];         /* "states/ny.yaml" */
  char *beside;         /* dir + rel */
  const char *embedded; /* the text csecpol ships, or NULL */
  csp_node *tree;       /* the file's tree (a map), or NULL */
} S_shared;

/* Loads the shared file of state (a valid USPS code) into sh.  Returns
 * 0 (sh->tree is NULL when there is none), or -1 when the file beside
 * the output cannot be read (reported). */
static int S_shared_load(S_shared *sh, const char *state)
{
  if (strcmp(sh->state, state) == 0)
    return 0;
  csp_node_free(sh->tree);
  free(sh->beside);
  sh->tree = NULL;
  char lower[3] = {(char)tolower((unsigned char)state[0]),
                   (char)tolower((unsigned char)state[1]), '\0'};
  snprintf(sh->state, sizeof sh->state, "%s", state);
  snprintf(sh->rel, sizeof sh->rel, "states/%s.yaml", lower);
  size_t n = strlen(sh->dir) + strlen(sh->rel) + 1;
  sh->beside = csp_xmalloc(n);
  snprintf(sh->beside, n, "%s%s", sh->dir, sh->rel);
  sh->embedded = S_embedded_state(lower);
  int rc = 0;
  if (sh->to_file && S_exists(sh->beside)) {
    csp_buf b;
    csp_buf_init(&b);
    if (csp_load_read(sh->ld, sh->beside, "the file", CSP_LOAD_REGULAR,
                      CSP_MAX_FILE_SIZE, "split it", &b) == 0)
      sh->tree = csp_yaml_parse(sh->ld->diags, sh->beside, b.data, b.len);
    csp_buf_release(&b);
    rc = sh->tree ? 0 : -1;
  } else if (sh->embedded) {
    sh->tree = csp_yaml_parse(sh->ld->diags, sh->rel, sh->embedded,
                              strlen(sh->embedded));
    rc = sh->tree ? 0 : -1;
  }
  if (sh->tree && sh->tree->kind != CSP_NODE_MAP) {
    csp_node_free(sh->tree);
    sh->tree = NULL; /* an empty or odd file supplies nothing */
  }
  return rc;
}

static void S_shared_release(S_shared *sh)
{
  csp_node_free(sh->tree);
  free(sh->beside);
}

/* The interview's view of the shared files (interview.h). */
static int S_shared_for(void *ctx, const char *state, const csp_node **tree,
                        const char **rel, int *shipped)
{
  S_shared *sh = ctx;
  int rc = S_shared_load(sh, state);
  *tree = sh->tree;
  *rel = sh->rel;
  *shipped = sh->embedded != NULL;
  return rc;
}

/* The path a yaml-language-server line may name: no space (the line
 * ends at one) and no control character. */
static int S_schema_ok(const char *s)
{
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if (*p <= ' ' || *p == 0x7f)
      return 0;
  return 1;
}

/* What init's options say. */
typedef struct S_args {
  const char *state_arg, *site_name, *answers_path;
  const char *output; /* NULL: standard output */
  const char *schema; /* NULL: no yaml-language-server line */
  int force, list, interactive;
  char state[3]; /* state_arg in capitals, or the interview's; "" */
} S_args;

static const csp_optuse S_uses[] = {
    CSP_USE_STR(CSP_OPT_STATE, S_args, state_arg),
    CSP_USE_STR(CSP_OPT_SITE_NAME, S_args, site_name),
    CSP_USE(CSP_OPT_OUTPUT),
    CSP_USE_FLAG(CSP_OPT_FORCE, S_args, force),
    CSP_USE_FLAG(CSP_OPT_LIST, S_args, list),
    CSP_USE_FLAG(CSP_OPT_INTERACTIVE, S_args, interactive),
    CSP_USE_STR(CSP_OPT_ANSWERS, S_args, answers_path),
    CSP_USE_STR(CSP_OPT_SCHEMA, S_args, schema),
    CSP_USE(CSP_OPT_HELP),
    CSP_USE_END};

const csp_cmdspec csp_init_spec = {"init", usage, S_uses};

/* After the options: --schema, and what the interview needs.  Returns
 * CSP_CMDOPTS_NEXT, or CSP_EXIT_USAGE after reporting. */
static int S_args_check(S_args *a)
{
  if (!S_schema_ok(a->schema))
    return csp_usage_error("init",
                           "--schema '%s' holds a space or a control "
                           "character, which the yaml-language-server line "
                           "cannot carry; write a space in a URL as %%20",
                           a->schema);
  if (!*a->schema)
    a->schema = NULL;
  if (a->interactive) {
    if (a->state_arg || a->site_name)
      return csp_usage_error("init", "the interview asks for the %s; leave "
                                     "out %s with --interactive",
                             a->state_arg ? "state" : "site's name",
                             a->state_arg ? "--state" : "--site-name");
    if (!a->output)
      return csp_usage_error("init", "the interview writes its file at the "
                                     "end; name it with -o FILE (- for "
                                     "standard output)");
    if (!a->answers_path && !isatty(STDIN_FILENO))
      return csp_usage_error("init", "--interactive asks its questions on a "
                                     "terminal, and standard input is not "
                                     "one; give --answers FILE to answer "
                                     "from a file, one answer a line");
  }
  if (a->output && strcmp(a->output, "-") == 0)
    a->output = NULL;
  return CSP_CMDOPTS_NEXT;
}

/* --state, --site-name and the file to write.  Returns
 * CSP_CMDOPTS_NEXT, or the exit status after reporting. */
static int S_values_check(csp_diags *dg, S_args *a)
{
  if (a->state_arg) {
    if (strlen(a->state_arg) == 2) {
      for (int i = 0; i < 2; i++)
        a->state[i] = (char)toupper((unsigned char)a->state_arg[i]);
      a->state[2] = '\0';
    }
    if (!a->state[0] || !csp_state_ok(a->state))
      return csp_usage_error("init",
                             "unknown state '%s'; give its two-letter USPS "
                             "code, such as NJ or NY",
                             a->state_arg);
  }
  if (a->site_name) {
    csp_loc loc = {"--site-name", 0, 0};
    if (csp_site_check_text(dg, a->site_name, strlen(a->site_name), &loc) <
        0) {
      csp_diag_flush(dg, stderr, CSP_FORMAT_TEXT);
      return CSP_EXIT_USAGE;
    }
  }
  if (a->output && !a->force && S_exists(a->output)) {
    csp_loc loc = {a->output, 0, 0};
    csp_diag(dg, CSP_R_OUTPUT, &loc,
             "the file exists; choose another name, or use --force to "
             "overwrite it");
    csp_diag_flush(dg, stderr, CSP_FORMAT_TEXT);
    return CSP_EXIT_OUTPUT;
  }
  return CSP_CMDOPTS_NEXT;
}

/* One run of init: what it reads and writes. */
typedef struct S_run {
  char *dir; /* the output's folder ("" for none) */
  csp_load ld;
  csp_guard g;      /* 0: the site file; 1: the shared file */
  S_shared sh;
  csp_node *answers;      /* the interview's, or NULL */
  const csp_node *shared; /* the shared file the site extends, or NULL */
  int declined;           /* the interview declined the shared file */
  int interrupted;        /* the interview was ended with Ctrl-C */
} S_run;

/* Runs the interview, from --answers FILE or the terminal, into r and
 * a->state.  Returns an exit status. */
static int S_interview(S_run *r, S_args *a)
{
  FILE *in = stdin;
  const char *path = a->answers_path;
  if (path && strcmp(path, "-") != 0 && !(in = fopen(path, "r"))) {
    csp_loc loc = {path, 0, 0};
    csp_diag(r->ld.diags, CSP_R_READ, &loc, "cannot read the answers: %s",
             strerror(errno));
    return CSP_EXIT_INPUT;
  }
  int status = CSP_EXIT_OK;
  csp_check_opts opts = {.max_age = -1, .today = csp_today()};
  csp_interview iv = {.in = in,
                      .out = stderr,
                      .name = path && strcmp(path, "-") == 0 ? "<stdin>"
                                                             : path,
                      .echo = path != NULL,
                      .opts = &opts,
                      .diags = r->ld.diags,
                      .shared = S_shared_for,
                      .ctx = &r->sh};
  if (csp_interview_run(&iv, &r->answers) < 0)
    status = CSP_EXIT_INPUT;
  r->interrupted = iv.interrupted;
  if (in != stdin)
    fclose(in);
  snprintf(a->state, sizeof a->state, "%s", iv.state);
  if (iv.extends)
    r->shared = r->sh.tree;
  else
    r->declined = r->sh.tree != NULL;
  return status;
}

/* Writes the shared file beside the site file (guard part 1), making
 * states/ first.  Returns an exit status. */
static int S_write_shared(S_run *r, const S_args *a)
{
  size_t n = strlen(r->dir) + sizeof "states";
  char *sdir = csp_xmalloc(n);
  snprintf(sdir, n, "%sstates", r->dir);
  int status = CSP_EXIT_OK;
  if (mkdir(sdir, 0777) < 0 && errno != EEXIST) {
    csp_loc loc = {r->sh.beside, 0, 0};
    csp_diag(r->ld.diags, CSP_R_OUTPUT, &loc,
             "cannot write the shared file %s extends: %s", a->output,
             strerror(errno));
    status = CSP_EXIT_OUTPUT;
  } else if (csp_guard_write(&r->g, 1, r->sh.embedded,
                             strlen(r->sh.embedded)) < 0) {
    status = CSP_EXIT_OUTPUT;
  }
  free(sdir);
  return status;
}

/* Writes the site file, and the shared file it extends when that is not
 * there yet.  Returns an exit status. */
static int S_write(S_run *r, const S_args *a)
{
  int write_shared = a->output && r->shared && r->sh.embedded &&
                     !S_exists(r->sh.beside);
  if (write_shared)
    csp_guard_add(&r->g, r->sh.beside, "the shared file", 0);
  if (csp_guard_check(&r->g, &r->ld, 0, CSP_GUARD_ALL))
    return CSP_EXIT_OUTPUT;
  csp_buf out;
  csp_buf_init(&out);
  csp_scaffold sc = {.shared = r->shared,
                     .shared_rel = r->sh.rel,
                     .state = a->state[0] ? a->state : NULL,
                     .shipped = r->sh.embedded != NULL,
                     .site_name = a->site_name,
                     .schema = a->schema,
                     .answers = r->answers,
                     .declined = r->declined};
  csp_scaffold_write(&sc, &out);
  int status = CSP_EXIT_OK;
  if (csp_guard_write(&r->g, 0, out.data, out.len) < 0)
    status = CSP_EXIT_OUTPUT;
  csp_buf_release(&out);
  if (status == CSP_EXIT_OK && write_shared)
    status = S_write_shared(r, a);
  if (status == CSP_EXIT_OK && csp_guard_commit(&r->g) < 0)
    status = CSP_EXIT_OUTPUT;
  if (status == CSP_EXIT_OK && write_shared)
    fprintf(stderr, "csecpol init: wrote %s, the shared %s file %s "
                    "extends\n",
            r->sh.beside, a->state, a->output);
  return status;
}

/* Reads what the file is made from and writes it.  Returns an exit
 * status. */
static int S_run_init(csp_diags *dg, S_args *a)
{
  S_run r = {.dir = a->output ? S_dir_of(a->output) : csp_xstrdup("")};
  csp_load_init(&r.ld, dg);
  csp_guard_init(&r.g, dg);
  csp_guard_add(&r.g, a->output ? a->output : "-", "the site file", 0);
  r.sh = (S_shared){.ld = &r.ld, .dir = r.dir, .to_file = a->output != NULL};
  int status = CSP_EXIT_OK;
  if (a->interactive) {
    status = S_interview(&r, a);
  } else if (a->state[0]) {
    if (S_shared_load(&r.sh, a->state) < 0)
      status = CSP_EXIT_INPUT;
    r.shared = r.sh.tree;
  }
  if (status == CSP_EXIT_OK)
    status = S_write(&r, a);
  csp_diag_flush(dg, stderr, CSP_FORMAT_TEXT);
  csp_node_free(r.answers);
  S_shared_release(&r.sh);
  csp_guard_release(&r.g);
  csp_load_release(&r.ld);
  free(r.dir);
  if (r.interrupted) {
    /* end as Ctrl-C ends a program, so that a shell or make sees it */
    fflush(NULL);
    signal(SIGINT, SIG_DFL);
    raise(SIGINT);
  }
  return status;
}

int cmd_init(csp_diags *dg, int argc, char **argv)
{
  S_args a = {.schema = CSP_DATADIR "/site.schema.json"};
  csp_cmdopts o = {.spec = &csp_init_spec};
  int rc = csp_cmdopts_parse(&o, argc, argv, NULL, &a);
  if (rc != CSP_CMDOPTS_NEXT)
    return rc;
  a.output = o.output;
  a.interactive |= a.answers_path != NULL; /* --answers is an interview */
  if (optind < argc)
    return csp_usage_error("init", "unexpected argument '%s'; init reads "
                                   "no file, use -o FILE to write one",
                           argv[optind]);
  if (a.list) {
    char *fargv[] = {"fields", NULL};
    return cmd_fields(dg, 1, fargv);
  }
  if ((rc = S_args_check(&a)) != CSP_CMDOPTS_NEXT ||
      (rc = S_values_check(dg, &a)) != CSP_CMDOPTS_NEXT)
    return rc;
  return S_run_init(dg, &a);
}
