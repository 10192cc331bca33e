/* test_diag.c: diagnostics are sorted, printed once a run, and handed
 * from a worker process to the parent as they were. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "tap.h"

/* Flushes in format fmt; returns what was printed (the caller frees). */
static char *flush(csp_diag_format fmt)
{
  char *d = NULL;
  size_t sz;
  FILE *f = open_memstream(&d, &sz);
  csp_diag_flush(f, fmt);
  fclose(f);
  return d;
}

int main(void)
{
  csp_loc parent = {"states/nj.yaml", 12, 10};
  csp_loc a = {"a.yaml", 3, 1}, b = {"b.yaml", 4, 2};

  /* a problem of a shared file, met by two sites */
  csp_diag(CSP_WARNING, &a, "recommended", "a's own");
  csp_diag(CSP_ERROR, &parent, "phone", "the parent's");
  csp_diag(CSP_NOTE, &parent, NULL, "its note");
  char *d = flush(CSP_FORMAT_TEXT);
  OK_STR(d,
         "a.yaml:3:1: warning: a's own [recommended]\n"
         "states/nj.yaml:12:10: error: the parent's [phone]\n"
         "states/nj.yaml:12:10: note: its note\n",
         "the first site: everything");
  free(d);
  csp_diag(CSP_ERROR, &parent, "phone", "the parent's");
  csp_diag(CSP_NOTE, &parent, NULL, "its note");
  csp_diag(CSP_WARNING, &b, "recommended", "b's own");
  csp_diag(CSP_NOTE, &parent, NULL, "its note");
  d = flush(CSP_FORMAT_TEXT);
  OK_STR(d,
         "b.yaml:4:2: warning: b's own [recommended]\n"
         "states/nj.yaml:12:10: note: its note\n",
         "the second site: the parent's error left out with its note, a "
         "note of another kept");
  free(d);
  OK(csp_diag_count(CSP_ERROR) == 2, "both sites' errors still count");
  csp_diag(CSP_ERROR, &parent, "phone", "the parent's");
  csp_diag(CSP_ERROR, &parent, "phone", "another");
  d = flush(CSP_FORMAT_JSON);
  OK(d && strstr(d, "\"message\": \"another\"") &&
         !strstr(d, "the parent's") && strstr(d, "\"errors\": 2,"),
     "JSON: left out too, and not counted twice");
  free(d);
  csp_diag_release();

  /* from a worker to the parent */
  csp_diag(CSP_WARNING, &b, "stale", "second");
  csp_diag(CSP_ERROR, &a, "duplicate-key", "first");
  csp_diag(CSP_NOTE, &b, NULL, "explains the first");
  csp_buf out;
  csp_buf_init(&out);
  csp_diag_export(&out);
  d = flush(CSP_FORMAT_TEXT);
  OK_STR(d, "", "exported: nothing left to print");
  free(d);
  OK(csp_diag_import(out.data, out.len) == 0, "imported");
  d = flush(CSP_FORMAT_TEXT);
  OK_STR(d,
         "b.yaml:4:2: warning: second [stale]\n"
         "a.yaml:3:1: error: first [duplicate-key]\n"
         "b.yaml:4:2: note: explains the first\n",
         "imported as they were: files in the order named, the note "
         "behind its diagnostic");
  free(d);
  OK(csp_diag_import(out.data, out.len - 1) < 0, "cut short: refused");
  OK(csp_diag_import("9 1 1 -1\0f\0r\0m\0", 16) < 0,
     "a bad severity: refused");
  OK(csp_diag_import("2 1 1 5\0f\0r\0m\0", 15) < 0,
     "a note of nothing: refused");
  csp_buf_release(&out);
  csp_diag_release();
  return tap_done();
}
