/* test_set.c: --set paths (refused or taken), laying values over a tree
 * with the replaced value kept, and csp_site_check_text. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "set.h"
#include "site.h"
#include "tap.h"

/* the test run's diagnostics: made in main, handed to what reports */
static csp_diags *dg;

/* The diagnostics recorded so far, printed (the caller frees). */
static char *flushed(void)
{
  char *d;
  size_t sz;
  FILE *f = open_memstream(&d, &sz);
  csp_diag_flush(dg, f, CSP_FORMAT_TEXT);
  fclose(f);
  return d;
}

/* Expects arg to be refused with a reason containing want. */
static void refuse(const char *arg, const char *want)
{
  csp_sets s = {.n = 0};
  csp_buf why;
  csp_buf_init(&why);
  OK(csp_sets_add(dg, &s, arg, &why) < 0 && s.n == 0, "refused: %s", arg);
  if (!OK(why.data && strstr(why.data, want), "reason for %s", arg))
    printf("#   got:  %s\n#   want: ...%s...\n", why.data, want);
  csp_buf_release(&why);
}

int main(void)
{
  dg = csp_diags_new();
  refuse("site.name", "needs a value");
  refuse("site.nmae=x", "the nearest is 'site.name'");
  refuse("nothing_like_it=x", "see 'csecpol fields'");
  refuse("personnel=x", "name one item, such as personnel[1].name");
  refuse("personnel[0].role=x", "items count from 1");
  refuse("personnel[1]=x", "holds several values");
  refuse("personnel[a].role=x", "needs an item number");
  refuse("site[1].name=x", "not a list");
  refuse("site=x", "holds several values");
  refuse("site.name.first=x", "holds no fields");
  refuse("extends=x.yaml", "change it in the file");
  refuse("=x", "KEY.PATH=VALUE");

  const char *y = "extends: p.yaml\n"
                  "site:\n  name: Acme\n  state: NJ\n"
                  "personnel:\n  - role: Director\n    phone: 1-800-342-3720\n"
                  "safety_steps: [one]\n";
  csp_node *root = csp_yaml_parse(dg, "t.yaml", y, strlen(y));
  OK(root != NULL, "a site tree");
  csp_sets s = {.n = 0};
  csp_buf why;
  csp_buf_init(&why);
  const char *args[] = {"site.name=Other = Name", "personnel[1].phone=",
                        "personnel[2].role=Nurse", "safety_steps[2]=two",
                        "policy.version=2.0", "emergency=911"};
  for (size_t i = 0; i < sizeof args / sizeof args[0]; i++)
    OK(csp_sets_add(dg, &s, args[i], &why) == 0, "taken: %s", args[i]);
  OK(csp_sets_apply(dg, &s, root) == 0, "every value applies");
  OK_STR(csp_node_text(root, "site.name"), "Other = Name",
         "the text after the first '=' is the value, literally");
  const csp_node *name = csp_node_path(root, "site.name");
  OK(name->loc.file && strcmp(name->loc.file, "--set") == 0 &&
         name->loc.line == 1 && name->loc.col == 11,
     "the value's location is --set:1:11");
  OK(name->overrides && name->replaced &&
         strcmp(name->replaced->text, "Acme") == 0 &&
         name->replaced->loc.line == 3,
     "the replaced value is kept, with its location");
  const csp_node *pers = csp_node_get(root, "personnel");
  OK(pers && pers->n == 2, "an item one past the end is added");
  OK_STR(csp_node_text(pers->items[0].value, "phone"), "",
         "an empty value is empty text");
  OK_STR(csp_node_text(pers->items[1].value, "role"), "Nurse",
         "the new item holds its value");
  const csp_node *steps = csp_node_get(root, "safety_steps");
  OK(steps && steps->n == 2 && strcmp(steps->items[1].value->text, "two") == 0,
     "a text list item is added");
  OK_STR(csp_node_text(root, "policy.version"), "2.0",
         "a missing map is made");
  OK(csp_node_path(root, "policy")->loc.line == 5,
     "the made map is at the option's location (--set:5)");

  /* past the end, and bad text: reported at the option, then skipped */
  csp_sets bad = {.n = 0};
  OK(csp_sets_add(dg, &bad, "personnel[4].role=x", &why) == 0 &&
         csp_sets_add(dg, &bad, "site.address=a\x01z", &why) == 0 &&
         csp_sets_add(dg, &bad, "site.url=\xff", &why) == 0 &&
         csp_sets_add(dg, &bad, "site.phone=a\xe2\x80\xae" "b", &why) == 0,
     "paths are checked when added, values when applied");
  OK(csp_sets_apply(dg, &bad, root) == 4, "four errors");
  char *d = flushed();
  OK(strstr(d, "--set:1:19: error: cannot set 'personnel[4].role': "
               "'personnel' has 2 items") != NULL,
     "an item past the end is named with its list's length");
  OK(strstr(d, "--set:2:14: error: value holds the control character "
               "U+0001") != NULL,
     "a control character is refused as in a file");
  OK(strstr(d, "--set:3:10: error: value is not valid UTF-8") != NULL,
     "invalid UTF-8 is refused");
  OK(strstr(d, "--set:4:12: error: value holds the bidirectional control "
               "U+202E") != NULL,
     "a bidirectional override is refused as in a file");
  if (!OK(csp_node_get(csp_node_get(root, "site"), "address") == NULL,
          "a refused value is not set"))
    printf("# %s", d);
  free(d);

  csp_node *copy = csp_node_copy(root);
  OK(copy && strcmp(csp_node_path(copy, "site.name")->replaced->text,
                    "Acme") == 0,
     "a copy keeps the replaced value");
  csp_node_free(copy);
  csp_node_free(root);
  csp_buf_release(&why);

  /* the overlong form of '/', and a surrogate, are not UTF-8 */
  csp_loc loc = {"x", 1, 1};
  OK(csp_site_check_text(dg, "\xc0\xaf", 2, &loc) < 0, "overlong refused");
  OK(csp_site_check_text(dg, "\xed\xa0\x80", 3, &loc) < 0,
     "surrogate refused");
  OK(csp_site_check_text(dg, "Caf\xc3\xa9 \xf0\x9f\x93\x9e", 10, &loc) == 0,
     "UTF-8 text taken");
  free(flushed());

  OK(csp_field_suggest("emergncy") &&
         strcmp(csp_field_suggest("emergncy"), "emergency") == 0,
     "a misspelt top-level field is suggested");
  OK(csp_field_suggest("personnel[].phnoe") &&
         strcmp(csp_field_suggest("personnel[].phnoe"),
                "personnel[].phone") == 0,
     "a misspelt item field is suggested");
  OK(csp_field_suggest("zzzzzzzz") == NULL, "nothing close, nothing said");
  csp_diag_release(dg);
  csp_diags_free(dg);
  return tap_done();
}
