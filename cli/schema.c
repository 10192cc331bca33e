/* schema.c: the table of site-file fields and the checks, defaults and
 * derived values built on it. */
#include "schema.h"

#include "derive.h"
#include "site.h"
#include "value.h"
#include "yaml_hint.h"

#include <ctype.h>
#include <stdarg.h>
#include <strings.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Paths are built in fixed buffers; a key so long that its path is cut
 * short simply matches no field and is reported as unknown. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif

/* A contact line or service: the same fields in three lists; name,
 * phone, description and url are the samples of the list's fields. */
#define RESOURCE_FIELDS(L, what, name, phone, description, url)              \
  {L "[].name", CSP_T_TEXT, CSP_REQUIRED, CSP_F_RENDERED,                    \
   "name of the " what, "TODO: name of the " what, name},                    \
  {L "[].phone", CSP_T_PHONE, CSP_OPTIONAL, CSP_F_RENDERED | CSP_F_REACH,    \
   "its number, as written (vanity letters allowed); a phone or a url is "   \
   "required", "TODO: phone number", phone},                                 \
  {L "[].description", CSP_T_TEXT, CSP_OPTIONAL, CSP_F_RENDERED,             \
   "what it is for, shown in parentheses", "TODO: what it is for",           \
   description},                                                             \
  {L "[].url", CSP_T_URL, CSP_OPTIONAL, CSP_F_RENDERED | CSP_F_REACH,        \
   "its web address (http or https)", NULL, url},                            \
  {L "[].verified", CSP_T_DATE, CSP_OPTIONAL, CSP_F_VERIFIED,                \
   "the day someone last confirmed the contact works (YYYY-MM-DD)", NULL,    \
   "2026-11-20"}

const csp_field csp_fields[] = {
    {"schema", CSP_T_INT, CSP_OPTIONAL, CSP_F_FILE,
     "the site-file format version; 1", "1", CSP_SCHEMA_VERSION},
    {"extends", CSP_T_PATH, CSP_OPTIONAL, CSP_F_FILE,
     "a shared (e.g. statewide) file whose values this file inherits, "
     "relative to this file",
     NULL, "states/ny.yaml"},
    {"shared", CSP_T_BOOL, CSP_OPTIONAL, CSP_F_FILE,
     "true in a shared file, which site files extend and which is no site "
     "of its own: check does not ask it for what only a site holds, and "
     "render refuses it",
     NULL, "true"},
    {"site", CSP_T_MAP, CSP_REQUIRED, CSP_F_RENDERED,
     "the site the policy is for", NULL, NULL},
    {"site.name", CSP_T_TEXT, CSP_REQUIRED, CSP_F_RENDERED, "the site's name",
     "TODO: name of the site", "Child Advocacy Center of Oswego County"},
    {"site.name_in_text", CSP_T_TEXT, CSP_OPTIONAL, CSP_F_RENDERED,
     "the name as it reads inside a sentence (\"the Child Advocacy Center "
     "of Oswego County\"); default, the name",
     NULL, "the Child Advocacy Center of Oswego County"},
    {"site.state", CSP_T_STATE, CSP_REQUIRED, 0,
     "two-letter USPS code of the site's state", "TODO", "NY"},
    {"site.address", CSP_T_TEXT, CSP_OPTIONAL, CSP_F_RENDERED,
     "street address", NULL, "163 South First Street, Fulton, NY"},
    {"site.phone", CSP_T_PHONE, CSP_OPTIONAL, CSP_F_RENDERED,
     "main phone number", NULL, "(315) 592-4453"},
    {"site.url", CSP_T_URL, CSP_OPTIONAL, CSP_F_RENDERED,
     "web site (http or https)", NULL, "https://www.our-site.org/"},
    {"policy", CSP_T_MAP, CSP_OPTIONAL, CSP_F_RENDERED,
     "the policy document itself", NULL, NULL},
    {"policy.title", CSP_T_TEXT, CSP_OPTIONAL, CSP_F_RENDERED,
     "title; default \"Commercial Sexual Exploitation of Children (CSEC) "
     "Policy\"",
     NULL, "CSEC Policy of the Safe Harbour Programme"},
    {"policy.version", CSP_T_TEXT, CSP_RECOMMENDED, CSP_F_RENDERED,
     "version of this site's policy", "TODO: 1.0", "1.0"},
    {"policy.effective_date", CSP_T_DATE, CSP_RECOMMENDED, CSP_F_RENDERED,
     "the day the policy takes effect (YYYY-MM-DD)", "TODO: YYYY-MM-DD",
     "2026-12-01"},
    {"policy.approved_by", CSP_T_TEXT, CSP_OPTIONAL, CSP_F_RENDERED,
     "who approved it (a board, a director)", NULL,
     "the Board of Directors"},
    {"policy.review_date", CSP_T_DATE, CSP_OPTIONAL,
     CSP_F_RENDERED | CSP_F_NOT_PAST,
     "the day it is next reviewed (YYYY-MM-DD); a past date is flagged",
     NULL, "2027-12-01"},
    {"policy.history", CSP_T_LIST, CSP_OPTIONAL, CSP_F_RENDERED,
     "document history, newest first", NULL, NULL},
    {"policy.history[].version", CSP_T_TEXT, CSP_REQUIRED, CSP_F_RENDERED,
     "the version", NULL, "1.0"},
    {"policy.history[].date", CSP_T_DATE, CSP_REQUIRED, CSP_F_RENDERED,
     "the day it took effect (YYYY-MM-DD)", NULL, "2026-12-01"},
    {"policy.history[].summary", CSP_T_TEXT, CSP_REQUIRED,
     CSP_F_RENDERED | CSP_F_CLAUSE,
     "what changed", NULL, "Adopted from the sample CSEC policy."},
    {"policy.history[].approved_by", CSP_T_TEXT, CSP_OPTIONAL, CSP_F_RENDERED,
     "who approved it", NULL, "the Board of Directors"},
    {"policy.signers", CSP_T_LIST, CSP_OPTIONAL, CSP_F_RENDERED,
     "who signs the policy: each gets a signature block in the approval "
     "section at its end (without any, one blank block)",
     NULL, NULL},
    {"policy.signers[].name", CSP_T_TEXT, CSP_REQUIRED, CSP_F_RENDERED,
     "the signer's name, printed under the signature line",
     "TODO: name of the signer", "Pat Rivera"},
    {"policy.signers[].title", CSP_T_TEXT, CSP_REQUIRED, CSP_F_RENDERED,
     "their title (\"Chair, Board of Trustees\")", "TODO: their title",
     "Chair, Board of Trustees"},
    {"personnel", CSP_T_LIST, CSP_REQUIRED, CSP_F_RENDERED,
     "the appropriate personnel notified at once when a youth discloses; "
     "at least one",
     NULL, NULL},
    {"personnel[].role", CSP_T_TEXT, CSP_REQUIRED, CSP_F_RENDERED,
     "their role (\"Clinical Director\")", "TODO: role", "Clinical Director"},
    {"personnel[].name", CSP_T_TEXT, CSP_RECOMMENDED, CSP_F_RENDERED,
     "their name", "TODO: name", "Pat Rivera"},
    {"personnel[].phone", CSP_T_PHONE, CSP_OPTIONAL,
     CSP_F_RENDERED | CSP_F_REACH,
     "their phone; a phone or an email is required", "TODO: phone number",
     "(315) 592-4453 ext. 12"},
    {"personnel[].email", CSP_T_EMAIL, CSP_OPTIONAL,
     CSP_F_RENDERED | CSP_F_REACH,
     "their e-mail", NULL, "pat.rivera@our-site.org"},
    {"personnel[].verified", CSP_T_DATE, CSP_OPTIONAL, CSP_F_VERIFIED,
     "the day someone last confirmed the contact works (YYYY-MM-DD)", NULL,
     "2026-11-20"},
    {"prevention_notice", CSP_T_TEXTS, CSP_OPTIONAL, CSP_F_RENDERED,
     "who is told before a prevention education group takes place", NULL,
     "the youth's parent or guardian"},
    {"abuse_report", CSP_T_MAP, CSP_REQUIRED, CSP_F_RENDERED,
     "where a report must be made when the exploiter is a parent, "
     "guardian or caregiver",
     NULL, NULL},
    {"abuse_report.agency", CSP_T_TEXT, CSP_REQUIRED, CSP_F_RENDERED,
     "the state's child-abuse report line (\"the State Central Registry "
     "(SCR)\")",
     "TODO: the state's child abuse hotline",
     "the State Central Registry (SCR)"},
    {"abuse_report.phone", CSP_T_PHONE, CSP_REQUIRED, CSP_F_RENDERED,
     "its number", "TODO: phone number", "1-877-NJ-ABUSE"},
    {"abuse_report.url", CSP_T_URL, CSP_OPTIONAL, CSP_F_RENDERED,
     "its web page", NULL, "https://www.nj.gov/dcf/reporting/"},
    {"abuse_report.verified", CSP_T_DATE, CSP_OPTIONAL, CSP_F_VERIFIED,
     "the day someone last confirmed the number works (YYYY-MM-DD)", NULL,
     "2026-11-20"},
    {"state_hotlines", CSP_T_LIST, CSP_OPTIONAL, CSP_F_RENDERED,
     "statewide hotlines, listed first under Local Resources", NULL, NULL},
    RESOURCE_FIELDS("state_hotlines", "hotline",
                    "The NJ Human Trafficking Hotline", "1-855-END-NJ-HT",
                    "NJ Law enforcement", "https://www.nj.gov/humantrafficking/"),
    {"local_resources", CSP_T_LIST, CSP_REQUIRED, CSP_F_RENDERED,
     "local resources; at least one", NULL, NULL},
    RESOURCE_FIELDS("local_resources", "resource",
                    "Child Advocacy Center of Oswego County", "(315) 592-4453",
                    "advocacy and case management for exploited youth",
                    "https://www.our-site.org/advocacy"),
    {"emergency", CSP_T_PHONE, CSP_OPTIONAL, CSP_F_RENDERED,
     "the emergency number; default 911", NULL, "911"},
    {"national_resources", CSP_T_LIST, CSP_OPTIONAL, CSP_F_RENDERED,
     "national lines; default the sample's two (the National Human "
     "Trafficking Resource Center and NCMEC)",
     NULL, NULL},
    RESOURCE_FIELDS("national_resources", "national line",
                    "National Center for Missing and Exploited Children",
                    "1-800-THE-LOST", "report a missing or exploited child",
                    "https://www.missingkids.org/"),
    {"safety_steps", CSP_T_TEXTS, CSP_RECOMMENDED, CSP_F_RENDERED,
     "the site's own steps to ensure the safety and recovery of the child",
     "TODO: a step this site takes",
     "Stay with the youth until help arrives."},
};
const size_t csp_nfields = sizeof csp_fields / sizeof csp_fields[0];
_Static_assert(sizeof csp_fields / sizeof csp_fields[0] <=
                   CSP_FIELD_INDEX_SIZE,
               "a csp_field_index holds every field");

