/* test_table.c: the field table as the one source of the rules that
 * apply to some fields (issue 19): its flags say which fields are ways
 * to reach a contact, which date says a contact was verified, which
 * date must not be past; check applies each rule where a flag says so
 * and nowhere else.  The values derived for the template come from one
 * table (derive.c): each one csp_schema_complete makes is a name
 * csp_derive_find resolves, and a name it resolves is made.  The
 * defaults (templates/defaults.yaml) pass check as their fields. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "derive.h"
#include "schema.h"
#include "site.h"
#include "tap.h"

/* the test run's diagnostics: made in main, handed to what reports */
static csp_diags *dg;

/* The errors of a check of yaml; *warnings gets its warnings. */
static int S_check(const char *yaml, int max_age, int *warnings)
{
  csp_node *root = csp_yaml_parse(dg, "t.yaml", yaml, strlen(yaml));
  if (!root)
    return -1;
  csp_check_opts opts = {.max_age = max_age, .today = 20780};
  int errors = csp_schema_check(dg, root, &opts);
  *warnings = csp_diag_count(dg, CSP_WARNING);
  csp_node_free(root);
  csp_diag_release(dg);
  return errors;
}

/* Checks that every derived value below map (whose fields lie under
 * prefix) that is no field is a name csp_derive_find resolves; counts
 * them in *n. */
static void S_walk(const csp_node *map, const char *prefix, size_t *n)
{
  char path[256];
  for (size_t i = 0; i < map->n; i++) {
    const csp_node *v = map->items[i].value;
    snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "",
             map->items[i].key);
    const csp_field *base;
    if (v->derived && !csp_field_find(path)) {
      (*n)++;
      OK(csp_derive_find(path, &base), "%s, derived, is a derived name",
         path);
    }
    if (v->kind == CSP_NODE_MAP) {
      S_walk(v, path, n);
    } else if (v->kind == CSP_NODE_SEQ) {
      char ip[260];
      snprintf(ip, sizeof ip, "%s[]", path);
      for (size_t j = 0; j < v->n; j++)
        if (v->items[j].value->kind == CSP_NODE_MAP)
          S_walk(v->items[j].value, ip, n);
    }
  }
}

