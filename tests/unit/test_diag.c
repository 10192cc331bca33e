/* test_diag.c: the rule table has a row for each rule; two diagnostics
 * states share nothing; diagnostics are sorted, printed once a run, and
 * handed from a worker process to the parent as they were. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "tap.h"

/* the test run's diagnostics: made in main, handed to what reports */
static csp_diags *dg;

/* Flushes state st in format fmt; returns what was printed (the caller
 * frees). */
static char *flush_of(csp_diags *st, csp_diag_format fmt)
{
  char *d = NULL;
  size_t sz;
  FILE *f = open_memstream(&d, &sz);
  csp_diag_flush(st, f, fmt);
  fclose(f);
  return d;
}

static char *flush(csp_diag_format fmt) { return flush_of(dg, fmt); }

/* Every csp_rule_id has its row (an enum value added without one would
 * be a row of zeros), with an id of its own that names it back. */
static void test_table(void)
{
  int bad = 0;
  for (int i = 0; i < CSP_R__COUNT; i++) {
    const csp_rule *r = &csp_rules[i];
    if (!r->id || !r->doc || !r->help || !*r->id || !*r->doc || !*r->help ||
        (r->sev != CSP_ERROR && r->sev != CSP_WARNING) ||
        csp_rule_find(r->id) != (csp_rule_id)i) {
      printf("# row %d (%s) is incomplete or not found by its id\n", i,
             r->id ? r->id : "(none)");
      bad = 1;
    }
  }
  OK(!bad, "the %d rules each have a row: id, severity, doc and help",
     (int)CSP_R__COUNT);
  OK(csp_rule_find("unknown-key") == CSP_R_UNKNOWN_KEY &&
         csp_rule_find("nonesuch") == CSP_R_NONE,
     "csp_rule_find: an id to its rule, else CSP_R_NONE");
  OK_STR(csp_rule_severity(&csp_rules[CSP_R_TEMPLATE]), "error or warning",
         "template: an error or a warning");
  OK_STR(csp_rule_severity(&csp_rules[CSP_R_STALE]), "warning",
         "stale: a warning");
}

/* Two states share nothing: what each recorded, its counts, its strict
 * mode, what it printed (the once-a-run rule) and its interned names. */
static void test_instances(void)
{
  csp_diags *one = csp_diags_new(), *two = csp_diags_new();
  csp_loc l = {"x.yaml", 1, 1};
  csp_diag_set_strict(two, 1);
  csp_diag(one, CSP_R_RECOMMENDED, &l, "a warning");
  csp_diag(two, CSP_R_RECOMMENDED, &l, "a warning");
  OK(csp_diag_count(one, CSP_WARNING) == 1 &&
         csp_diag_count(one, CSP_ERROR) == 0 &&
         csp_diag_count(two, CSP_ERROR) == 1 &&
         csp_diag_count(two, CSP_WARNING) == 0,
     "each state counts its own, under its own strict mode");
  char *p1 = flush_of(one, CSP_FORMAT_TEXT);
  OK_STR(p1, "x.yaml:1:1: warning: a warning [recommended]\n",
         "a flush prints its state's diagnostics only");
  free(p1);
  csp_diag(one, CSP_R_PHONE, &l, "met by both");
  p1 = flush_of(one, CSP_FORMAT_TEXT);
  csp_diag(two, CSP_R_PHONE, &l, "met by both");
  char *p2 = flush_of(two, CSP_FORMAT_TEXT);
  OK_STR(p2,
         "x.yaml:1:1: error: a warning [recommended]\n"
         "x.yaml:1:1: error: met by both [phone]\n",
         "what one state printed, another prints all the same");
  free(p1);
  free(p2);
  const char *n1 = csp_file_intern(one, "y.yaml");
  const char *n2 = csp_file_intern(two, "y.yaml");
  OK(n1 != n2 && csp_file_intern(one, "y.yaml") == n1 &&
         strcmp(n1, n2) == 0,
     "each state interns names of its own");
  csp_diags_free(one);
  csp_diags_free(two);
  csp_diags_free(NULL);
}

