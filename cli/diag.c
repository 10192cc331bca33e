/* diag.c: collect diagnostics, sort them by file and line, print each
 * once a run.  All the state is in one struct csp_diags, with S_init
 * and S_release; its owner (main, or a test) makes it with
 * csp_diags_new and hands it down (see diag.h). */
#include "diag.h"

#include "value.h"

#include <assert.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "csecpol.h"
#include "json.h"

typedef struct S_diag {
  csp_severity sev;
  const char *file; /* interned, or NULL */
  int file_order;   /* place of file in the order named */
  int line, col;
  int key_line, key_col; /* sort position: the parent's for a note */
  size_t seq;            /* order recorded, for a stable sort */
  size_t parent;         /* a note: the seq of the diagnostic it explains */
  csp_rule_id rule;      /* or CSP_R_NONE */
  char *msg;
} S_diag;

/* Everything diagnostics keep between calls. */
struct csp_diags {
  char **files; /* interned file names */
  int *order; /* each file's place in the order named since the last
                 flush, or -1 when it has not been named since */
  size_t nfiles, capfiles;
  int norder;
  S_diag *diags;
  size_t ndiags, capdiags;
  size_t seq;
  int counts[3];
  int printed[3]; /* of each severity, printed (each once) */
  int strict;
  const char *progname;
  /* every diagnostic printed this run, as S_key makes it, in an open
   * hash table: one printed again (a problem of a file that several
   * sites extend, a site named twice) is left out */
  char **seen;
  size_t nseen, capseen;
};

static void S_init(csp_diags *s)
{
  memset(s, 0, sizeof *s);
  s->progname = "csecpol";
}

/* Frees what s holds (the caller owns s itself). */
static void S_release(csp_diags *s)
{
  for (size_t i = 0; i < s->ndiags; i++)
    free(s->diags[i].msg);
  free(s->diags);
  for (size_t i = 0; i < s->nfiles; i++)
    free(s->files[i]);
  free(s->files);
  free(s->order);
  for (size_t i = 0; i < s->capseen; i++)
    free(s->seen[i]);
  free(s->seen);
}

csp_diags *csp_diags_new(void)
{
  csp_diags *dg = csp_xmalloc(sizeof *dg);
  S_init(dg);
  return dg;
}

void csp_diags_free(csp_diags *dg)
{
  if (!dg)
    return;
  S_release(dg);
  free(dg);
}

/* The index of name among the interned files, interning it first if
 * need be, and giving it the next place in the order files are named
 * when it has none since the last flush. */
static size_t S_intern(csp_diags *dg, const char *name)
{
  size_t i;
  for (i = 0; i < dg->nfiles; i++)
    if (dg->files[i] == name || strcmp(dg->files[i], name) == 0)
      break;
  if (i == dg->nfiles) {
    if (dg->nfiles == dg->capfiles) {
      dg->capfiles = dg->capfiles ? dg->capfiles * 2 : 8;
      dg->files = csp_xrealloc(dg->files, dg->capfiles * sizeof *dg->files);
      dg->order = csp_xrealloc(dg->order, dg->capfiles * sizeof *dg->order);
    }
    dg->files[dg->nfiles] = csp_xstrdup(name);
    dg->order[dg->nfiles++] = -1;
  }
  if (dg->order[i] < 0)
    dg->order[i] = dg->norder++;
  return i;
}

const char *csp_file_intern(csp_diags *dg, const char *name)
{
  size_t i = S_intern(dg, name); /* before dg->files is read: it may move */
  return dg->files[i];
}

/* Diagnostics sort by file in the order the files were named since the
 * last flush, not since the start of the run: a batch flushes after each
 * site, so a site's diagnostics come out in the same order whatever
 * sites came before it, or in which process it was rendered. */
static int S_file_order(csp_diags *dg, const char *file)
{
  if (!file)
    return -1;
  size_t i = S_intern(dg, file); /* before dg->order is read: it may move */
  return dg->order[i];
}

void csp_diag_set_strict(csp_diags *dg, int strict) { dg->strict = strict; }

void csp_diag_set_progname(csp_diags *dg, const char *name)
{
  dg->progname = name;
}

int csp_diag_count(const csp_diags *dg, csp_severity sev)
{
  return dg->counts[sev];
}

#define S_NONE ((size_t)-1)

