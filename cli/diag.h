/* diag.h: source locations and the diagnostics every module reports
 * through.  Diagnostics are collected, then printed sorted by file (in
 * the order files were named since the last flush) and line, in one of
 * four formats; each names a rule of rules.h, whose table gives its id
 * and severity.
 *
 * The diagnostics state is a csp_diags: those recorded and not yet
 * printed, the interned file names, the counts, what was printed this
 * run (to print each once) and the options (strict, the program name).
 * Its owner makes it with csp_diags_new and frees it with
 * csp_diags_free: main() makes one for the run and hands it to the
 * command, which hands it down, as libyaml keeps everything in its
 * parser: the reading code reaches it through its load context
 * (csp_load.diags), the output guard through csp_guard.diags, the
 * renderers through csp_meta.diags, the others (the template parser,
 * the --set parser, the DOCX reader) take it from their caller.  There
 * is no instance in this module.  A worker process, forked with a copy
 * of it, hands its diagnostics to the parent with csp_diag_export; a
 * signal handler never reports. */
#ifndef CSP_DIAG_H
#define CSP_DIAG_H

#include <stdio.h>

#include "rules.h"
#include "util.h"

/* A place in an input file.  line and col are 1-based; 0 means unknown
 * (then only the file is printed).  file is borrowed: use csp_file_intern
 * for a pointer that lives until csp_diag_release or csp_diags_free. */
typedef struct csp_loc {
  const char *file;
  int line;
  int col;
} csp_loc;

typedef enum {
  CSP_FORMAT_TEXT,
  CSP_FORMAT_JSON,
  CSP_FORMAT_GITHUB,
  CSP_FORMAT_SARIF /* a SARIF 2.1.0 log: the rule table and the results */
} csp_diag_format;

/* The diagnostics state (see above); the caller owns it. */
typedef struct csp_diags csp_diags;

/* A new state: nothing recorded, not strict, the program name
 * "csecpol".  csp_diags_free frees it and all it holds (NULL is
 * allowed). */
csp_diags *csp_diags_new(void);
void csp_diags_free(csp_diags *dg);

/* Returns a copy of name that lives until csp_diag_release (or
 * csp_diags_free) of dg; the same name gives the same pointer. */
const char *csp_file_intern(csp_diags *dg, const char *name);

/* Records a diagnostic of rule, with the severity the table gives it,
 * "[id]" after its message.  Under strict mode a warning counts as an
 * error. */
void csp_diag(csp_diags *dg, csp_rule_id rule, const csp_loc *loc,
              const char *fmt, ...) CSP_PRINTF(4, 5);

/* Records a diagnostic of severity sev: for rule CSP_R_NONE, any
 * severity, printed without a rule; else the severity the table gives
 * rule, or a warning when its row says or_warning (a programming error
 * otherwise, which asserts). */
void csp_diag_sev(csp_diags *dg, csp_severity sev, csp_rule_id rule,
                  const csp_loc *loc, const char *fmt, ...)
    CSP_PRINTF(5, 6);

/* Records a note, which explains the diagnostic recorded before it and
 * is printed right after it. */
void csp_diag_note(csp_diags *dg, const csp_loc *loc, const char *fmt, ...)
    CSP_PRINTF(3, 4);

/* Promotes warnings to errors from now on. */
void csp_diag_set_strict(csp_diags *dg, int strict);

/* Counts recorded diagnostics of severity sev (after strict promotion). */
int csp_diag_count(const csp_diags *dg, csp_severity sev);

/* Prints every recorded diagnostic to f in format fmt and forgets them
 * (the counts stay).  A diagnostic printed before in the run (the same
 * severity, place, rule and message: a problem of a file that several
 * sites extend, a site named twice) is left out, with its notes.  The
 * JSON format prints one document per flush, whose "errors" and
 * "warnings" count those printed in the run, and so does SARIF: one log
 * of one run, whose tool.driver.rules is the rule table, and whose
 * results carry each diagnostic's rule, level and location (a note is a
 * related location of the result before it). */
void csp_diag_flush(csp_diags *dg, FILE *f, csp_diag_format fmt);

/* Hands the recorded diagnostics to another process: appends them to
 * out, sorted, and forgets them, unprinted (the counts stay). */
void csp_diag_export(csp_diags *dg, csp_buf *out);

/* Records the diagnostics that csp_diag_export wrote to data[0..len),
 * in another process, as they were (not counted again); 0, or -1 when
 * data is garbled (then some may have been recorded). */
int csp_diag_import(csp_diags *dg, const char *data, size_t len);

/* Sets the program name used for diagnostics without a file. */
void csp_diag_set_progname(csp_diags *dg, const char *name);

/* Frees dg's interned file names and pending diagnostics and resets its
 * counts, strict mode and what it printed, as csp_diags_new makes it (the
 * program name stays): a new run. */
void csp_diag_release(csp_diags *dg);

#endif