static int S_field_cmp(const void *a, const void *b)
{
  const csp_field *const *x = a, *const *y = b;
  return strcmp((*x)->path, (*y)->path);
}

static int S_path_cmp(const void *key, const void *elem)
{
  const csp_field *const *f = elem;
  return strcmp(key, (*f)->path);
}

void csp_field_index_init(csp_field_index *ix)
{
  ix->n = 0;
  for (size_t i = 0; i < csp_nfields && i < CSP_FIELD_INDEX_SIZE; i++)
    ix->sorted[ix->n++] = &csp_fields[i];
  qsort(ix->sorted, ix->n, sizeof *ix->sorted, S_field_cmp);
}

const csp_field *csp_field_index_find(const csp_field_index *ix,
                                      const char *path)
{
  const csp_field *const *f =
      bsearch(path, ix->sorted, ix->n, sizeof *ix->sorted, S_path_cmp);
  return f ? *f : NULL;
}

const csp_field *csp_field_find(const char *path)
{
  static csp_field_index ix; /* the process's one index: see schema.h */
  if (!ix.n)
    csp_field_index_init(&ix);
  return csp_field_index_find(&ix, path);
}

const char *csp_type_name(csp_type t)
{
  static const char *const names[] = {
      "map", "list of maps", "list of text", "text", "phone", "email",
      "url", "date", "state", "integer", "path", "boolean"};
  return names[t];
}

/* ---- walking the tree with the table ---------------------------------- */

static size_t S_edit_distance(const char *a, const char *b)
{
  size_t la = strlen(a), lb = strlen(b);
  if (la > 40 || lb > 40)
    return 99;
  size_t row[41];
  for (size_t j = 0; j <= lb; j++)
    row[j] = j;
  for (size_t i = 1; i <= la; i++) {
    size_t prev = row[0];
    row[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t cur = row[j];
      size_t best = prev + (a[i - 1] != b[j - 1]);
      if (row[j] + 1 < best)
        best = row[j] + 1;
      if (row[j - 1] + 1 < best)
        best = row[j - 1] + 1;
      row[j] = best;
      prev = cur;
    }
  }
  return row[lb];
}

/* Joins a parent path and a key: "" + "site" = "site". */
static void S_join(char *out, size_t size, const char *prefix,
                   const char *key)
{
  int n = *prefix ? snprintf(out, size, "%s.%s", prefix, key)
                  : snprintf(out, size, "%s", key);
  if (n >= 0 && (size_t)n >= size) {
    /* cut short: never inside a character, so a message stays UTF-8 */
    size_t len = size - 1;
    while (len > 0 && !csp_utf8_valid(out, len))
      len--;
    out[len] = '\0';
  }
}