/* Records a diagnostic, its message to come; sev is final.  A note
 * explains dg->diags[parent] (or nothing: S_NONE) and sorts right behind
 * it. */
static S_diag *S_record(csp_diags *dg, csp_severity sev, const char *file,
                        int line, int col, csp_rule_id rule, size_t parent)
{
  if (dg->ndiags == dg->capdiags) {
    dg->capdiags = dg->capdiags ? dg->capdiags * 2 : 16;
    dg->diags = csp_xrealloc(dg->diags, dg->capdiags * sizeof *dg->diags);
  }
  S_diag *d = &dg->diags[dg->ndiags++];
  memset(d, 0, sizeof *d);
  d->sev = sev;
  if (file) {
    d->file = csp_file_intern(dg, file);
    d->line = line;
    d->col = col;
  }
  d->file_order = S_file_order(dg, d->file);
  d->key_line = d->line;
  d->key_col = d->col;
  d->seq = dg->seq++;
  d->parent = S_NONE;
  if (sev == CSP_NOTE && parent != S_NONE) {
    const S_diag *p = &dg->diags[parent];
    d->file_order = p->file_order;
    d->key_line = p->key_line;
    d->key_col = p->key_col;
    d->parent = p->sev == CSP_NOTE ? p->parent : p->seq;
  }
  d->rule = rule;
  return d;
}

static void S_vdiag(csp_diags *dg, csp_severity sev, csp_rule_id rule,
                    const csp_loc *loc, const char *fmt, va_list ap)
{
  if (sev == CSP_WARNING && dg->strict)
    sev = CSP_ERROR;
  /* a note explains the diagnostic before it */
  size_t parent = sev == CSP_NOTE && dg->ndiags > 0 ? dg->ndiags - 1 : S_NONE;
  S_diag *d = loc && loc->file
                  ? S_record(dg, sev, loc->file, loc->line, loc->col, rule,
                             parent)
                  : S_record(dg, sev, NULL, 0, 0, rule, parent);
  csp_buf b;
  csp_buf_init(&b);
  csp_buf_vprintf(&b, fmt, ap);
  d->msg = csp_buf_detach(&b);
  dg->counts[sev]++;
}

void csp_diag(csp_diags *dg, csp_rule_id rule, const csp_loc *loc,
              const char *fmt, ...)
{
  assert(rule > CSP_R_NONE && rule < CSP_R__COUNT);
  va_list ap;
  va_start(ap, fmt);
  S_vdiag(dg, csp_rules[rule].sev, rule, loc, fmt, ap);
  va_end(ap);
}

void csp_diag_sev(csp_diags *dg, csp_severity sev, csp_rule_id rule,
                  const csp_loc *loc, const char *fmt, ...)
{
  assert(rule >= CSP_R_NONE && rule < CSP_R__COUNT);
  assert(rule == CSP_R_NONE || sev == csp_rules[rule].sev ||
         (sev == CSP_WARNING && csp_rules[rule].or_warning));
  va_list ap;
  va_start(ap, fmt);
  S_vdiag(dg, sev, rule, loc, fmt, ap);
  va_end(ap);
}

void csp_diag_note(csp_diags *dg, const csp_loc *loc, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  S_vdiag(dg, CSP_NOTE, CSP_R_NONE, loc, fmt, ap);
  va_end(ap);
}

/* The id of d's rule, or NULL. */
static const char *S_rule_id(const S_diag *d)
{
  return d->rule == CSP_R_NONE ? NULL : csp_rules[d->rule].id;
}

static int S_cmp(const void *pa, const void *pb)
{
  const S_diag *a = pa, *b = pb;
  if (a->file_order != b->file_order)
    return a->file_order < b->file_order ? -1 : 1;
  if (a->key_line != b->key_line)
    return a->key_line < b->key_line ? -1 : 1;
  if (a->key_col != b->key_col)
    return a->key_col < b->key_col ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static const char *S_sevname(csp_severity s)
{
  return s == CSP_ERROR ? "error" : s == CSP_WARNING ? "warning" : "note";
}

/* A JSON string.  Bytes that are not UTF-8 (a file name may hold
 * any) are written as the text \xNN, so the document stays valid. */
static void S_json_str(FILE *f, const char *s)
{
  fputc('"', f);
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)s[i];
    unsigned cp;
    size_t k = c < 0x80 ? 1 : csp_utf8_decode(s + i, n - i, &cp);
    if (k == 0) {
      fprintf(f, "\\\\x%02X", c);
      i++;
      continue;
    }
    if (c == '"' || c == '\\')
      fprintf(f, "\\%c", c);
    else if (c == '\n')
      fputs("\\n", f);
    else if (c < 0x20 || c == 0x7f)
      fprintf(f, "\\u%04x", c);
    else
      fwrite(s + i, 1, k, f);
    i += k;
  }
  fputc('"', f);
}

