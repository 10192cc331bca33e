/* test_fields.c: what the field table gives the interview and the JSON
 * Schema (issue 18): the samples, one value checked alone, the defaults,
 * the state codes, and the JSON writer.
 *
 * - every field's sample is a value check accepts for that field, with
 *   no error and no warning (the interview shows it as "e.g.", the
 *   schema as an example);
 * - csp_schema_check_at finds in one value, or one list item, the
 *   errors csp_schema_check finds in it inside a whole site tree;
 * - csp_field_default gives what csp_schema_complete fills in;
 * - csp_state_code lists exactly the codes csp_state_ok accepts;
 * - the JSON writer nests, separates and escapes. */
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "schema.h"
#include "site.h"
#include "tap.h"
#include "value.h"

/* the test run's diagnostics: made in main, handed to what reports */
static csp_diags *dg;

static const csp_check_opts S_opts = {.max_age = -1, .today = 20780};

/* Errors and warnings csp_schema_check_at reports for text at path. */
static void check_text(const char *path, const char *text, int plain,
                       int *errors, int *warnings)
{
  csp_loc loc = {"answer", 1, 1};
  csp_node *v = text ? csp_node_new_scalar(text, strlen(text), &loc) : NULL;
  if (v)
    v->plain = plain; /* written unquoted, as true and false are */
  int w0 = csp_diag_count(dg, CSP_WARNING);
  *errors = csp_schema_check_at(dg, v, path, path, &loc, &S_opts);
  *warnings = csp_diag_count(dg, CSP_WARNING) - w0;
  csp_node_free(v);
  csp_diag_release(dg);
}

/* Errors csp_schema_check finds in a whole site with line replacing
 * the line that starts with the same key in the base below. */
static int whole_site_errors(const char *line)
{
  const char *base[] = {
      "site:", "  name: Hope House", "  state: NY", "  phone: (315) 592-4400",
      "personnel:", "  - role: Director", "    phone: (315) 592-4401",
      "abuse_report:", "  agency: SCR", "  phone: 1-800-342-3720",
      "local_resources:", "  - name: Shelter", "    phone: (315) 592-4402",
      "safety_steps:", "  - Stay with the youth."};
  csp_buf y;
  csp_buf_init(&y);
  size_t kl = strcspn(line, ":");
  int done = 0;
  for (size_t i = 0; i < sizeof base / sizeof *base; i++) {
    if (!done && strncmp(base[i], line, kl + 1) == 0 && (done = 1))
      csp_buf_printf(&y, "%s\n", line);
    else
      csp_buf_printf(&y, "%s\n", base[i]);
  }
  csp_node *n = csp_yaml_parse(dg, "s.yaml", y.data, y.len);
  int errors = n ? csp_schema_check(dg, n, &S_opts) : -1;
  csp_node_free(n);
  csp_buf_release(&y);
  csp_diag_release(dg);
  return errors;
}