/* Nonzero when field path f lies directly under prefix. */
int csp_field_child(const char *f, const char *prefix, const char **last)
{
  size_t pl = strlen(prefix);
  if (pl) {
    if (strncmp(f, prefix, pl) != 0 || f[pl] != '.')
      return 0;
    f += pl + 1;
  }
  if (strchr(f, '.'))
    return 0;
  if (last)
    *last = f;
  return 1;
}

static const char *S_suggest(const char *prefix, const char *key)
{
  const char *best = NULL;
  size_t bestd = 3;
  for (size_t i = 0; i < csp_nfields; i++) {
    const char *last;
    if (!csp_field_child(csp_fields[i].path, prefix, &last))
      continue;
    size_t d = S_edit_distance(key, last);
    size_t kl = strlen(key);
    if (kl <= 4 && d > 1)
      continue;
    if (d < bestd) {
      bestd = d;
      best = last;
    }
  }
  return best;
}

const char *csp_field_suggest(const char *path)
{
  const char *best = NULL;
  size_t bestd = 4;
  size_t pl = strlen(path);
  for (size_t i = 0; i < csp_nfields; i++) {
    const char *f = csp_fields[i].path;
    const char *last = strrchr(f, '.');
    size_t d = S_edit_distance(path, f);
    if (!strchr(path, '.') && last) {
      size_t dl = S_edit_distance(path, last + 1);
      if (dl < d)
        d = dl;
    }
    if ((pl <= 4 && d > 1) || d > 1 + pl / 4)
      continue;
    if (d < bestd) {
      bestd = d;
      best = f;
    }
  }
  return best;
}

static int S_empty(const csp_node *v)
{
  if (!v || v->kind == CSP_NODE_NULL)
    return 1;
  if (v->kind == CSP_NODE_SCALAR)
    return !csp_node_has_text(v);
  return v->n == 0;
}

typedef struct {
  csp_diags *dg; /* where it reports */
  const csp_check_opts *opts;
  int errors;
  int shared;    /* a shared file: no field is asked for but in items */
  csp_buf quote; /* S_quote's */
} S_check;

static void S_err(S_check *c, csp_rule_id rule, const csp_loc *loc,
                  const char *fmt, ...) CSP_PRINTF(4, 5);

static void S_err(S_check *c, csp_rule_id rule, const csp_loc *loc,
                  const char *fmt, ...)
{
  csp_buf msg;
  csp_buf_init(&msg);
  va_list ap;
  va_start(ap, fmt);
  csp_buf_vprintf(&msg, fmt, ap);
  va_end(ap);
  int before = csp_diag_count(c->dg, CSP_ERROR);
  csp_diag(c->dg, rule, loc, "%s", msg.data);
  csp_buf_release(&msg);
  c->errors += csp_diag_count(c->dg, CSP_ERROR) - before;
}

static void S_check_map(S_check *c, const csp_node *map, const char *prefix,
                        const char *shown);

/* A display path for messages: "personnel[2].phone". */
static void S_shown(char *out, size_t size, const char *shown,
                    const char *key)
{
  S_join(out, size, shown, key);
}

/* The most of a value a message quotes: enough to find it, never a
 * whole line of a file that is no site file. */
#define S_QUOTE_MAX 60

/* s as a message quotes it (csp_excerpt), valid until the next call. */
static const char *S_quote(S_check *c, const char *s)
{
  csp_buf_clear(&c->quote);
  csp_excerpt(&c->quote, s, S_QUOTE_MAX);
  return c->quote.data;
}

/* Warns about an address at a domain reserved for examples. */
static void S_check_example(S_check *c, const csp_node *v, const char *shown)
{
  if (csp_example_domain(v->text))
    S_err(c, CSP_R_EXAMPLE_DOMAIN, &v->loc,
          "'%s' is at a domain reserved for examples (\"%s\"); put the "
          "real address here",
          shown, S_quote(c, v->text));
}

/* The states csecpol ships a statewide file for: "NJ, NY". */
static void S_shipped_states(csp_buf *out)
{
  for (const char *const *st = csp_embed_states; *st; st += 2) {
    if (st != csp_embed_states)
      csp_buf_puts(out, ", ");
    for (const char *p = st[0]; *p; p++)
      csp_buf_putc(out, toupper((unsigned char)*p));
  }
}

/* Nonzero for YAML's words for true and false. */
static int S_bool(const char *s)
{
  static const char *const words[] = {"true", "True", "TRUE", "false",
                                      "False", "FALSE"};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (strcmp(s, words[i]) == 0)
      return 1;
  return 0;
}

static void S_check_scalar(S_check *c, const csp_field *f,
                           const csp_node *v, const char *shown)
{
  const char *s = v->text;
  const char *ph = csp_placeholder(s);
  if (ph) {
    S_err(c, CSP_R_PLACEHOLDER, &v->loc,
          "'%s' still holds the placeholder \"%s\"; fill in the real value",
          shown, S_quote(c, s));
    return;
  }
  switch (f->type) {
  case CSP_T_PHONE: {
    csp_phone ph_;
    csp_buf why, fix;
    csp_buf_init(&why);
    csp_buf_init(&fix);
    if (csp_phone_parse(s, &ph_, &why, &fix) < 0)
      S_err(c, CSP_R_PHONE, &v->loc,
            "'%s' is not a valid phone number: \"%s\" %s; %s", shown,
            S_quote(c, s), why.data,
            fix.len ? fix.data : CSP_PHONE_FIX);
    else if (ph_.fictional)
      S_err(c, CSP_R_PLACEHOLDER, &v->loc,
            "'%s' is a fictional 555 number (\"%s\"); fill in the real "
            "number",
            shown, S_quote(c, s));
    csp_buf_release(&why);
    csp_buf_release(&fix);
    break;
  }
  case CSP_T_EMAIL:
  case CSP_T_URL: {
    /* an address: its rule, what it must be, how to write it */
    static const struct {
      csp_rule_id rule;
      const char *what, *fix;
    } addr[] = {{CSP_R_EMAIL, "an e-mail address", CSP_EMAIL_FIX},
                {CSP_R_URL, "an http or https address", CSP_URL_FIX}};
    int url = f->type == CSP_T_URL;
    if (url ? csp_web_url_ok(s) : csp_email_ok(s))
      S_check_example(c, v, shown);
    else
      S_err(c, addr[url].rule, &v->loc, "'%s' is not %s: \"%s\"; %s",
            shown, addr[url].what, S_quote(c, s), addr[url].fix);
    break;
  }
  case CSP_T_DATE: {
    long days;
    if (csp_date_parse(s, &days) < 0)
      S_err(c, CSP_R_DATE, &v->loc,
            "'%s' is not a date: \"%s\"; " CSP_DATE_FIX,
            shown, S_quote(c, s));
    else if ((f->flags & CSP_F_NOT_PAST) && days < c->opts->today)
      S_err(c, CSP_R_REVIEW_DATE, &v->loc,
            "the review date %s has passed; review the policy and set the "
            "next date",
            s);
    break;
  }
  case CSP_T_STATE:
    if (!csp_state_ok(s)) {
      const char *hint = csp_state_hint(s);
      csp_buf st;
      csp_buf_init(&st);
      S_shipped_states(&st);
      if (hint)
        S_err(c, CSP_R_STATE, &v->loc,
              "'%s' is not a two-letter USPS code: \"%s\"; write %s "
              "(statewide files ship for %s)",
              shown, S_quote(c, s), hint, st.data);
      else
        S_err(c, CSP_R_STATE, &v->loc,
              "'%s' is not a two-letter USPS state or territory code: "
              "\"%s\"; " CSP_STATE_FIX " (statewide files ship for %s)",
              shown, S_quote(c, s), st.data);
      csp_buf_release(&st);
    }
    break;
  case CSP_T_BOOL:
    if (!v->plain || !S_bool(s))
      S_err(c, CSP_R_TYPE, &v->loc,
            "'%s' is true or false, not \"%s\"; write %s: true", shown,
            S_quote(c, s), shown);
    break;
  case CSP_T_INT:
    if (strcmp(s, CSP_SCHEMA_VERSION) != 0)
      S_err(c, CSP_R_SCHEMA, &v->loc,
            "this csecpol reads schema " CSP_SCHEMA_VERSION ", not \"%s\"; "
            "upgrade csecpol or set 'schema: " CSP_SCHEMA_VERSION "'",
            S_quote(c, s));
    break;
  default:
    break;
  }
}