/* Text for a line of its own in a log: a newline, a control character,
 * a bidirectional control or a byte that is not UTF-8 in a message or a
 * file name is shown escaped (\n, \xNN, \uNNNN), so that no value can
 * start a line, forge a file:line:col: diagnostic or a CI command, or
 * reorder what a reader sees. */
static void S_text_str(FILE *f, const char *s)
{
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)s[i];
    unsigned cp = c;
    size_t k = c < 0x80 ? 1 : csp_utf8_decode(s + i, n - i, &cp);
    if (k == 0) {
      fprintf(f, "\\x%02X", c);
      i++;
    } else if (c == '\n') {
      fputs("\\n", f);
      i++;
    } else if (c == '\r') {
      fputs("\\r", f);
      i++;
    } else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xA0) ||
               csp_char_bidi_control(cp)) {
      fprintf(f, cp < 0x100 ? "\\x%02X" : "\\u%04X", cp);
      i += k;
    } else {
      fwrite(s + i, 1, k, f);
      i += k;
    }
  }
}

/* GitHub workflow commands: % CR LF are escaped in the message, and
 * also , and : in properties. */
static void S_gh_escape(FILE *f, const char *s, int property)
{
  for (; *s; s++) {
    if (*s == '%')
      fputs("%25", f);
    else if (*s == '\r')
      fputs("%0D", f);
    else if (*s == '\n')
      fputs("%0A", f);
    else if (property && *s == ':')
      fputs("%3A", f);
    else if (property && *s == ',')
      fputs("%2C", f);
    else
      fputc(*s, f);
  }
}

static void S_print_text(const csp_diags *dg, FILE *f, const S_diag *d)
{
  if (d->file) {
    S_text_str(f, d->file);
    if (d->line > 0) {
      fprintf(f, ":%d", d->line);
      if (d->col > 0)
        fprintf(f, ":%d", d->col);
    }
  } else {
    fputs(dg->progname, f);
  }
  fprintf(f, ": %s: ", S_sevname(d->sev));
  S_text_str(f, d->msg);
  if (S_rule_id(d))
    fprintf(f, " [%s]", S_rule_id(d));
  fputc('\n', f);
}

static void S_print_github(FILE *f, const S_diag *d)
{
  fprintf(f, "::%s", d->sev == CSP_NOTE ? "notice" : S_sevname(d->sev));
  if (d->file) {
    fputs(" file=", f);
    S_gh_escape(f, d->file, 1);
    if (d->line > 0)
      fprintf(f, ",line=%d", d->line);
    if (d->col > 0)
      fprintf(f, ",col=%d", d->col);
  }
  if (S_rule_id(d)) {
    fputs(",title=", f);
    S_gh_escape(f, S_rule_id(d), 1);
  }
  fputs("::", f);
  S_gh_escape(f, d->msg, 0);
  if (S_rule_id(d)) {
    fputs(" [", f);
    S_gh_escape(f, S_rule_id(d), 0);
    fputc(']', f);
  }
  fputc('\n', f);
}

static void S_print_json(FILE *f, const S_diag *d, int first)
{
  fputs(first ? "\n    {" : ",\n    {", f);
  fputs("\"file\": ", f);
  if (d->file)
    S_json_str(f, d->file);
  else
    fputs("null", f);
  fprintf(f, ", \"line\": %d, \"column\": %d, \"severity\": \"%s\", ",
          d->line, d->col, S_sevname(d->sev));
  fputs("\"rule\": ", f);
  if (S_rule_id(d))
    S_json_str(f, S_rule_id(d));
  else
    fputs("null", f);
  fputs(", \"message\": ", f);
  S_json_str(f, d->msg);
  fputc('}', f);
}

/* A diagnostic's identity: everything it prints. */
static char *S_key(const S_diag *d)
{
  csp_buf b;
  csp_buf_init(&b);
  csp_buf_printf(&b, "%d:%s:%d:%d:%s:%s", (int)d->sev,
                 d->file ? d->file : "", d->line, d->col,
                 S_rule_id(d) ? S_rule_id(d) : "", d->msg);
  return csp_buf_detach(&b);
}

