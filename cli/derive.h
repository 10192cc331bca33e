/* derive.h: the values csecpol derives from a site's fields for the
 * template, in one table (derive.c) that both makes them and resolves a
 * template's names against them:
 *   <phone>_tel      the number as a tel: target ("+13155924453")
 *   <date>_long      the date as people read it ("January 15, 2027")
 *   <text>_clause    a text flagged CSP_F_CLAUSE without its full stop
 *   <email>_ok       "true" where the e-mail address is valid
 *   has_<list>       "true" for a list that is not empty
 *   draft            "true" in a draft (render --draft)
 * schema.c adds them when it completes a tree (csp_schema_complete);
 * policy.c resolves the template's names (csp_policy_shown). */
#ifndef CSP_DERIVE_H
#define CSP_DERIVE_H

#include "node.h"
#include "schema.h"

/* Adds the derived values of the fields of map, which lie under prefix
 * ("" for the root, "personnel[]" for an item), and of every map and
 * list item below it, as derived nodes. */
void csp_derive_add(csp_node *map, const char *prefix);

/* Nonzero when path, a field path with list items as "x[]" followed by
 * a name ("personnel[].phone_tel", "has_safety_steps"), names a value
 * csecpol derives.  *base gets the field whose value a template shows
 * by showing it (phone for phone_tel), or NULL when it shows none (a
 * has_ or _ok flag, draft). */
int csp_derive_find(const char *path, const csp_field **base);

/* Marks root, a site tree, as a draft; nonzero when it is one. */
void csp_derive_draft(csp_node *root);
int csp_derive_is_draft(const csp_node *root);

#endif