/* Refuses an unquoted word YAML reads as yes/no or nothing where text
 * belongs: `address: false` would vanish, `name: ~` be no name.
 * Returns nonzero when v is one (reported). */
static int S_check_word(S_check *c, const csp_node *v, const char *shown)
{
  if (!v->keyword)
    return 0;
  S_err(c, CSP_R_YAML_WORD, &v->loc,
        "'%s' is the unquoted word %s, which YAML reads as %s, not as "
        "text; put it in quotes (\"%s\") to keep it, or remove the line",
        shown, v->text,
        v->kind == CSP_NODE_NULL ? "no value" : "a yes/no value", v->text);
  return 1;
}

/* ---- what YAML made of a mistake -------------------------------------- */

/* Text written as key:value where a map belongs: YAML read it as text
 * for want of a space after ':'.  Returns nonzero when v is that
 * (reported, as a type error of what). */
static int S_nospace(S_check *c, const csp_node *v, const char *shown)
{
  const char *colon;
  if (v->kind != CSP_NODE_SCALAR || !v->plain ||
      (colon = csp_yaml_hint_nospace(v->text)) == NULL)
    return 0;
  S_err(c, CSP_R_TYPE, &v->loc,
        "'%s' is the text \"%s\", not a map of fields: YAML needs a space "
        "after ':' to read a key; write %.*s: %s",
        shown, S_quote(c, v->text), (int)(colon - v->text), v->text,
        colon + 1);
  return 1;
}

/* An item of a list of text that YAML read as a key and a value, for
 * the ': ' in it (- Step 3: call the director).  Returns nonzero when
 * item is that (reported). */
static int S_colon_item(S_check *c, const csp_node *item, const char *shown)
{
  if (item->kind != CSP_NODE_MAP || item->n != 1)
    return 0;
  const csp_node *v = item->items[0].value;
  if (v->kind != CSP_NODE_SCALAR && v->kind != CSP_NODE_NULL)
    return 0;
  csp_buf text;
  csp_buf_init(&text);
  csp_buf_puts(&text, item->items[0].key);
  csp_buf_puts(&text, ":");
  if (v->text) {
    csp_buf_putc(&text, ' ');
    csp_buf_puts(&text, v->text);
  }
  S_err(c, CSP_R_TYPE, &item->loc,
        "'%s' must be text, but YAML reads the ': ' in it as a key and a "
        "value; put the whole item in quotes: - \"%s\"",
        shown, S_quote(c, text.data));
  csp_buf_release(&text);
  return 1;
}

/* The column of the keys of value v, an entry's value that is a map
 * or a list of maps; 0 when it has none. */
static int S_keys_col(const csp_node *v)
{
  if (v->kind == CSP_NODE_MAP && v->n)
    return v->items[0].key_loc.col;
  if (v->kind == CSP_NODE_SEQ && v->n &&
      v->items[0].value->kind == CSP_NODE_MAP && v->items[0].value->n)
    return v->items[0].value->items[0].key_loc.col;
  return 0;
}

/* An unknown key, items[i] of map, that is a field of a map or list
 * before it (site:, then state: OH at the column of site): indented
 * less than the keys it belongs with.  Returns nonzero when it is that
 * (reported). */
static int S_dedented(S_check *c, const csp_node *map, size_t i,
                      const char *prefix, const char *sh)
{
  const csp_entry *e = &map->items[i];
  char path[256], kp[300];
  for (size_t j = i; j-- > 0;) {
    const csp_entry *up = &map->items[j];
    S_join(path, sizeof path, prefix, up->key);
    const csp_field *uf = csp_field_find(path);
    if (!uf)
      continue; /* another stray key: look above it */
    if ((uf->type != CSP_T_MAP && uf->type != CSP_T_LIST) ||
        up->key_loc.line >= e->key_loc.line)
      return 0;
    snprintf(kp, sizeof kp, "%s%s.%s", path, uf->type == CSP_T_LIST ? "[]"
                                                                    : "",
             e->key);
    if (!csp_field_find(kp))
      return 0;
    const csp_node *v = up->value;
    int col = S_keys_col(v);
    if (v->kind == CSP_NODE_MAP || v->kind == CSP_NODE_NULL) {
      if (!col)
        col = up->key_loc.col + 2;
      S_err(c, CSP_R_UNKNOWN_KEY, &e->key_loc,
            "'%s' is at column %d, %s '%s' (line %d), so YAML does not read "
            "it as '%s.%s', and a site file has no '%s'; indent it to column "
            "%d",
            e->key, e->key_loc.col,
            v->kind == CSP_NODE_MAP ? "less than the keys of" : "not under",
            up->key, up->key_loc.line, path, e->key, sh, col);
      return 1;
    }
    if (v->kind == CSP_NODE_SEQ && col) {
      S_err(c, CSP_R_UNKNOWN_KEY, &e->key_loc,
            "'%s' is at column %d, less than the keys of the %s item of "
            "'%s' above it, so YAML does not read it as '%s[%zu].%s', and a "
            "site file has no '%s'; indent it to column %d, as those keys",
            e->key, e->key_loc.col, v->n == 1 ? "one" : "last", up->key,
            path, v->n, e->key, sh, col);
      return 1;
    }
    return 0;
  }
  return 0;
}

