/* test_schema.c: the field table, placeholders, and completing a site
 * tree (the value rules themselves: test_value.c). */
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "site.h"
#include "tap.h"

/* the test run's diagnostics: made in main, handed to what reports */
static csp_diags *dg;

/* The number of check errors in a valid site whose name is name. */
static int name_errors(const char *name)
{
  char y[512];
  snprintf(y, sizeof y,
           "site: {name: \"%s\", state: NJ}\n"
           "personnel: [{role: r, name: n, phone: 1-877-652-2873}]\n"
           "abuse_report: {agency: a, phone: 1-877-652-2873}\n"
           "local_resources: [{name: l, phone: 1-877-652-2873}]\n"
           "safety_steps: [x]\n",
           name);
  csp_node *n = csp_yaml_parse(dg, "p.yaml", y, strlen(y));
  csp_check_opts o = {.max_age = -1, .today = 20780};
  int errors = n ? csp_schema_check(dg, n, &o) : -1;
  csp_node_free(n);
  csp_diag_release(dg);
  return errors;
}

static void placeholder(const char *name, int want)
{
  int got = name_errors(name);
  OK(got == want, "name \"%s\": %d error(s), want %d", name, got, want);
}

/* An index of the table finds each field by its path, and nothing
 * else. */
static void test_index(void)
{
  csp_field_index ix;
  csp_field_index_init(&ix);
  int found = ix.n == csp_nfields;
  for (size_t i = 0; i < csp_nfields; i++)
    found &= csp_field_index_find(&ix, csp_fields[i].path) == &csp_fields[i] &&
             csp_field_find(csp_fields[i].path) == &csp_fields[i];
  OK(found, "the index finds each of the %zu fields by its path",
     csp_nfields);
  OK(!csp_field_index_find(&ix, "site.nmae") && !csp_field_find("") &&
         !csp_field_index_find(&ix, "personnel[].role.x"),
     "and no path that is not a field's");
}

int main(void)
{
  dg = csp_diags_new();
  test_index();

  /* placeholders, in any case, at any place, as whole words only */
  placeholder("Acme Youth Center", 0);
  placeholder("TBD", 1);
  placeholder("Acme tbd", 1);
  placeholder("Acme (tBa)", 1);
  placeholder("todo: the name", 1);
  placeholder("Fill In the name", 1);
  placeholder("[Missing: site.name]", 1);
  placeholder("Lorem Ipsum Center", 1);
  placeholder("Outbound Youth", 0);
  placeholder("Fixmeadow Farm", 0);
  placeholder("Xxxavier House", 0);
  placeholder("House XXX", 1);
  placeholder("Lorem Ipsum TBD FIXME", 1);
  placeholder("tbdx todox", 0);
  placeholder("Tbdx placeholders [missing x", 0);
  placeholder("xtbd, ltodo, [missing:", 1);

  OK(csp_field_find("personnel[].phone") != NULL, "item fields are found");
  OK(csp_field_find("personnel.phone") == NULL, "items need []");
  for (size_t i = 0; i < csp_nfields; i++) {
    const char *p = csp_fields[i].path;
    const char *dot = strrchr(p, '.');
    if (!dot)
      continue;
    char parent[128];
    size_t n = (size_t)(dot - p);
    memcpy(parent, p, n);
    parent[n] = '\0';
    if (n > 2 && strcmp(parent + n - 2, "[]") == 0)
      parent[n - 2] = '\0';
    const csp_field *pf = csp_field_find(parent);
    OK(pf && (pf->type == CSP_T_MAP || pf->type == CSP_T_LIST),
       "field %s has a map or list parent", p);
  }

  const char *y = "site: {name: A, state: NJ, phone: 1-877-NJ-ABUSE}\n"
                  "personnel: [{role: r, email: a@b.org}]\n"
                  "safety_steps: [x]\n";
  csp_node *n = csp_yaml_parse(dg, "t.yaml", y, strlen(y));
  csp_schema_complete(dg, n);
  OK_STR(csp_node_text(n, "site.phone_tel"), "+18776522873", "derived tel");
  OK_STR(csp_node_text(n, "emergency"), "911", "default emergency");
  OK_STR(csp_node_text(n, "emergency_tel"), "911", "emergency tel");
  OK_STR(csp_node_text(n, "has_safety_steps"), "true", "has_ list");
  OK(csp_node_text(n, "has_state_hotlines") == NULL, "no has_ for absent");
  csp_node *nat = csp_node_get(n, "national_resources");
  OK(nat && nat->n == 2, "the two national lines by default");
  OK_STR(csp_node_text(nat->items[1].value, "phone_tel"), "+18008435678",
         "default lines get tel too");
  OK_STR(csp_node_text(n->items[1].value->items[0].value, "email_ok"),
         "true", "email_ok");
  OK(csp_node_get(n, "policy") &&
         strstr(csp_node_text(n, "policy.title"), "(CSEC) Policy"),
     "default title");
  csp_node_free(n);

  n = csp_yaml_parse(dg, "t.yaml", "site: {state: NJ}\n", 18);
  csp_schema_mark_missing(n);
  OK_STR(csp_node_text(n, "site.name"), "[missing: site.name]",
         "a draft marks a missing value");
  OK_STR(csp_node_text(n, "abuse_report.phone"),
         "[missing: abuse_report.phone]", "a missing map gets markers");
  csp_node *pers = csp_node_get(n, "personnel");
  OK(pers && pers->n == 1 &&
         strcmp(csp_node_text(pers->items[0].value, "role"),
                "[missing: personnel[1].role]") == 0,
     "a missing list gets one marked item");
  csp_node_free(n);
  csp_diag_release(dg);
  csp_diags_free(dg);
  return tap_done();
}
