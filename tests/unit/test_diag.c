/* test_diag.c: the rule table has a row for each rule; diagnostics are
 * sorted, printed once a run, and handed from a worker process to the
 * parent as they were. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "tap.h"

/* the test run's diagnostics: made in main, handed to what reports */
static csp_diags *dg;

/* Flushes in format fmt; returns what was printed (the caller frees). */
static char *flush(csp_diag_format fmt)
{
  char *d = NULL;
  size_t sz;
  FILE *f = open_memstream(&d, &sz);
  csp_diag_flush(dg, f, fmt);
  fclose(f);
  return d;
}

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

int main(void)
{
  dg = csp_diags_new();
  test_table();

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