/* Entry e of a map under prefix, a text field whose value YAML made a
 * map of the keys that follow it, indented deeper (name: with no value,
 * then state: OH further in).  Returns nonzero when it is that
 * (reported). */
static int S_swallowed(S_check *c, const csp_entry *e, const char *prefix,
                       const char *sh)
{
  const csp_node *v = e->value;
  if (v->kind != CSP_NODE_MAP || !v->n)
    return 0;
  char kp[300];
  S_join(kp, sizeof kp, prefix, v->items[0].key);
  if (!csp_field_find(kp))
    return 0;
  S_err(c, CSP_R_TYPE, &v->items[0].key_loc,
        "'%s' has no value of its own: '%s' below it is indented deeper, "
        "so YAML puts it inside '%s'; indent '%s' to column %d, as '%s', "
        "and fill in '%s'",
        sh, v->items[0].key, e->key, v->items[0].key, e->key_loc.col,
        e->key, e->key);
  return 1;
}

/* Nonzero when a field key of the map under prefix is missing because
 * YAML put it inside a text field before it (S_swallowed said so). */
static int S_inside_sibling(const csp_node *map, const char *prefix,
                            const char *key)
{
  char path[256];
  for (size_t i = 0; i < map->n; i++) {
    const csp_entry *e = &map->items[i];
    if (e->value->kind != CSP_NODE_MAP)
      continue;
    S_join(path, sizeof path, prefix, e->key);
    const csp_field *f = csp_field_find(path);
    if (f && f->type != CSP_T_MAP && f->type != CSP_T_LIST &&
        f->type != CSP_T_TEXTS && csp_node_get(e->value, key))
      return 1;
  }
  return 0;
}

/* Checks one value against its field's type. */
static void S_check_value(S_check *c, const csp_field *f, const csp_node *v,
                          const char *path, const char *shown)
{
  if (f->type != CSP_T_MAP && f->type != CSP_T_LIST &&
      f->type != CSP_T_TEXTS && f->type != CSP_T_INT &&
      f->type != CSP_T_BOOL && S_check_word(c, v, shown))
    return;
  if (v->kind == CSP_NODE_NULL ||
      (v->kind == CSP_NODE_SCALAR && !csp_node_has_text(v)))
    return; /* an empty value: the required rule speaks for it */
  switch (f->type) {
  case CSP_T_MAP:
    if (v->kind != CSP_NODE_MAP && !S_nospace(c, v, shown)) {
      S_err(c, CSP_R_TYPE, &v->loc,
            "'%s' must be a map of fields, not %s", shown,
            csp_node_kind_name(v->kind));
      return;
    }
    if (v->kind != CSP_NODE_MAP)
      return;
    S_check_map(c, v, path, shown);
    return;
  case CSP_T_LIST:
  case CSP_T_TEXTS:
    if (v->kind != CSP_NODE_SEQ) {
      if (v->kind == CSP_NODE_SCALAR && v->plain && v->text[0] == '-' &&
          v->text[1] && v->text[1] != '-' && v->text[1] != ' ')
        S_err(c, CSP_R_TYPE, &v->loc,
              "'%s' must be a list (lines starting with '- '), not the "
              "text \"%s\": YAML needs a space after the '-' of an item; "
              "write - %s",
              shown, S_quote(c, v->text), v->text + 1);
      else if (v->kind == CSP_NODE_MAP && v->n > 0 &&
               v->items[0].key[0] == '-' && v->items[0].key[1] &&
               v->items[0].key[1] != '-' && v->items[0].key[1] != ' ')
        /* "-role: Director": a key, for want of the dash's space */
        S_err(c, CSP_R_TYPE, &v->items[0].key_loc,
              "'%s' must be a list (lines starting with '- '), not a map: "
              "YAML needs a space after the '-' of an item, so '%s' is a "
              "key; write - %s",
              shown, S_quote(c, v->items[0].key), v->items[0].key + 1);
      else
        S_err(c, CSP_R_TYPE, &v->loc,
              "'%s' must be a list (lines starting with '- '), not %s",
              shown, csp_node_kind_name(v->kind));
      return;
    }
    for (size_t i = 0; i < v->n; i++) {
      const csp_node *item = v->items[i].value;
      char ip[256], is[256];
      snprintf(ip, sizeof ip, "%s[]", path);
      snprintf(is, sizeof is, "%s[%zu]", shown, i + 1);
      if (f->type == CSP_T_TEXTS) {
        if (S_check_word(c, item, is)) {
          /* reported */
        } else if (item->kind == CSP_NODE_SCALAR) {
          csp_field tf = *f;
          tf.type = CSP_T_TEXT;
          S_check_scalar(c, &tf, item, is);
        } else if (S_colon_item(c, item, is)) {
          /* reported */
        } else {
          S_err(c, CSP_R_TYPE, &item->loc,
                "'%s' must be text, not %s", is,
                item->kind == CSP_NODE_NULL ? "empty"
                                            : csp_node_kind_name(item->kind));
        }
      } else if (item->kind != CSP_NODE_MAP) {
        if (!S_nospace(c, item, is))
          S_err(c, CSP_R_TYPE, &item->loc,
                "'%s' must be a map of fields (name: ..., phone: ...), not "
                "%s",
                is,
                item->kind == CSP_NODE_NULL ? "empty"
                                            : csp_node_kind_name(item->kind));
      } else {
        S_check_map(c, item, ip, is);
      }
    }
    return;
  default:
    if (v->kind != CSP_NODE_SCALAR) {
      S_err(c, CSP_R_TYPE, &v->loc, "'%s' must be text, not %s",
            shown, csp_node_kind_name(v->kind));
      return;
    }
    S_check_scalar(c, f, v, shown);
  }
}

const csp_field *csp_field_flagged(const char *prefix, unsigned flag,
                                   const csp_field *after,
                                   const char **last)
{
  for (size_t i = after ? (size_t)(after - csp_fields) + 1 : 0;
       i < csp_nfields; i++)
    if ((csp_fields[i].flags & flag) &&
        csp_field_child(csp_fields[i].path, prefix, last))
      return &csp_fields[i];
  return NULL;
}

const char *csp_field_reach(const char *prefix, const char **other)
{
  /* the table flags the two (a phone and an email, or a phone and a
   * url) */
  const char *one;
  const csp_field *f = csp_field_flagged(prefix, CSP_F_REACH, NULL, &one);
  *other = NULL;
  if (!f || !csp_field_flagged(prefix, CSP_F_REACH, f, other))
    return NULL;
  return one;
}