static size_t S_hash(const char *s)
{
  size_t h = 1469598103934665603u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

/* Adds key (taking it) to the diagnostics printed; returns 0 when it
 * was there already (and frees it). */
static int S_first_time(csp_diags *dg, char *key)
{
  if (2 * (dg->nseen + 1) > dg->capseen) {
    size_t cap = dg->capseen ? dg->capseen * 2 : 64;
    char **t = csp_xcalloc(cap, sizeof *t);
    for (size_t i = 0; i < dg->capseen; i++) {
      if (!dg->seen[i])
        continue;
      size_t j = S_hash(dg->seen[i]) & (cap - 1);
      while (t[j])
        j = (j + 1) & (cap - 1);
      t[j] = dg->seen[i];
    }
    free(dg->seen);
    dg->seen = t;
    dg->capseen = cap;
  }
  size_t j = S_hash(key) & (dg->capseen - 1);
  for (; dg->seen[j]; j = (j + 1) & (dg->capseen - 1)) {
    if (strcmp(dg->seen[j], key) == 0) {
      free(key);
      return 0;
    }
  }
  dg->seen[j] = key;
  dg->nseen++;
  return 1;
}

/* ---- SARIF 2.1.0 -------------------------------------------------------- */

/* A file name as the relative URI reference a SARIF artifactLocation
 * holds ("sites/a b.yaml" -> "sites/a%20b.yaml"), an absolute path as a
 * file: URI; every byte but the unreserved ones and / percent-encoded. */
static void S_sarif_uri(csp_buf *out, const char *path)
{
  if (path[0] == '/')
    csp_buf_puts(out, "file://");
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
        (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
      csp_buf_putc(out, *p);
    else
      csp_buf_printf(out, "%%%02X", *p);
  }
}

/* {"physicalLocation": ...} of d, with message text for a related one. */
static void S_sarif_location(csp_json *j, const S_diag *d, const char *text)
{
  csp_json_begin(j, '{');
  csp_json_key(j, "physicalLocation");
  csp_json_begin(j, '{');
  csp_json_key(j, "artifactLocation");
  csp_json_begin(j, '{');
  csp_buf uri;
  csp_buf_init(&uri);
  S_sarif_uri(&uri, d->file);
  csp_json_key(j, "uri");
  csp_json_string(j, uri.data);
  csp_buf_release(&uri);
  csp_json_end(j);
  if (d->line > 0) {
    csp_json_key(j, "region");
    csp_json_begin(j, '{');
    csp_json_key(j, "startLine");
    csp_json_int(j, d->line);
    if (d->col > 0) {
      csp_json_key(j, "startColumn");
      csp_json_int(j, d->col);
    }
    csp_json_end(j);
  }
  csp_json_end(j);
  if (text) {
    csp_json_key(j, "message");
    csp_json_begin(j, '{');
    csp_json_key(j, "text");
    csp_json_string(j, text);
    csp_json_end(j);
  }
  csp_json_end(j);
}

static void S_sarif_text(csp_json *j, const char *key, const char *text)
{
  csp_json_key(j, key);
  csp_json_begin(j, '{');
  csp_json_key(j, "text");
  csp_json_string(j, text);
  csp_json_end(j);
}

static void S_print_sarif(const csp_diags *dg, FILE *f)
{
  csp_buf out;
  csp_buf_init(&out);
  csp_json j;
  csp_json_init(&j, &out);
  csp_json_begin(&j, '{');
  csp_json_key(&j, "$schema");
  csp_json_string(&j, "https://json.schemastore.org/sarif-2.1.0.json");
  csp_json_key(&j, "version");
  csp_json_string(&j, "2.1.0");
  csp_json_key(&j, "runs");
  csp_json_begin(&j, '[');
  csp_json_begin(&j, '{');
  csp_json_key(&j, "tool");
  csp_json_begin(&j, '{');
  csp_json_key(&j, "driver");
  csp_json_begin(&j, '{');
  csp_json_key(&j, "name");
  csp_json_string(&j, "csecpol");
  csp_json_key(&j, "version");
  csp_json_string(&j, CSP_VERSION);
  csp_json_key(&j, "rules");
  csp_json_begin(&j, '[');
  for (int i = 0; i < CSP_R__COUNT; i++) {
    const csp_rule *r = &csp_rules[i];
    csp_json_begin(&j, '{');
    csp_json_key(&j, "id");
    csp_json_string(&j, r->id);
    S_sarif_text(&j, "shortDescription", r->doc);
    S_sarif_text(&j, "fullDescription", r->doc);
    S_sarif_text(&j, "help", r->help);
    if (!r->or_warning) {
      csp_json_key(&j, "defaultConfiguration");
      csp_json_begin(&j, '{');
      csp_json_key(&j, "level");
      csp_json_string(&j, csp_rule_severity(r));
      csp_json_end(&j);
    }
    csp_json_end(&j);
  }
  csp_json_end(&j); /* rules */
  csp_json_end(&j); /* driver */
  csp_json_end(&j); /* tool */
  /* libyaml's columns, which diagnostics give, count characters */
  csp_json_key(&j, "columnKind");
  csp_json_string(&j, "unicodeCodePoints");
  csp_json_key(&j, "results");
  csp_json_begin(&j, '[');
  for (size_t i = 0; i < dg->ndiags; i++) {
    const S_diag *d = &dg->diags[i];
    csp_json_begin(&j, '{');
    if (d->rule != CSP_R_NONE) {
      csp_json_key(&j, "ruleId");
      csp_json_string(&j, S_rule_id(d));
      csp_json_key(&j, "ruleIndex");
      csp_json_int(&j, (long)d->rule);
    }
    csp_json_key(&j, "level");
    csp_json_string(&j, S_sevname(d->sev));
    S_sarif_text(&j, "message", d->msg);
    if (d->file) {
      csp_json_key(&j, "locations");
      csp_json_begin(&j, '[');
      S_sarif_location(&j, d, NULL);
      csp_json_end(&j);
    }
    /* the notes that explain it (sorted right after it) */
    size_t k = i + 1;
    if (d->sev != CSP_NOTE && k < dg->ndiags && dg->diags[k].sev == CSP_NOTE &&
        dg->diags[k].file) {
      csp_json_key(&j, "relatedLocations");
      csp_json_begin(&j, '[');
      for (; k < dg->ndiags && dg->diags[k].sev == CSP_NOTE &&
             dg->diags[k].file;
           k++) {
        S_sarif_location(&j, &dg->diags[k], dg->diags[k].msg);
      }
      csp_json_end(&j);
      i = k - 1;
    }
    csp_json_end(&j);
  }
  csp_json_end(&j); /* results */
  csp_json_end(&j); /* the run */
  csp_json_end(&j); /* runs */
  csp_json_end(&j);
  fwrite(out.data, 1, out.len, f);
  csp_buf_release(&out);
}

static void S_forget(csp_diags *dg)
{
  for (size_t i = 0; i < dg->ndiags; i++)
    free(dg->diags[i].msg);
  dg->ndiags = 0;
}

/* Leaves out of the pending diagnostics each one printed before in
 * this run, with its notes, and counts the others as printed. */
static void S_once(csp_diags *dg)
{
  /* the pending diagnostics were recorded since the last flush: their
   * seqs lie in [lo, dg->seq), one flag each for "left out" */
  size_t lo = dg->seq, n = 0;
  for (size_t i = 0; i < dg->ndiags; i++)
    if (dg->diags[i].seq < lo)
      lo = dg->diags[i].seq;
  unsigned char *out = csp_xcalloc(dg->seq - lo + 1, 1);
  for (size_t i = 0; i < dg->ndiags; i++) {
    S_diag *d = &dg->diags[i];
    int skip;
    if (d->parent != S_NONE)
      skip = d->parent >= lo && d->parent < dg->seq && out[d->parent - lo];
    else
      skip = !S_first_time(dg, S_key(d));
    if (skip) {
      out[d->seq - lo] = 1;
      free(d->msg);
      continue;
    }
    dg->printed[d->sev]++;
    dg->diags[n++] = *d;
  }
  dg->ndiags = n;
  free(out);
}

void csp_diag_flush(csp_diags *dg, FILE *f, csp_diag_format fmt)
{
  if (dg->ndiags > 1)
    qsort(dg->diags, dg->ndiags, sizeof *dg->diags, S_cmp);
  S_once(dg);
  if (fmt == CSP_FORMAT_SARIF) {
    S_print_sarif(dg, f);
  } else if (fmt == CSP_FORMAT_JSON) {
    fputs("{\n  \"diagnostics\": [", f);
    for (size_t i = 0; i < dg->ndiags; i++)
      S_print_json(f, &dg->diags[i], i == 0);
    fprintf(f, "%s],\n  \"errors\": %d,\n  \"warnings\": %d\n}\n",
            dg->ndiags ? "\n  " : "", dg->printed[CSP_ERROR],
            dg->printed[CSP_WARNING]);
  } else {
    for (size_t i = 0; i < dg->ndiags; i++) {
      if (fmt == CSP_FORMAT_GITHUB)
        S_print_github(f, &dg->diags[i]);
      else
        S_print_text(dg, f, &dg->diags[i]);
    }
  }
  fflush(f);
  S_forget(dg);
  for (size_t i = 0; i < dg->nfiles; i++)
    dg->order[i] = -1;
  dg->norder = 0;
}

void csp_diag_export(csp_diags *dg, csp_buf *out)
{
  if (dg->ndiags > 1)
    qsort(dg->diags, dg->ndiags, sizeof *dg->diags, S_cmp);
  /* where each pending diagnostic now stands, by seq (they were
   * recorded since the last flush: [lo, dg->seq)) */
  size_t lo = dg->seq;
  for (size_t i = 0; i < dg->ndiags; i++)
    if (dg->diags[i].seq < lo)
      lo = dg->diags[i].seq;
  size_t *at = csp_xmalloc((dg->seq - lo + 1) * sizeof *at);
  for (size_t i = 0; i <= dg->seq - lo; i++)
    at[i] = S_NONE;
  for (size_t i = 0; i < dg->ndiags; i++)
    at[dg->diags[i].seq - lo] = i;
  for (size_t i = 0; i < dg->ndiags; i++) {
    const S_diag *d = &dg->diags[i];
    long parent = d->parent != S_NONE && d->parent >= lo &&
                          d->parent < dg->seq && at[d->parent - lo] != S_NONE
                      ? (long)at[d->parent - lo]
                      : -1;
    csp_buf_printf(out, "%d %d %d %ld", (int)d->sev, d->line, d->col,
                   parent);
    csp_buf_putc(out, '\0');
    csp_buf_puts(out, d->file ? d->file : "");
    csp_buf_putc(out, '\0');
    csp_buf_puts(out, S_rule_id(d) ? S_rule_id(d) : "");
    csp_buf_putc(out, '\0');
    csp_buf_puts(out, d->msg);
    csp_buf_putc(out, '\0');
  }
  free(at);
  S_forget(dg);
}

/* The NUL-terminated field at data[*pos..len), or NULL when there is
 * none; *pos moves past it. */
static const char *S_field(const char *data, size_t len, size_t *pos)
{
  const char *f = data + *pos;
  const char *nul = *pos < len ? memchr(f, '\0', len - *pos) : NULL;
  if (!nul)
    return NULL;
  *pos = (size_t)(nul - data) + 1;
  return f;
}

int csp_diag_import(csp_diags *dg, const char *data, size_t len)
{
  size_t pos = 0, base = dg->ndiags;
  while (pos < len) {
    const char *head = S_field(data, len, &pos);
    const char *file = S_field(data, len, &pos);
    const char *rule = S_field(data, len, &pos);
    const char *msg = S_field(data, len, &pos);
    int sev, line, col;
    long parent;
    if (!msg ||
        sscanf(head, "%d %d %d %ld", &sev, &line, &col, &parent) != 4 ||
        sev < CSP_NOTE || sev > CSP_ERROR || parent < -1 ||
        (parent >= 0 && base + (size_t)parent >= dg->ndiags))
      return -1;
    csp_rule_id r = *rule ? csp_rule_find(rule) : CSP_R_NONE;
    if (*rule && r == CSP_R_NONE)
      return -1;
    S_diag *d = S_record(dg, (csp_severity)sev, *file ? file : NULL, line, col,
                         r, parent >= 0 ? base + (size_t)parent : S_NONE);
    d->msg = csp_xstrdup(msg);
  }
  return 0;
}

void csp_diag_release(csp_diags *dg)
{
  const char *progname = dg->progname; /* an option of its owner */
  S_release(dg);
  S_init(dg);
  dg->progname = progname;
}
