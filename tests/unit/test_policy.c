/* test_policy.c: the template and the schema agree.
 *
 * The built-in template refers to no name that the schema does not know
 * and shows every field a site file may set; rendered against a site file
 * with every field set, each value appears in the policy, and against one
 * with every optional field absent, the policy still renders with no
 * warning. */
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "site.h"
#include "tap.h"
#include "value.h"

/* the test run's diagnostics: made in main, handed to what reports */
static csp_diags *dg;

/* The plain text of the policy rendered from path with the built-in
 * template (the caller frees it), or NULL. */
static char *S_render_text(const csp_tmpl *t, const char *path,
                           unsigned char *shown, int *warnings)
{
  csp_check_opts opts = {.max_age = -1, .shown = shown,
                         .tmpl_name = "<built-in template>"};
  if (csp_date_parse("2026-11-23", &opts.today) < 0)
    return NULL;
  int errors;
  int before = csp_diag_count(dg, CSP_WARNING);
  csp_load ld;
  csp_load_init(&ld, dg);
  csp_node *site = csp_policy_load(&ld, path, NULL, &opts, 0, &errors);
  csp_load_release(&ld);
  *warnings = csp_diag_count(dg, CSP_WARNING) - before;
  if (!site || errors) {
    csp_node_free(site);
    return NULL;
  }
  cmark_node *doc = csp_policy_document(dg, t, "<built-in template>", site);
  csp_node_free(site);
  if (!doc)
    return NULL;
  /* the text of every text, code and link-target node, blocks apart */
  csp_buf out;
  csp_buf_init(&out);
  cmark_iter *it = cmark_iter_new(doc);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE:
      csp_buf_puts(&out, cmark_node_get_literal(n));
      break;
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
      csp_buf_puts(&out, " ");
      break;
    case CMARK_NODE_PARAGRAPH:
    case CMARK_NODE_HEADING:
      if (ev == CMARK_EVENT_EXIT)
        csp_buf_puts(&out, "\n");
      break;
    default:
      break;
    }
  }
  cmark_iter_free(it);
  cmark_node_free(doc);
  csp_buf_puts(&out, "");
  return csp_buf_detach(&out);
}

/* Every scalar value below n that a site file wrote (not one csecpol
 * derived) appears in text; reports each that does not. */
static void S_values_appear(const csp_node *n, const char *text,
                            const char *what, int *missing)
{
  if (n->derived)
    return;
  if (n->kind == CSP_NODE_SCALAR) {
    /* a date shows as people read it; a history summary as a clause,
     * its full stop after the approval */
    csp_buf shown;
    csp_buf_init(&shown);
    if (csp_date_ok(n->text))
      csp_date_long(n->text, &shown);
    else if (n->len > 1 && n->text[n->len - 1] == '.')
      csp_buf_put(&shown, n->text, n->len - 1);
    else
      csp_buf_puts(&shown, n->text);
    int found = strstr(text, shown.data) != NULL;
    csp_buf_release(&shown);
    if (!found) {
      printf("#   %s: value \"%s\" (line %d) is not in the policy\n", what,
             n->text, n->loc.line);
      (*missing)++;
    }
    return;
  }
  for (size_t i = 0; i < n->n; i++) {
    const char *key = n->items[i].key;
    /* metadata the policy does not show */
    if (key && (strcmp(key, "schema") == 0 || strcmp(key, "verified") == 0 ||
                strcmp(key, "state") == 0))
      continue;
    S_values_appear(n->items[i].value, text, what, missing);
  }
}

/* A draft: each "[missing: ...]" marker of the policy is a draft mark
 * (render.h), a custom inline holding the marker's text alone. */