static void S_check_contact(S_check *c, const csp_node *map,
                            const char *prefix, const char *shown)
{
  const char *other;
  const char *one = csp_field_reach(prefix, &other);
  if (one && S_empty(csp_node_get(map, one)) &&
      S_empty(csp_node_get(map, other))) {
    char op[256];
    S_join(op, sizeof op, prefix, other);
    if (csp_field_find(op)->type == CSP_T_EMAIL) /* a person */
      S_err(c, CSP_R_REQUIRED, &map->loc,
            "'%s' needs a %s or an %s, so they can be reached at once; add "
            "one",
            shown, one, other);
    else
      S_err(c, CSP_R_REQUIRED, &map->loc,
            "'%s' needs a %s or a %s; add one", shown, one, other);
  }
  const char *vkey;
  if (c->opts->max_age >= 0 &&
      csp_field_flagged(prefix, CSP_F_VERIFIED, NULL, &vkey)) {
    const csp_node *ver = csp_node_get(map, vkey);
    if (S_empty(ver)) {
      S_err(c, CSP_R_STALE, &map->loc,
            "'%s' has never been verified; call it, then add 'verified: "
            "YYYY-MM-DD'",
            shown);
    } else if (ver->kind == CSP_NODE_SCALAR) {
      long days;
      if (csp_date_parse(ver->text, &days) == 0 &&
          c->opts->today - days > c->opts->max_age)
        S_err(c, CSP_R_STALE, &ver->loc,
              "'%s' was last verified on %s, more than %d days ago; call "
              "it and update 'verified'",
              shown, ver->text, c->opts->max_age);
    }
  }
}

/* Reports a required or recommended field f that is missing (v NULL)
 * or empty, at loc. */
static void S_check_need(S_check *c, const csp_field *f, const csp_node *v,
                         const csp_loc *loc, const char *sh)
{
  if (f->need == CSP_OPTIONAL || !S_empty(v))
    return;
  if (f->need == CSP_REQUIRED)
    S_err(c, CSP_R_REQUIRED, loc, "'%s' is required (%s); %s", sh,
          f->doc, v ? "fill it in" : "add it");
  else
    S_err(c, CSP_R_RECOMMENDED, loc, "'%s' is %s (%s); add it", sh,
          v ? "empty" : "missing", f->doc);
}

static void S_check_map(S_check *c, const csp_node *map, const char *prefix,
                        const char *shown)
{
  char path[256], sh[256];
  for (size_t i = 0; i < map->n; i++) {
    const csp_entry *e = &map->items[i];
    S_join(path, sizeof path, prefix, e->key);
    S_shown(sh, sizeof sh, shown, e->key);
    const csp_field *f = csp_field_find(path);
    if (!f && S_dedented(c, map, i, prefix, sh))
      continue;
    if (!f) {
      const char *sug = S_suggest(prefix, e->key);
      if (sug)
        S_err(c, CSP_R_UNKNOWN_KEY, &e->key_loc,
              "unknown key '%s'; did you mean '%s'?", sh, sug);
      else
        S_err(c, CSP_R_UNKNOWN_KEY, &e->key_loc,
              "unknown key '%s'; see 'csecpol fields' for the keys a site "
              "file may hold",
              sh);
      continue;
    }
    if (f->type == CSP_T_MAP || f->type == CSP_T_LIST ||
        f->type == CSP_T_TEXTS || !S_swallowed(c, e, prefix, sh))
      S_check_value(c, f, e->value, path, sh);
    if (c->opts->shown && (f->flags & CSP_F_RENDERED) &&
        !c->opts->shown[f - csp_fields] && f->type != CSP_T_MAP &&
        f->type != CSP_T_LIST && !S_empty(e->value))
      S_err(c, CSP_R_UNUSED_KEY, &e->key_loc,
            "'%s' is set, but the template %s never shows it; remove it, "
            "or use a template that does",
            sh, c->opts->tmpl_name);
  }
  for (size_t i = 0; i < csp_nfields; i++) {
    const csp_field *f = &csp_fields[i];
    const char *last;
    if (f->need == CSP_OPTIONAL || !csp_field_child(f->path, prefix, &last))
      continue;
    if (c->shared && !strstr(prefix, "[]"))
      continue; /* the site files that extend it supply the rest */
    const csp_node *v = csp_node_get(map, last);
    if (!v && S_inside_sibling(map, prefix, last))
      continue;
    S_shown(sh, sizeof sh, shown, last);
    S_check_need(c, f, v, v ? &v->loc : &map->loc, sh);
  }
  S_check_contact(c, map, prefix, shown);
}

/* ---- version and history ---------------------------------------------- */

/* Compares versions written as numbers with dots ("1.10" after "1.9";
 * "1" is "1.0"; a leading v is allowed): <0, 0, >0, or S_NOCMP when
 * either is written otherwise. */
#define S_NOCMP 99
static int S_version_ok(const char *s)
{
  if (*s == 'v' || *s == 'V')
    s++;
  for (;;) {
    if (!isdigit((unsigned char)*s))
      return 0;
    while (isdigit((unsigned char)*s))
      s++;
    if (!*s)
      return 1;
    if (*s++ != '.')
      return 0;
  }
}

static int S_version_cmp(const char *a, const char *b)
{
  if (!S_version_ok(a) || !S_version_ok(b))
    return S_NOCMP;
  if (*a == 'v' || *a == 'V')
    a++;
  if (*b == 'v' || *b == 'V')
    b++;
  while (*a || *b) {
    unsigned long x = 0, y = 0;
    for (; isdigit((unsigned char)*a); a++)
      x = x < 100000000 ? x * 10 + (unsigned long)(*a - '0') : x;
    for (; isdigit((unsigned char)*b); b++)
      y = y < 100000000 ? y * 10 + (unsigned long)(*b - '0') : y;
    if (x != y)
      return x < y ? -1 : 1;
    if (*a == '.')
      a++;
    if (*b == '.')
      b++;
  }
  return 0;
}

/* Nonzero when version v is a first one: 1, 1.0, 0.1, 0.0.1, v1.0. */
static int S_version_first(const char *v)
{
  return S_version_cmp(v, "1") == 0 || S_version_cmp(v, "0.1") == 0 ||
         S_version_cmp(v, "0.0.1") == 0;
}

/* policy.version raised without an entry for it in policy.history: the
 * document history is what a reviewer reads to see what changed. */
