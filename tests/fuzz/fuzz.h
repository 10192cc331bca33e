/* fuzz.h: what the libFuzzer harnesses share (see fuzz.mk).
 *
 * Each harness feeds one input through a stage of csecpol and checks
 * properties that must hold for any input: no crash, leak or undefined
 * behaviour (the sanitizers), a failure always comes with an error
 * diagnostic, and each stage's own promises (a location on every value,
 * values as text, well-formed XML).  A broken property aborts, which
 * libFuzzer reports as a crash with the input that caused it. */
#ifndef CSP_FUZZ_H
#define CSP_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "schema.h"
#include "value.h"

/* The fixed "today" of the CLI tests, so date rules are deterministic. */
#define FUZZ_TODAY "2026-11-23"

/* Aborts with a message when cond is false: a property is broken. */
#define FUZZ_ASSERT(cond, what)                                            \
  do {                                                                     \
    if (!(cond)) {                                                         \
      fprintf(stderr, "fuzz: property broken: %s (%s:%d)\n", what,         \
              __FILE__, __LINE__);                                         \
      abort();                                                             \
    }                                                                      \
  } while (0)

/* Prints the diagnostics of one input, each harness's run of its own,
 * in one of the three formats (picked by pick, so all three printers
 * are exercised), and frees dg with its interned file names.  Call
 * after every tree that borrows an interned name is freed. */
static inline void fuzz_diag_done(csp_diags *dg, size_t pick)
{
  static FILE *sink;
  if (!sink)
    sink = fopen("/dev/null", "w");
  FUZZ_ASSERT(sink != NULL, "open /dev/null");
  static const csp_diag_format fmts[] = {CSP_FORMAT_TEXT, CSP_FORMAT_JSON,
                                         CSP_FORMAT_GITHUB};
  csp_diag_flush(dg, sink, fmts[pick % 3]);
  csp_diags_free(dg);
}

static inline csp_check_opts fuzz_check_opts(void)
{
  csp_check_opts o = {.max_age = 365};
  FUZZ_ASSERT(csp_date_parse(FUZZ_TODAY, &o.today) == 0, "FUZZ_TODAY parses");
  return o;
}

#endif
