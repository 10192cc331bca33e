/* schema_json.h: the site-file format as a JSON Schema (draft-07),
 * generated from the field table. */
#ifndef CSP_SCHEMA_JSON_H
#define CSP_SCHEMA_JSON_H

#include "diag.h"
#include "util.h"

/* Appends the JSON Schema of a site file to out. */
void csp_schema_json(csp_diags *dg, csp_buf *out);

#endif