int main(void)
{
  dg = csp_diags_new();
  /* ---- samples ---- */
  int with_sample = 0;
  for (size_t i = 0; i < csp_nfields; i++) {
    const csp_field *f = &csp_fields[i];
    int container = f->type == CSP_T_MAP || f->type == CSP_T_LIST;
    if (container) {
      OK(!f->sample, "%s (a map or list of maps) has no sample", f->path);
      continue;
    }
    if (!OK(f->sample, "%s has a sample", f->path))
      continue;
    with_sample++;
    char path[256];
    snprintf(path, sizeof path, "%s%s", f->path,
             f->type == CSP_T_TEXTS ? "[]" : "");
    int errors, warnings;
    check_text(path, f->sample, f->type == CSP_T_BOOL, &errors, &warnings);
    OK(errors == 0 && warnings == 0,
       "the sample of %s, \"%s\", passes check (%d errors, %d warnings)",
       f->path, f->sample, errors, warnings);
    OK(!csp_placeholder(f->sample), "the sample of %s holds no placeholder",
       f->path);
  }
  OK(with_sample > 30, "%d fields have a sample", with_sample);

  /* ---- one value alone, as in a whole site ---- */
  static const struct {
    const char *path, *text, *line;
  } same[] = {
      {"site.phone", "(315) 592-44OO", "  phone: (315) 592-44OO"},
      {"site.phone", "(315) 555-0100", "  phone: (315) 555-0100"},
      {"site.phone", "1-800-THE-LOST", "  phone: 1-800-THE-LOST"},
      {"site.state", "New York", "  state: New York"},
      {"site.state", "NJ", "  state: NJ"},
      {"site.name", "TODO: name of the site",
       "  name: \"TODO: name of the site\""},
      {"site.name", "Hope House", "  name: Hope House"},
  };
  for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
    int errors, warnings;
    check_text(same[i].path, same[i].text, 0, &errors, &warnings);
    int whole = whole_site_errors(same[i].line);
    OK(errors == whole, "%s = \"%s\": %d error(s) alone, %d in a site",
       same[i].path, same[i].text, errors, whole);
  }
  int errors, warnings;
  check_text("site.name", NULL, 0, &errors, &warnings);
  OK(errors == 1, "a required field with no answer is an error");
  check_text("personnel[].name", NULL, 0, &errors, &warnings);
  OK(errors == 0 && warnings == 1,
     "a recommended field with no answer is a warning");
  check_text("site.address", NULL, 0, &errors, &warnings);
  OK(errors == 0 && warnings == 0, "an optional field may be left out");
  check_text("safety_steps[]", "TBD", 0, &errors, &warnings);
  OK(errors == 1, "an item of a list of text is checked as text");

  /* a list item: its fields, and the phone-or-email rule */
  const char *item = "role: Director\nname: Pat\n";
  csp_node *n = csp_yaml_parse(dg, "i.yaml", item, strlen(item));
  csp_loc loc = {"i.yaml", 1, 1};
  errors = csp_schema_check_at(dg, n, "personnel[]", "personnel[1]", &loc,
                               &S_opts);
  OK(errors == 1, "a person with neither phone nor e-mail: 1 error (%d)",
     errors);
  csp_node_set(n, "email", csp_node_new_scalar("pat@hope.org", 12, &loc));
  csp_diag_release(dg);
  errors = csp_schema_check_at(dg, n, "personnel[]", "personnel[1]", &loc,
                               &S_opts);
  OK(errors == 0, "with an e-mail address: no error (%d)", errors);
  csp_node_free(n);
  csp_diag_release(dg);
  const char *other;
  OK_STR(csp_field_reach("personnel[]", &other), "phone",
         "a person needs a phone");
  OK_STR(other, "email", "or an e-mail address");
  OK_STR(csp_field_reach("local_resources[]", &other), "phone",
         "a resource needs a phone");
  OK_STR(other, "url", "or a web address");
  OK(!csp_field_reach("policy.history[]", &other) && !other,
     "a history entry needs neither");

  /* ---- defaults ---- */
  csp_node *root = csp_yaml_parse(dg, "d.yaml", "site: {name: x}\n", 16);
  csp_schema_complete(dg, root);
  for (size_t i = 0; i < csp_nfields; i++) {
    csp_node *d = csp_field_default(dg, csp_fields[i].path);
    if (!d)
      continue;
    const csp_node *got = csp_node_path(root, csp_fields[i].path);
    csp_buf a, b;
    csp_buf_init(&a);
    csp_buf_init(&b);
    csp_json ja, jb;
    csp_json_init(&ja, &a);
    csp_json_init(&jb, &b);
    csp_json_node(&ja, d);
    if (got) { /* less the derived x_tel that complete adds after */
      csp_node *g = csp_node_copy(got);
      for (size_t k = 0; g->kind == CSP_NODE_SEQ && k < g->n; k++)
        if (g->items[k].value->kind == CSP_NODE_MAP)
          csp_node_remove(g->items[k].value, "phone_tel");
      csp_json_node(&jb, g);
      csp_node_free(g);
    }
    OK_STR(b.data, a.data, "complete fills %s with its default",
           csp_fields[i].path);
    csp_buf_release(&a);
    csp_buf_release(&b);
    csp_node_free(d);
  }
  csp_node_free(root);
  csp_diag_release(dg);
  OK(!csp_field_default(dg, "site.name"), "site.name has no default");

  /* ---- state codes ---- */
  size_t listed = 0;
  while (csp_state_code(listed))
    listed++;
  size_t accepted = 0, mismatch = 0;
  for (char a = 'A'; a <= 'Z'; a++)
    for (char b = 'A'; b <= 'Z'; b++) {
      char code[3] = {a, b, '\0'};
      int in_list = 0;
      for (size_t i = 0; i < listed; i++)
        in_list |= strcmp(csp_state_code(i), code) == 0;
      accepted += csp_state_ok(code) != 0;
      mismatch += !!csp_state_ok(code) != in_list;
    }
  OK(listed == accepted && mismatch == 0,
     "csp_state_code lists the %zu codes csp_state_ok accepts (%zu listed, "
     "%zu differ)",
     accepted, listed, mismatch);

  /* ---- the JSON writer ---- */
  csp_buf out;
  csp_buf_init(&out);
  csp_json j;
  csp_json_init(&j, &out);
  csp_json_begin(&j, '{');
  csp_json_key(&j, "a");
  csp_json_string(&j, "q\"\\\n\x01é");
  csp_json_key(&j, "b");
  csp_json_begin(&j, '[');
  csp_json_int(&j, -3);
  csp_json_raw(&j, "null");
  csp_json_begin(&j, '{');
  csp_json_end(&j);
  csp_json_end(&j);
  csp_json_key(&j, "c");
  csp_json_begin(&j, '[');
  csp_json_end(&j);
  csp_json_end(&j);
  OK_STR(out.data,
         "{\n  \"a\": \"q\\\"\\\\\\n\\u0001é\",\n  \"b\": [\n    -3,\n    "
         "null,\n    {}\n  ],\n  \"c\": []\n}\n",
         "the JSON writer nests, separates and escapes");
  csp_buf_release(&out);
  csp_diags_free(dg);
  return tap_done();
}