static void S_check_version(S_check *c, const csp_node *root)
{
  const csp_node *policy = csp_node_get(root, "policy");
  const csp_node *v =
      policy && policy->kind == CSP_NODE_MAP ? csp_node_get(policy, "version")
                                             : NULL;
  if (!v || v->kind != CSP_NODE_SCALAR || !csp_node_has_text(v) ||
      csp_placeholder(v->text))
    return;
  const csp_node *h = csp_node_get(policy, "history");
  const csp_node *newest = NULL;
  size_t entries = 0;
  for (size_t i = 0; h && h->kind == CSP_NODE_SEQ && i < h->n; i++) {
    const csp_node *item = h->items[i].value;
    const csp_node *hv =
        item->kind == CSP_NODE_MAP ? csp_node_get(item, "version") : NULL;
    if (!hv || hv->kind != CSP_NODE_SCALAR || !csp_node_has_text(hv))
      continue;
    entries++;
    if (strcmp(hv->text, v->text) == 0 ||
        S_version_cmp(hv->text, v->text) == 0)
      return; /* it has its entry */
    int d = newest ? S_version_cmp(hv->text, newest->text) : 1;
    if (d > 0 && d != S_NOCMP)
      newest = hv;
  }
  char vs[80];
  snprintf(vs, sizeof vs, "%s", S_quote(c, v->text));
  if (!entries) {
    if (S_version_ok(v->text) && !S_version_first(v->text))
      S_err(c, CSP_R_VERSION_HISTORY, &v->loc,
            "'policy.version' is %s, past a first version, but "
            "'policy.history' has no entry for it; add one saying what "
            "changed (policy.history: - version: \"%s\", date: "
            "YYYY-MM-DD, summary: ...)",
            vs, vs);
    return;
  }
  int d = newest ? S_version_cmp(v->text, newest->text) : S_NOCMP;
  if (d > 0 && d != S_NOCMP)
    S_err(c, CSP_R_VERSION_HISTORY, &v->loc,
          "'policy.version' is %s, raised past %s, the newest entry of "
          "'policy.history' (line %d), without an entry of its own; add "
          "one at the top of the list saying what changed (- version: "
          "\"%s\", date: YYYY-MM-DD, summary: ...)",
          vs, S_quote(c, newest->text), newest->loc.line, vs);
  else
    S_err(c, CSP_R_VERSION_HISTORY, &v->loc,
          "'policy.version' is %s, but 'policy.history' has no entry for "
          "it; add one saying what changed (- version: \"%s\", date: "
          "YYYY-MM-DD, summary: ...), or set the version of the entry "
          "that is current",
          vs, vs);
}

int csp_schema_shared(const csp_node *root)
{
  const csp_node *v =
      root->kind == CSP_NODE_MAP ? csp_node_get(root, "shared") : NULL;
  return v && !v->inherited && v->kind == CSP_NODE_SCALAR && v->plain &&
         S_bool(v->text) && (v->text[0] == 't' || v->text[0] == 'T');
}

int csp_schema_check(csp_diags *dg, const csp_node *root,
                     const csp_check_opts *opts)
{
  S_check c = {dg, opts, 0, 0, {0}};
  csp_buf_init(&c.quote);
  c.shared = csp_schema_shared(root);
  if (c.shared && !opts->allow_shared) {
    const csp_loc *at = &csp_node_entry(root, "shared")->key_loc;
    S_err(&c, CSP_R_SHARED, at,
          "this is a shared file ('shared: true'), which site files extend: "
          "it holds what they share, not a site's policy, and no draft of it "
          "is one; name a site file that extends it");
  }
  if (root->kind != CSP_NODE_MAP)
    S_err(&c, CSP_R_TYPE, &root->loc,
          "a site file must be a map of fields (site:, personnel:, ...), "
          "not %s; start from 'csecpol init'",
          root->kind == CSP_NODE_NULL ? "empty"
                                      : csp_node_kind_name(root->kind));
  else {
    S_check_map(&c, root, "", "");
    if (!c.shared)
      S_check_version(&c, root);
  }
  csp_buf_release(&c.quote);
  return c.errors;
}

int csp_schema_check_at(csp_diags *dg, const csp_node *v, const char *path,
                        const char *shown, const csp_loc *loc,
                        const csp_check_opts *opts)
{
  S_check c = {dg, opts, 0, 0, {0}};
  csp_buf_init(&c.quote);
  size_t pl = strlen(path);
  if (pl > 2 && strcmp(path + pl - 2, "[]") == 0) {
    /* one item of a list: its fields, as check reads a list's items */
    char list[256];
    snprintf(list, sizeof list, "%.*s", (int)(pl - 2), path);
    const csp_field *f = csp_field_find(list);
    if (f && f->type == CSP_T_LIST && v && v->kind == CSP_NODE_MAP) {
      S_check_map(&c, v, path, shown);
    } else if (f && f->type == CSP_T_TEXTS && v &&
               v->kind == CSP_NODE_SCALAR && !S_check_word(&c, v, shown)) {
      csp_field tf = *f; /* an item of a list of text, as S_check_value */
      tf.type = CSP_T_TEXT;
      S_check_scalar(&c, &tf, v, shown);
    }
  } else {
    const csp_field *f = csp_field_find(path);
    if (f) {
      if (v)
        S_check_value(&c, f, v, path, shown);
      S_check_need(&c, f, v, v ? &v->loc : loc, shown);
    }
  }
  csp_buf_release(&c.quote);
  return c.errors;
}

/* ---- completing the tree ---------------------------------------------- */

static csp_node *S_derived(const char *text)
{
  csp_node *n = csp_node_new_scalar(text, strlen(text), NULL);
  n->derived = 1;
  return n;
}

static void S_set_derived(csp_node *map, const char *key, const char *text)
{
  csp_node_set(map, key, S_derived(text));
}

/* The defaults, built in from templates/defaults.yaml. */
extern const unsigned char csp_embed_defaults_yaml[];
extern const size_t csp_embed_defaults_yaml_len;

/* Makes n and everything below it csecpol's own values: derived, with
 * no location and no YAML form. */
static void S_own(csp_node *n)
{
  memset(&n->loc, 0, sizeof n->loc);
  n->plain = n->keyword = 0;
  n->derived = 1;
  for (size_t i = 0; i < n->n; i++) {
    memset(&n->items[i].key_loc, 0, sizeof n->items[i].key_loc);
    S_own(n->items[i].value);
  }
}

/* The tree of defaults, read with the site-file loader (the caller
 * frees it), or NULL (reported) if the built-in file were broken. */
static csp_node *S_defaults(csp_diags *dg)
{
  csp_node *d = csp_yaml_parse(dg, "<built-in defaults>",
                               (const char *)csp_embed_defaults_yaml,
                               csp_embed_defaults_yaml_len);
  if (d)
    S_own(d);
  return d;
}

csp_node *csp_field_default(csp_diags *dg, const char *path)
{
  csp_node *d = S_defaults(dg);
  const csp_node *v = d ? csp_node_path(d, path) : NULL;
  csp_node *copy = v && v->kind != CSP_NODE_MAP ? csp_node_copy(v) : NULL;
  csp_node_free(d);
  return copy;
}

