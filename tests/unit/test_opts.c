/* test_opts.c: the table of options (opts.c) and each command's list of
 * them against its --help text: every option a command takes has its
 * line in the text, with its short letter exactly when the command
 * takes the letter and a value exactly when the option takes one, and
 * every --word in the text is an option the command takes.  Then the
 * getopt_long table a list makes: ids back for letters and long names,
 * abbreviations, permutation, "--", and what it refuses. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "opts.h"
#include "tap.h"

static const csp_cmdspec *const S_specs[] = {
    &csp_render_spec, &csp_check_spec, &csp_diff_spec,
    &csp_explain_spec, &csp_init_spec, &csp_fields_spec};
#define S_NSPECS (sizeof S_specs / sizeof *S_specs)

/* The entry of id in spec's list (with its CSP_OPT_LONG_ONLY bit), or
 * 0 when the command does not take it. */
static int S_entry(const csp_cmdspec *spec, int id)
{
  for (const csp_optuse *u = spec->opts; u->id != CSP_OPT_END; u++)
    if ((u->id & ~CSP_OPT_LONG_ONLY) == id)
      return u->id;
  return 0;
}

/* The id of the long name at s[0..n), or 0. */
static int S_named(const char *s, size_t n)
{
  for (int id = 1; id < CSP_OPT__COUNT; id++)
    if (strlen(csp_opts[id].name) == n && strncmp(csp_opts[id].name, s, n) == 0)
      return id;
  return 0;
}

/* The option line of --name in usage: the start of its line, which
 * holds only blanks and "-x, " before the name; NULL when there is
 * none.  *after is set to what follows the name. */
static const char *S_line(const char *usage, const char *name,
                          const char **after)
{
  size_t n = strlen(name);
  for (const char *p = strstr(usage, "--"); p; p = strstr(p + 2, "--")) {
    if (strncmp(p + 2, name, n) != 0 ||
        (p[2 + n] != ' ' && p[2 + n] != '\n'))
      continue;
    const char *bol = p;
    while (bol > usage && bol[-1] != '\n')
      bol--;
    const char *q = bol;
    while (q < p && *q == ' ')
      q++;
    if (q == p || (p - q == 4 && q[0] == '-' && q[2] == ',' && q[3] == ' ')) {
      *after = p + 2 + n;
      return bol;
    }
  }
  return NULL;
}

static void S_check_spec(const csp_cmdspec *spec)
{
  const char *text = spec->usage;
  int ok = 1;
  for (const csp_optuse *u = spec->opts; u->id != CSP_OPT_END; u++) {
    int id = u->id & ~CSP_OPT_LONG_ONLY;
    const csp_opt *o = &csp_opts[id];
    const char *after = NULL, *line = S_line(text, o->name, &after);
    if (!OK(line, "%s: --%s has its line in the help", spec->name, o->name)) {
      ok = 0;
      continue;
    }
    while (*line == ' ')
      line++;
    int letter = line[0] == '-' && line[1] != '-' ? line[1] : 0;
    int takes = o->letter && !(u->id & CSP_OPT_LONG_ONLY) ? o->letter : 0;
    ok &= OK(letter == takes, "%s: --%s is shown with -%c, takes -%c",
             spec->name, o->name, letter ? letter : ' ', takes ? takes : ' ');
    int value = after[0] == ' ' && after[1] != ' ' && after[1] != '\n';
    ok &= OK(value == (o->value != NULL),
             "%s: --%s is shown %s a value, and takes %s", spec->name,
             o->name, value ? "with" : "without", o->value ? "one" : "none");
    int twice = 0;
    for (const csp_optuse *r = u + 1; r->id != CSP_OPT_END; r++)
      twice |= (r->id & ~CSP_OPT_LONG_ONLY) == id;
    ok &= OK(!twice, "%s: --%s is listed once", spec->name, o->name);
  }
  for (const char *p = strstr(text, "--"); p; p = strstr(p + 2, "--")) {
    const char *w = p + 2;
    size_t n = strspn(w, "abcdefghijklmnopqrstuvwxyz-");
    if (n == 0)
      continue;
    int id = S_named(w, n);
    ok &= OK(id && S_entry(spec, id), "%s: the help's --%.*s is an option "
                                      "it takes",
             spec->name, (int)n, w);
  }
  OK(ok, "%s: its options and its help agree", spec->name);
}

/* Runs csp_getopt_next over argv with list ids; writes each id (or the
 * negative codes) into got, ends with the first operand's index. */