int main(void)
{
  dg = csp_diags_new();
  test_table();
  test_instances();

  csp_loc parent = {"states/nj.yaml", 12, 10};
  csp_loc a = {"a.yaml", 3, 1}, b = {"b.yaml", 4, 2};

  /* a problem of a shared file, met by two sites */
  csp_diag(dg, CSP_R_RECOMMENDED, &a, "a's own");
  csp_diag(dg, CSP_R_PHONE, &parent, "the parent's");
  csp_diag_note(dg, &parent, "its note");
  char *d = flush(CSP_FORMAT_TEXT);
  OK_STR(d,
         "a.yaml:3:1: warning: a's own [recommended]\n"
         "states/nj.yaml:12:10: error: the parent's [phone]\n"
         "states/nj.yaml:12:10: note: its note\n",
         "the first site: everything");
  free(d);
  csp_diag(dg, CSP_R_PHONE, &parent, "the parent's");
  csp_diag_note(dg, &parent, "its note");
  csp_diag(dg, CSP_R_RECOMMENDED, &b, "b's own");
  csp_diag_note(dg, &parent, "its note");
  d = flush(CSP_FORMAT_TEXT);
  OK_STR(d,
         "b.yaml:4:2: warning: b's own [recommended]\n"
         "states/nj.yaml:12:10: note: its note\n",
         "the second site: the parent's error left out with its note, a "
         "note of another kept");
  free(d);
  OK(csp_diag_count(dg, CSP_ERROR) == 2, "both sites' errors still count");
  csp_diag(dg, CSP_R_PHONE, &parent, "the parent's");
  csp_diag(dg, CSP_R_PHONE, &parent, "another");
  d = flush(CSP_FORMAT_JSON);
  OK(d && strstr(d, "\"message\": \"another\"") &&
         !strstr(d, "the parent's") && strstr(d, "\"errors\": 2,"),
     "JSON: left out too, and not counted twice");
  free(d);
  csp_diag_release(dg);

  /* the severity from the table, or given where the table allows it */
  csp_diag(dg, CSP_R_TEMPLATE, &a, "an error");
  csp_diag_sev(dg, CSP_WARNING, CSP_R_TEMPLATE, &a, "a warning");
  csp_diag_sev(dg, CSP_ERROR, CSP_R_NONE, &b, "no rule");
  d = flush(CSP_FORMAT_TEXT);
  OK_STR(d,
         "a.yaml:3:1: error: an error [template]\n"
         "a.yaml:3:1: warning: a warning [template]\n"
         "b.yaml:4:2: error: no rule\n",
         "severities from the table; none printed for CSP_R_NONE");
  free(d);
  OK(csp_diag_count(dg, CSP_ERROR) == 2 &&
         csp_diag_count(dg, CSP_WARNING) == 1,
     "counted by the severity given");
  csp_diag_release(dg);

  /* from a worker to the parent */
  csp_diag(dg, CSP_R_STALE, &b, "second");
  csp_diag(dg, CSP_R_DUPLICATE_KEY, &a, "first");
  csp_diag_note(dg, &b, "explains the first");
  csp_buf out;
  csp_buf_init(&out);
  csp_diag_export(dg, &out);
  d = flush(CSP_FORMAT_TEXT);
  OK_STR(d, "", "exported: nothing left to print");
  free(d);
  OK(csp_diag_import(dg, out.data, out.len) == 0, "imported");
  d = flush(CSP_FORMAT_TEXT);
  OK_STR(d,
         "b.yaml:4:2: warning: second [stale]\n"
         "a.yaml:3:1: error: first [duplicate-key]\n"
         "b.yaml:4:2: note: explains the first\n",
         "imported as they were: files in the order named, the note "
         "behind its diagnostic");
  free(d);
  OK(csp_diag_import(dg, out.data, out.len - 1) < 0, "cut short: refused");
  OK(csp_diag_import(dg, "9 1 1 -1\0f\0r\0m\0", 16) < 0,
     "a bad severity: refused");
  OK(csp_diag_import(dg, "2 1 1 5\0f\0r\0m\0", 15) < 0,
     "a note of nothing: refused");
  OK(csp_diag_import(dg, "2 1 1 -1\0f\0nonesuch\0m\0", 22) < 0,
     "a rule not in the table: refused");
  csp_buf_release(&out);
  csp_diag_release(dg);
  csp_diags_free(dg);
  return tap_done();
}