/* Lays the defaults d (a map) under map: text where map's value is
 * missing or empty, a list where it is missing (an empty list stays
 * empty), a map key by key. */
static void S_fill(csp_node *map, csp_node *d)
{
  for (size_t i = 0; i < d->n; i++) {
    const char *key = d->items[i].key;
    csp_node *dv = d->items[i].value;
    csp_node *v = csp_node_get(map, key);
    if (dv->kind == CSP_NODE_MAP) {
      if (!v || v->kind != CSP_NODE_MAP) {
        v = csp_node_new(CSP_NODE_MAP, NULL);
        v->derived = 1;
        csp_node_set(map, key, v);
      }
      S_fill(v, dv);
    } else if (dv->kind == CSP_NODE_SEQ ? !v : S_empty(v)) {
      d->items[i].value = NULL; /* moved */
      csp_node_set(map, key, dv);
    }
  }
}

void csp_schema_complete(csp_diags *dg, csp_node *root)
{
  if (root->kind != CSP_NODE_MAP)
    return;
  csp_node *d = S_defaults(dg);
  if (d && d->kind == CSP_NODE_MAP)
    S_fill(root, d);
  csp_node_free(d);
  csp_node *site = csp_node_get(root, "site");
  if (site && site->kind == CSP_NODE_MAP &&
      S_empty(csp_node_get(site, "name_in_text"))) {
    /* the name reads in a sentence as it is */
    const csp_node *name = csp_node_get(site, "name");
    if (name && name->kind == CSP_NODE_SCALAR)
      S_set_derived(site, "name_in_text", name->text);
  }
  csp_derive_add(root, "");
}

/* ---- drafts ----------------------------------------------------------- */

static csp_node *S_marker(const char *shown, const char *alt,
                          const csp_loc *loc)
{
  char text[300];
  snprintf(text, sizeof text, "[missing: %s%s%s]", shown, alt ? " or " : "",
           alt ? alt : "");
  csp_node *n = csp_node_new_scalar(text, strlen(text), loc);
  n->derived = 1;
  return n;
}

/* A list of text holding one marker, for a list that is missing. */
static csp_node *S_marker_list(const char *shown, const csp_loc *loc)
{
  csp_node *l = csp_node_new(CSP_NODE_SEQ, loc);
  l->derived = 1;
  csp_node_append(l, NULL, NULL, S_marker(shown, NULL, loc));
  return l;
}

static int S_is_value(const csp_field *f)
{
  return f->type != CSP_T_MAP && f->type != CSP_T_LIST &&
         f->type != CSP_T_TEXTS && f->type != CSP_T_INT &&
         f->type != CSP_T_PATH;
}

/* Replaces *v by a marker when it is text that still holds a
 * placeholder (init's "TODO: ..."): it is as good as missing. */
static void S_mark_placeholder(csp_node **v, const char *shown)
{
  if ((*v)->kind != CSP_NODE_SCALAR || !csp_placeholder((*v)->text))
    return;
  csp_node *m = S_marker(shown, NULL, &(*v)->loc);
  csp_node_free(*v);
  *v = m;
}

static void S_mark_map(csp_node *map, const char *prefix, const char *shown)
{
  char path[256], sh[256];
  /* what is there: placeholders, and the maps and lists inside */
  for (size_t i = 0; i < map->n; i++) {
    csp_entry *e = &map->items[i];
    S_join(path, sizeof path, prefix, e->key);
    const csp_field *f = csp_field_find(path);
    if (!f)
      continue;
    S_shown(sh, sizeof sh, shown, e->key);
    csp_node *v = e->value;
    if (S_is_value(f)) {
      S_mark_placeholder(&e->value, sh);
    } else if (f->type == CSP_T_MAP && v->kind == CSP_NODE_MAP) {
      S_mark_map(v, path, sh);
    } else if ((f->type == CSP_T_LIST || f->type == CSP_T_TEXTS) &&
               v->kind == CSP_NODE_SEQ) {
      char ip[256], is[256];
      snprintf(ip, sizeof ip, "%s[]", path);
      for (size_t j = 0; j < v->n; j++) {
        snprintf(is, sizeof is, "%s[%zu]", sh, j + 1);
        if (f->type == CSP_T_TEXTS)
          S_mark_placeholder(&v->items[j].value, is);
        else if (v->items[j].value->kind == CSP_NODE_MAP)
          S_mark_map(v->items[j].value, ip, is);
      }
    }
  }
  /* what is not: each required or recommended field */
  for (size_t i = 0; i < csp_nfields; i++) {
    const csp_field *f = &csp_fields[i];
    const char *last;
    if (f->need == CSP_OPTIONAL || !csp_field_child(f->path, prefix, &last))
      continue;
    csp_node *v = csp_node_get(map, last);
    S_join(path, sizeof path, prefix, last);
    S_shown(sh, sizeof sh, shown, last);
    const csp_loc *loc = v ? &v->loc : &map->loc;
    if (f->type == CSP_T_MAP) {
      if (!v || v->kind != CSP_NODE_MAP) {
        v = csp_node_new(CSP_NODE_MAP, &map->loc);
        v->derived = 1;
        csp_node_set(map, last, v);
        S_mark_map(v, path, sh);
      }
    } else if (f->type == CSP_T_LIST) {
      if (!v || v->kind != CSP_NODE_SEQ || v->n == 0) {
        csp_node *l = csp_node_new(CSP_NODE_SEQ, &map->loc);
        l->derived = 1;
        csp_node *item = csp_node_new(CSP_NODE_MAP, &map->loc);
        item->derived = 1;
        csp_node_append(l, NULL, NULL, item);
        csp_node_set(map, last, l);
        char ip[256], is[256];
        snprintf(ip, sizeof ip, "%s[]", path);
        snprintf(is, sizeof is, "%s[1]", sh);
        S_mark_map(item, ip, is);
      }
    } else if (f->type == CSP_T_TEXTS) {
      if (!v || v->kind != CSP_NODE_SEQ || v->n == 0)
        csp_node_set(map, last, S_marker_list(sh, loc));
    } else if (S_empty(v) || v->kind != CSP_NODE_SCALAR) {
      csp_node_set(map, last, S_marker(sh, NULL, loc));
    }
  }
  /* a contact that cannot be reached: its phone, or the other way */
  const char *alt;
  const char *one = csp_field_reach(prefix, &alt);
  if (one && S_empty(csp_node_get(map, one)) &&
      S_empty(csp_node_get(map, alt))) {
    S_shown(sh, sizeof sh, shown, one);
    csp_node_set(map, one, S_marker(sh, alt, &map->loc));
  }
}

void csp_schema_mark_missing(csp_node *root)
{
  if (root->kind == CSP_NODE_MAP)
    S_mark_map(root, "", "");
}