static int S_parse(const csp_optuse *uses, int argc, char **argv,
                   int *got, int max)
{
  csp_getopt g;
  csp_getopt_init(&g, uses);
  const csp_optuse *u;
  int n = 0, id;
  while ((id = csp_getopt_next(&g, argc, argv, &u)) != CSP_OPT_DONE &&
         n < max)
    got[n++] = id;
  got[n] = optind;
  return n;
}

int main(void)
{
  /* the table */
  int names_ok = 1, letters_ok = 1;
  for (int a = 1; a < CSP_OPT__COUNT; a++) {
    names_ok &= csp_opts[a].name &&
                strspn(csp_opts[a].name, "abcdefghijklmnopqrstuvwxyz-") ==
                    strlen(csp_opts[a].name);
    for (int b = a + 1; b < CSP_OPT__COUNT && names_ok; b++) {
      names_ok &= strcmp(csp_opts[a].name, csp_opts[b].name) != 0;
      letters_ok &= !csp_opts[a].letter ||
                    csp_opts[a].letter != csp_opts[b].letter;
    }
  }
  OK(names_ok, "every option has one long name of its own");
  OK(letters_ok, "no short letter stands for two options");
  int used[CSP_OPT__COUNT] = {0};
  for (size_t i = 0; i < S_NSPECS; i++)
    for (const csp_optuse *u = S_specs[i]->opts; u->id != CSP_OPT_END; u++)
      used[u->id & ~CSP_OPT_LONG_ONLY] = 1;
  int all = 1;
  for (int id = 1; id < CSP_OPT__COUNT; id++)
    all &= used[id];
  OK(all, "every option in the table is taken by some command");

  /* each command against its help */
  for (size_t i = 0; i < S_NSPECS; i++) {
    S_check_spec(S_specs[i]);
    OK(S_entry(S_specs[i], CSP_OPT_HELP), "%s takes --help",
       S_specs[i]->name);
  }

  /* the getopt_long table a list makes */
  static const csp_optuse ids[] = {
      CSP_USE(CSP_OPT_FORMAT), CSP_USE(CSP_OPT_DRAFT),
      CSP_USE(CSP_OPT_DEPFILE), CSP_USE(CSP_OPT_HELP),
      CSP_USE(CSP_OPT_SET | CSP_OPT_LONG_ONLY),
      CSP_USE(CSP_OPT_TEMPLATE | CSP_OPT_LONG_ONLY), CSP_USE_END};
  int got[16];
  {
    char *argv[] = {"x",      "-fmd",  "a",     "--dr",  "--depfile=d",
                    "-h",     "--set", "k=v",   "--",    "--draft",
                    NULL};
    int n = S_parse(ids, 10, argv, got, 15);
    OK(n == 5 && got[0] == CSP_OPT_FORMAT && got[1] == CSP_OPT_DRAFT &&
           got[2] == CSP_OPT_DEPFILE && got[3] == CSP_OPT_HELP &&
           got[4] == CSP_OPT_SET,
       "letters, abbreviations and long names give the option's id");
    OK(got[5] == 8 && strcmp(argv[8], "a") == 0 &&
           strcmp(argv[9], "--draft") == 0,
       "operands are moved after the options, and -- ends them");
  }
  {
    char *argv[] = {"x", "--d", NULL};
    OK(S_parse(ids, 2, argv, got, 15) == 1 && got[0] == CSP_OPT_UNKNOWN,
       "an abbreviation of two options is refused");
  }
  {
    char *argv[] = {"x", "-t", "f", NULL};
    OK(S_parse(ids, 3, argv, got, 15) >= 1 && got[0] == CSP_OPT_UNKNOWN,
       "a letter the list leaves out (long only) is unknown");
  }
  {
    char *argv[] = {"x", "--template", "f", "-q", NULL};
    OK(S_parse(ids, 4, argv, got, 15) == 2 && got[0] == CSP_OPT_TEMPLATE &&
           got[1] == CSP_OPT_UNKNOWN,
       "the long name of a long-only option is taken; -q is not listed");
  }
  {
    char *argv[] = {"x", "--depfile", NULL};
    OK(S_parse(ids, 2, argv, got, 15) == 1 && got[0] == CSP_OPT_MISSING,
       "a value missing is told apart");
    char *argv2[] = {"x", "-f", NULL};
    OK(S_parse(ids, 2, argv2, got, 15) == 1 && got[0] == CSP_OPT_MISSING &&
           optind == 2,
       "for a letter too");
    char *argv3[] = {"x", "--draft=yes", NULL};
    OK(S_parse(ids, 2, argv3, got, 15) == 1 && got[0] == CSP_OPT_UNKNOWN,
       "a value for an option that takes none is refused");
  }
  return tap_done();
}
