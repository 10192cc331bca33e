/* fuzz_site.c: libFuzzer harness for the site loader.
 *
 * Input: the bytes of a site file.  They go through csp_yaml_parse, the
 * schema check, and completion as `render` does it (as a draft too).
 * Properties: parsing fails only with an error diagnostic; every value
 * and key of a parsed tree has a file:line:col; completion keeps a map a
 * map. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz.h"
#include "site.h"

/* Checks that every value and key below n has a location in file. */
static void S_check_locs(const csp_node *n, const char *file, int depth)
{
  FUZZ_ASSERT(depth <= CSP_MAX_DEPTH + 1, "nesting within the limit");
  FUZZ_ASSERT(n->loc.file == file, "a value names its file");
  FUZZ_ASSERT(n->loc.line >= 1 && n->loc.col >= 1, "a value has line:col");
  if (n->kind == CSP_NODE_SCALAR)
    FUZZ_ASSERT(n->text && n->len <= CSP_MAX_VALUE, "a value within limit");
  FUZZ_ASSERT(n->n <= CSP_MAX_ITEMS, "entries within the limit");
  for (size_t i = 0; i < n->n; i++) {
    const csp_entry *e = &n->items[i];
    if (n->kind == CSP_NODE_MAP)
      FUZZ_ASSERT(e->key && e->key_loc.line >= 1 && e->key_loc.col >= 1,
                  "a key has line:col");
    S_check_locs(e->value, file, depth + 1);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  csp_diags *dg = csp_diags_new(); /* this input's run */
  csp_node *root = csp_yaml_parse(dg, "fuzz.yaml", (const char *)data, size);
  if (!root) {
    FUZZ_ASSERT(csp_diag_count(dg, CSP_ERROR) > 0, "a refusal is reported");
  } else {
    FUZZ_ASSERT(csp_diag_count(dg, CSP_ERROR) == 0, "no error on success");
    S_check_locs(root, csp_file_intern(dg, "fuzz.yaml"), 0);
    csp_check_opts opts = fuzz_check_opts();
    csp_diag_set_strict(dg, (int)(size & 1));
    csp_schema_check(dg, root, &opts);
    csp_diag_set_strict(dg, 0);
    if (root->kind == CSP_NODE_MAP) {
      csp_node *draft = csp_node_copy(root);
      csp_schema_mark_missing(draft);
      csp_schema_complete(dg, draft);
      FUZZ_ASSERT(draft->kind == CSP_NODE_MAP, "a draft stays a map");
      csp_node_free(draft);
      csp_schema_complete(dg, root);
    }
    csp_node_free(root);
  }
  fuzz_diag_done(dg, size);
  return 0;
}
