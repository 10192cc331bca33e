/* rules.h: the diagnostic rules and the severities they are reported
 * with.  This module owns the one table of rules (rules.c), as mandoc
 * keeps its `enum mandocerr` and the table of messages beside it: every
 * diagnostic names its rule by a csp_rule_id, and the id printed in
 * brackets, the severity, the line for the manual and the help text all
 * come from that rule's row.  A new rule is one enum value here and one
 * row in rules.c; `check --list-rules`, the SARIF log and
 * tests/suite/rules.sh (which also holds the manual to the table) read
 * the table. */
#ifndef CSP_RULES_H
#define CSP_RULES_H

#include <stddef.h>

typedef enum { CSP_NOTE, CSP_WARNING, CSP_ERROR } csp_severity;

/* The rules, in the order of the table (and of `check --list-rules`).
 * Each name is the id in capitals with '-' as '_': CSP_R_UNKNOWN_KEY
 * is [unknown-key] (tests/suite/rules.sh checks it). */
typedef enum csp_rule_id {
  CSP_R_NONE = -1, /* a diagnostic without a rule: a note, a summary */
  /* reading the file */
  CSP_R_READ,
  CSP_R_UTF8,
  CSP_R_YAML,
  CSP_R_YAML_COMMENT,
  CSP_R_CURLY_QUOTES,
  CSP_R_YAML_JOIN,
  CSP_R_MULTIPLE_DOCUMENTS,
  CSP_R_DUPLICATE_KEY,
  CSP_R_KEY,
  CSP_R_ANCHOR,
  CSP_R_ALIAS,
  CSP_R_TAG,
  CSP_R_CONTROL_CHAR,
  CSP_R_BIDI,
  CSP_R_LIMIT,
  CSP_R_EXTENDS,
  /* checking the fields */
  CSP_R_SCHEMA,
  CSP_R_UNKNOWN_KEY,
  CSP_R_TYPE,
  CSP_R_REQUIRED,
  CSP_R_RECOMMENDED,
  CSP_R_PHONE,
  CSP_R_EMAIL,
  CSP_R_URL,
  CSP_R_YAML_WORD,
  CSP_R_DATE,
  CSP_R_STATE,
  CSP_R_PLACEHOLDER,
  CSP_R_EXAMPLE_DOMAIN,
  CSP_R_REVIEW_DATE,
  CSP_R_VERSION_HISTORY,
  CSP_R_STALE,
  CSP_R_UNUSED_KEY,
  CSP_R_SHARED,
  CSP_R_SET,
  /* templates and output */
  CSP_R_TEMPLATE,
  CSP_R_REFERENCE_DOC,
  CSP_R_DOCX_INPUT,
  CSP_R_OUTPUT,
  CSP_R_DOCX,
  CSP_R__COUNT /* the number of rules, not one */
} csp_rule_id;

/* A row of the table: the rule's stable id, the severity csp_diag
 * reports it with, whether some of its diagnostics are warnings instead
 * (csp_diag_sev), whether only an internal failure (not any input) can
 * raise it, a line for the manual and `check --list-rules`, and how to
 * put right what it flags (help: a sentence or two, for the SARIF
 * log). */
typedef struct csp_rule {
  const char *id;
  csp_severity sev;
  int or_warning;
  int internal;
  const char *doc;
  const char *help;
} csp_rule;

/* The table, indexed by csp_rule_id: csp_rules[CSP_R_TYPE].id is
 * "type". */
extern const csp_rule csp_rules[CSP_R__COUNT];

/* The rule whose id is id, or CSP_R_NONE. */
csp_rule_id csp_rule_find(const char *id);

/* "error", "warning" or "error or warning": the severities r is
 * reported with. */
const char *csp_rule_severity(const csp_rule *r);

#endif