static void S_draft_marks(const csp_tmpl *t, const char *path, int want)
{
  csp_check_opts opts = {.max_age = -1};
  int errors;
  csp_load ld;
  csp_load_init(&ld, dg);
  csp_node *site = csp_policy_load(&ld, path, NULL, &opts, 1, &errors);
  csp_load_release(&ld);
  cmark_node *doc =
      site ? csp_policy_document(dg, t, "<built-in template>", site) : NULL;
  csp_node_free(site);
  if (!OK(doc != NULL, "%s renders as a draft", path))
    return;
  int marks = 0, loose = 0, odd = 0;
  cmark_iter *it = cmark_iter_new(doc);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_TEXT)
      continue;
    const char *lit = cmark_node_get_literal(n);
    cmark_node *up = cmark_node_parent(n);
    if (cmark_node_get_type(up) == CMARK_NODE_CUSTOM_INLINE) {
      marks++;
      size_t len = strlen(lit);
      if (strncmp(lit, "[missing: ", 10) != 0 || lit[len - 1] != ']' ||
          cmark_node_get_user_data(up) || cmark_node_first_child(up) != n ||
          cmark_node_next(n))
        odd++;
    } else if (strstr(lit, "[missing: ")) {
      printf("#   a marker outside a mark: \"%s\"\n", lit);
      loose++;
    }
  }
  cmark_iter_free(it);
  cmark_node_free(doc);
  OK(marks == want && loose == 0 && odd == 0,
     "%s: %d draft marks (want %d), %d markers outside one, %d odd", path,
     marks, want, loose, odd);
}

int main(void)
{
  dg = csp_diags_new();
  size_t len;
  const char *src = csp_builtin_template(&len);
  csp_tmpl *t = csp_tmpl_parse(dg, "<built-in template>", src, len);
  if (!OK(t != NULL, "the built-in template parses"))
    return tap_done();

  int unknown = -1;
  int before = csp_diag_count(dg, CSP_WARNING);
  unsigned char *shown =
      csp_policy_shown(dg, t, "<built-in template>", &unknown);
  OK(unknown == 0, "every name the template uses is a field or derived "
                   "(%d unknown)", unknown);
  OK(csp_diag_count(dg, CSP_WARNING) == before,
     "no warning about the built-in template");

  for (size_t i = 0; i < csp_nfields; i++) {
    const csp_field *f = &csp_fields[i];
    if (f->type == CSP_T_MAP || f->type == CSP_T_LIST)
      continue;
    if (f->flags & CSP_F_RENDERED)
      OK(shown[i], "the template shows %s", f->path);
    else
      OK(!shown[i], "%s is metadata, and the template does not show it",
         f->path);
  }

  int warnings;
  char *text =
      S_render_text(t, "tests/fixtures/check/full.yaml", shown, &warnings);
  if (OK(text != NULL, "a site file with every field renders")) {
    OK(warnings == 0, "with no warning (%d)", warnings);
    csp_load ld;
    csp_load_init(&ld, dg);
    csp_node *site = csp_load_site(&ld, "tests/fixtures/check/full.yaml");
    csp_load_release(&ld);
    int missing = 0;
    S_values_appear(site, text, "full.yaml", &missing);
    OK(missing == 0, "every value of full.yaml appears in its policy");
    csp_node_free(site);
    free(text);
  }

  text =
      S_render_text(t, "tests/fixtures/check/minimal.yaml", shown, &warnings);
  if (OK(text != NULL, "a site file with every optional field absent "
                       "renders")) {
    OK(strstr(text, "911") != NULL, "its policy has the default 911 line");
    OK(strstr(text, "1-888-373-7888") != NULL,
       "and the default national hotline");
    csp_load ld;
    csp_load_init(&ld, dg);
    csp_node *site = csp_load_site(&ld, "tests/fixtures/check/minimal.yaml");
    csp_load_release(&ld);
    int missing = 0;
    S_values_appear(site, text, "minimal.yaml", &missing);
    OK(missing == 0, "every value of minimal.yaml appears in its policy");
    csp_node_free(site);
    free(text);
  }

  /* required.yaml: the banner's own mark, site.name (three times: the
   * title block and two sentences), a local resource's name and its
   * phone or url, the abuse report's phone */
  S_draft_marks(t, "tests/fixtures/check/required.yaml", 7);

  free(shown);
  csp_tmpl_free(t);
  csp_diag_release(dg);
  csp_diags_free(dg);
  return tap_done();
}