int main(void)
{
  dg = csp_diags_new();
  /* ---- the flags, field by field ---- */
  size_t contacts = 0, verified = 0, not_past = 0;
  for (size_t i = 0; i < csp_nfields; i++) {
    const csp_field *f = &csp_fields[i];
    const char *last = strrchr(f->path, '.');
    last = last ? last + 1 : f->path;
    if (f->flags & CSP_F_VERIFIED) {
      verified++;
      OK(f->type == CSP_T_DATE && strcmp(last, "verified") == 0,
         "%s, flagged verified, is a date named verified", f->path);
    }
    if (f->flags & CSP_F_NOT_PAST) {
      not_past++;
      OK(f->type == CSP_T_DATE, "%s, which must not be past, is a date",
         f->path);
    }
    if (f->flags & CSP_F_REACH)
      OK(f->type == CSP_T_PHONE || f->type == CSP_T_EMAIL ||
             f->type == CSP_T_URL,
         "%s, a way to reach a contact, is a phone, an e-mail or a url",
         f->path);
    if (f->type != CSP_T_LIST && f->type != CSP_T_MAP)
      continue;
    /* a map, or the items of a list: a contact when it has a way to be
     * reached or a date it was verified */
    char prefix[256];
    snprintf(prefix, sizeof prefix, "%s%s", f->path,
             f->type == CSP_T_LIST ? "[]" : "");
    const char *other, *vkey;
    const char *one = csp_field_reach(prefix, &other);
    const csp_field *v = csp_field_flagged(prefix, CSP_F_VERIFIED, NULL,
                                           &vkey);
    if (one) {
      contacts++;
      OK(other != NULL, "%s needs one of two (%s, %s)", prefix, one, other);
      OK(v != NULL, "%s, a contact, has a verified date", prefix);
    }
    if (v)
      OK(!csp_field_flagged(prefix, CSP_F_VERIFIED, v, NULL),
         "%s has one verified date", prefix);
  }
  OK(contacts == 4, "four lists hold contacts (%zu)", contacts);
  OK(verified == 5, "five contacts can be verified (%zu)", verified);
  OK(not_past == 1, "one date must not be past (%zu)", not_past);

  const char *other;
  OK_STR(csp_field_reach("personnel[]", &other), "phone",
         "a person needs a phone");
  OK_STR(other, "email", "or an e-mail address");
  OK_STR(csp_field_reach("state_hotlines[]", &other), "phone",
         "a hotline needs a phone");
  OK_STR(other, "url", "or a web address");
  OK(!csp_field_reach("abuse_report", &other) && !other,
     "the abuse report line needs its phone, not one of two");
  OK(!csp_field_reach("policy.signers[]", &other) && !other,
     "a signer needs neither");
  OK(!csp_field_reach("", &other) && !other, "the top level needs neither");
  const char *key;
  OK(csp_field_flagged("abuse_report", CSP_F_VERIFIED, NULL, &key) &&
         strcmp(key, "verified") == 0,
     "the abuse report line can be verified");
  OK(!csp_field_flagged("site", CSP_F_VERIFIED, NULL, NULL),
     "the site itself is not verified");
  OK(!csp_field_flagged("policy.history[]", CSP_F_REACH, NULL, NULL),
     "a history entry is no contact");
  OK(csp_field_flagged("", CSP_F_FILE, NULL, &key) &&
         strcmp(key, "schema") == 0,
     "schema says how to read the file");

  /* ---- the rules follow the flags ---- */
  static const char site[] =
      "site: {name: X, state: NY}\n"
      "policy: {review_date: %s, effective_date: 2020-01-01}\n"
      "personnel:\n"
      "  - {role: Director, name: Pat}\n"
      "abuse_report: {agency: SCR, phone: 1-800-342-3720}\n"
      "local_resources:\n"
      "  - {name: CAC, phone: 1-800-342-3720, verified: 2026-11-20}\n";
  char past[512], future[512];
  snprintf(past, sizeof past, site, "2020-01-01");
  snprintf(future, sizeof future, site, "2099-01-01");
  int w = 0, wpast = 0, w30 = 0, w3 = 0;
  OK(S_check(future, -1, &w) == 1,
     "the one person without a phone or an e-mail is an error");
  OK(S_check(past, -1, &wpast) == 1 && wpast == w + 1,
     "a past review date is a warning, a past effective date none "
     "(%d, %d)", wpast, w);
  S_check(future, 30, &w30);
  OK(w30 == w + 2,
     "--max-age 30: the person and the abuse report line were never "
     "verified, the resource was 3 days ago (%d more)", w30 - w);
  S_check(future, 2, &w3);
  OK(w3 == w + 3, "--max-age 2: the resource too (%d more)", w3 - w);

  /* ---- derived values: made and resolved from one table ---- */
  static const char full[] =
      "site: {name: X, state: NY, phone: (315) 592-4453}\n"
      "policy:\n"
      "  review_date: 2027-01-15\n"
      "  history:\n"
      "    - {version: '1.0', date: 2026-12-01, summary: Adopted.}\n"
      "personnel:\n"
      "  - {role: Director, phone: 911, email: pat@hope.org}\n"
      "safety_steps: [Stay with the youth.]\n";
  csp_node *root = csp_yaml_parse(dg, "d.yaml", full, strlen(full));
  csp_schema_complete(dg, root);
  csp_derive_draft(root);
  size_t nderived = 0;
  S_walk(root, "", &nderived);
  OK(nderived >= 10, "the completed site holds %zu derived values",
     nderived);
  OK(csp_derive_is_draft(root), "a draft says so");
  OK_STR(csp_node_text(root, "site.phone_tel"), "+13155924453",
         "site.phone_tel is the tel: target");
  OK_STR(csp_node_text(root, "policy.review_date_long"), "January 15, 2027",
         "a date as people read it");
  OK_STR(csp_node_text(root, "has_safety_steps"), "true",
         "has_ for a list that is not empty");
  const csp_node *h = csp_node_path(root, "policy.history");
  OK(h && h->n == 1 &&
         strcmp(csp_node_text(h->items[0].value, "summary_clause"),
                "Adopted") == 0,
     "the history's summary as a clause");
  const csp_node *p = csp_node_get(root, "personnel");
  OK(p && p->n == 1 &&
         csp_node_text(p->items[0].value, "email_ok") &&
         csp_node_text(p->items[0].value, "phone_tel"),
     "a person's email_ok and phone_tel");
  OK(!csp_node_get(root, "has_prevention_notice"),
     "no has_ for a list that is not there");
  csp_node_free(root);
  csp_diag_release(dg);

  static const struct {
    const char *path, *base; /* base "" when it shows no field */
  } names[] = {
      {"site.phone_tel", "site.phone"},
      {"personnel[].phone_tel", "personnel[].phone"},
      {"policy.effective_date_long", "policy.effective_date"},
      {"policy.history[].summary_clause", "policy.history[].summary"},
      {"personnel[].email_ok", ""},
      {"has_safety_steps", ""},
      {"policy.has_history", ""},
      {"draft", ""},
      {"site.name_tel", NULL}, /* NULL: no derived name */
      {"site.name_clause", NULL},
      {"site.phone_long", NULL},
      {"has_site", NULL},
      {"personnel[].draft", NULL},
      {"has_", NULL},
      {"_tel", NULL},
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    const csp_field *base = NULL;
    int found = csp_derive_find(names[i].path, &base);
    if (!names[i].base)
      OK(!found, "%s is no derived name", names[i].path);
    else if (!*names[i].base)
      OK(found && !base, "%s is derived and shows no field", names[i].path);
    else
      OK(found && base && strcmp(base->path, names[i].base) == 0,
         "%s is derived from %s", names[i].path, names[i].base);
  }

  /* ---- the defaults (templates/defaults.yaml) ---- */
  size_t ndefaults = 0;
  for (size_t i = 0; i < csp_nfields; i++) {
    csp_node *d = csp_field_default(dg, csp_fields[i].path);
    if (!d)
      continue;
    ndefaults++;
    csp_loc loc = {"defaults", 0, 0};
    csp_check_opts opts = {.max_age = -1, .today = 20780};
    int errors = csp_schema_check_at(dg, d, csp_fields[i].path,
                                     csp_fields[i].path, &loc, &opts);
    int warnings = csp_diag_count(dg, CSP_WARNING);
    csp_diag_release(dg);
    OK(errors == 0 && warnings == 0 && d->derived,
       "the default of %s passes check as that field, and is derived "
       "(%d errors, %d warnings)",
       csp_fields[i].path, errors, warnings);
    csp_node_free(d);
  }
  OK(ndefaults == 3, "three fields have a default (%zu)", ndefaults);
  OK(!csp_field_default(dg, "policy"), "a map has no default of its own");
  csp_diags_free(dg);
  return tap_done();
}
