/* schema_json.c: the field table (schema.c) as a JSON Schema, for the
 * editors that read one (yaml-language-server, in VS Code's YAML
 * extension and others): completion of keys, a description on hover,
 * and a line under a misspelt key or a malformed value as it is typed.
 *
 * Draft-07, which yaml-language-server and ajv both read.  What the
 * schema says comes from the table and from value.h, never from a list
 * of its own: the types and what must be there (csp_fields), the state
 * codes (csp_state_code), the patterns of phone numbers, dates, e-mail
 * and web addresses (CSP_*_PATTERN), the defaults (csp_field_default)
 * and the phone-or-email rule (csp_field_reach).
 *
 * A file that extends another may leave out what its parent supplies:
 * a map merges key by key, so the fields a map requires are required
 * only of a file without `extends`.  A list replaces its parent's, so
 * the fields of a list item are required in every file. */
#include "schema_json.h"

#include <stdio.h>
#include <string.h>

#include "json.h"
#include "schema.h"
#include "value.h"

/* A value that holds more than spaces (csp_node_has_text). */
#define S_PRESENT "[^ \\t\\n\\r]"

/* Nonzero for a field of a list item ("personnel[].role"). */
static int S_is_item_path(const char *path)
{
  return strstr(path, "[]") != NULL;
}

/* What a "type" allows besides its first type: a YAML number
 * (S_NUMBER), null (S_NULL); S_LIST writes a list even of one type. */
enum { S_NUMBER = 1, S_NULL = 2, S_LIST = 4 };

/* "type": name alone, or a list of name and what flags add. */
static void S_type(csp_json *j, const char *name, unsigned flags)
{
  csp_json_key(j, "type");
  if (!flags) {
    csp_json_string(j, name);
    return;
  }
  csp_json_begin(j, '[');
  csp_json_string(j, name);
  if (flags & S_NUMBER)
    csp_json_string(j, "number");
  if (flags & S_NULL)
    csp_json_string(j, "null");
  csp_json_end(j);
}

/* The JSON types a YAML scalar of the field may have: text may be
 * written as a YAML number (version: 1.0, emergency: 911), which csecpol
 * reads as the text it is; never as true or false (the yaml-word rule). */
static void S_types(csp_json *j, const csp_field *f, int nullable)
{
  int number = f->type == CSP_T_TEXT || f->type == CSP_T_PHONE;
  S_type(j, "string", (number ? S_NUMBER : 0) | (nullable ? S_NULL : 0));
}

/* A schema that holds where key is given with a value of the type name
 * (and flags, as S_type) that matches pattern (NULL: any):
 * {"required": [key], "properties": {key: {"type": ...}}}. */
static void S_given(csp_json *j, const char *key, const char *name,
                    unsigned flags, const char *pattern)
{
  csp_json_begin(j, '{');
  csp_json_key(j, "required");
  csp_json_begin(j, '[');
  csp_json_string(j, key);
  csp_json_end(j);
  csp_json_key(j, "properties");
  csp_json_begin(j, '{');
  csp_json_key(j, key);
  csp_json_begin(j, '{');
  S_type(j, name, flags);
  if (pattern) {
    csp_json_key(j, "pattern");
    csp_json_string(j, pattern);
  }
  csp_json_end(j);
  csp_json_end(j);
  csp_json_end(j);
}

static void S_field(csp_json *j, csp_diags *dg, const csp_field *f);

/* The properties of the map whose fields lie under prefix. */
static void S_properties(csp_json *j, csp_diags *dg, const char *prefix)
{
  csp_json_key(j, "properties");
  csp_json_begin(j, '{');
  for (size_t i = 0; i < csp_nfields; i++) {
    const char *key;
    if (!csp_field_child(csp_fields[i].path, prefix, &key))
      continue;
    csp_json_key(j, key);
    S_field(j, dg, &csp_fields[i]);
  }
  csp_json_end(j);
}

/* "required": the fields under prefix that are, when there are any. */
static void S_required(csp_json *j, const char *prefix)
{
  int any = 0;
  for (size_t i = 0; i < csp_nfields; i++) {
    const char *key;
    if (csp_fields[i].need != CSP_REQUIRED ||
        !csp_field_child(csp_fields[i].path, prefix, &key))
      continue;
    if (!any++) {
      csp_json_key(j, "required");
      csp_json_begin(j, '[');
    }
    csp_json_string(j, key);
  }
  if (any)
    csp_json_end(j);
}

/* The schema of a map whose fields lie under prefix.  Its required
 * fields are listed here inside a list item; elsewhere only in the
 * schema of a file without `extends` (S_complete). */
static void S_object(csp_json *j, csp_diags *dg, const char *prefix,
                     int nullable)
{
  S_type(j, "object", nullable ? S_NULL : 0);
  csp_json_key(j, "additionalProperties");
  csp_json_raw(j, "false");
  S_properties(j, dg, prefix);
  if (S_is_item_path(prefix))
    S_required(j, prefix);
}

/* The item of a list of contacts needs one of two fields, given. */
static void S_reach(csp_json *j, const char *item)
{
  const char *other;
  const char *one = csp_field_reach(item, &other);
  if (!one)
    return;
  csp_json_key(j, "anyOf");
  csp_json_begin(j, '[');
  const char *both[] = {one, other};
  for (int k = 0; k < 2; k++)
    S_given(j, both[k], "string", S_NUMBER, S_PRESENT);
  csp_json_end(j);
}

static void S_description(csp_json *j, const csp_field *f)
{
  csp_buf d;
  csp_buf_init(&d);
  csp_buf_puts(&d, f->doc);
  if (f->need == CSP_REQUIRED && S_is_item_path(f->path))
    csp_buf_puts(&d, " (required)");
  else if (f->need == CSP_REQUIRED)
    csp_buf_puts(&d, " (required; a file with extends may leave it to the "
                     "file it extends)");
  else if (f->need == CSP_RECOMMENDED)
    csp_buf_puts(&d, " (recommended: csecpol check warns when it is "
                     "missing)");
  csp_json_key(j, "description");
  csp_json_string(j, d.data);
  csp_buf_release(&d);
}

/* "examples": the one sample, a JSON value as it is written when raw,
 * else a string. */
static void S_examples(csp_json *j, const char *sample, int raw)
{
  csp_json_key(j, "examples");
  csp_json_begin(j, '[');
  if (raw)
    csp_json_raw(j, sample);
  else
    csp_json_string(j, sample);
  csp_json_end(j);
}

/* A list: of maps (CSP_T_LIST), each a map of the fields under
 * "path[]", or of texts (CSP_T_TEXTS). */
static void S_list(csp_json *j, csp_diags *dg, const csp_field *f,
                   int nullable)
{
  S_type(j, "array", nullable ? S_NULL : 0);
  if (!nullable) {
    csp_json_key(j, "minItems");
    csp_json_int(j, 1);
  }
  csp_json_key(j, "items");
  csp_json_begin(j, '{');
  if (f->type == CSP_T_LIST) {
    char sub[256];
    snprintf(sub, sizeof sub, "%s[]", f->path);
    S_object(j, dg, sub, 0);
    S_reach(j, sub);
  } else {
    S_type(j, "string", S_NUMBER);
    if (f->sample)
      S_examples(j, f->sample, 0);
  }
  csp_json_end(j);
}

/* A state: one of the codes of csp_state_code. */
static void S_state(csp_json *j, const csp_field *f, int nullable)
{
  S_types(j, f, nullable);
  /* yaml-language-server's own keyword: its message for a value the
   * enum refuses (errorMessage), in place of the list of codes */
  csp_json_key(j, "errorMessage");
  csp_json_string(j, "not a two-letter USPS state or territory code; "
                     CSP_STATE_FIX);
  csp_json_key(j, "enum");
  csp_json_begin(j, '[');
  for (size_t i = 0; csp_state_code(i); i++)
    csp_json_string(j, csp_state_code(i));
  if (nullable)
    csp_json_raw(j, "null");
  csp_json_end(j);
}

/* The schema version (the one CSP_T_INT field), as a number or text. */
static void S_version(csp_json *j, int nullable)
{
  csp_json_key(j, "enum");
  csp_json_begin(j, '[');
  csp_json_raw(j, CSP_SCHEMA_VERSION);
  csp_json_string(j, CSP_SCHEMA_VERSION);
  if (nullable)
    csp_json_raw(j, "null");
  csp_json_end(j);
}

/* Any other scalar: text, with the pattern of value.h that its type
 * has, and the message for a value the pattern refuses. */
static void S_scalar(csp_json *j, const csp_field *f, int nullable)
{
  const char *pattern = NULL, *message = NULL;
  switch (f->type) {
  case CSP_T_PHONE:
    pattern = CSP_PHONE_PATTERN;
    message = "not a phone number; " CSP_PHONE_FIX;
    break;
  case CSP_T_DATE:
    pattern = CSP_DATE_PATTERN;
    message = "not a date; " CSP_DATE_FIX;
    break;
  case CSP_T_EMAIL:
    pattern = CSP_EMAIL_PATTERN;
    message = "not an e-mail address; " CSP_EMAIL_FIX;
    break;
  case CSP_T_URL:
    pattern = CSP_URL_PATTERN;
    message = "not an http or https address; " CSP_URL_FIX;
    break;
  default:
    /* an empty value, or one of spaces, is not given; an optional
     * field may be left empty */
    pattern = nullable ? NULL : S_PRESENT;
    break;
  }
  /* `extends: ~` extends nothing; an empty text names no file */
  if (f->type == CSP_T_PATH)
    pattern = S_PRESENT;
  S_types(j, f, nullable);
  if (pattern) {
    csp_json_key(j, "pattern");
    csp_json_string(j, pattern);
  }
  if (message) { /* yaml-language-server's, for a pattern refused */
    csp_json_key(j, "patternErrorMessage");
    csp_json_string(j, message);
  }
}

/* A field's schema: its description, what its type allows, its
 * default and its sample. */
static void S_field(csp_json *j, csp_diags *dg, const csp_field *f)
{
  int nullable = f->need != CSP_REQUIRED;
  csp_json_begin(j, '{');
  S_description(j, f);
  switch (f->type) {
  case CSP_T_MAP:
    S_object(j, dg, f->path, nullable);
    break;
  case CSP_T_LIST:
  case CSP_T_TEXTS:
    S_list(j, dg, f, nullable);
    break;
  case CSP_T_STATE:
    S_state(j, f, nullable);
    break;
  case CSP_T_BOOL:
    S_type(j, "boolean", S_LIST | (nullable ? S_NULL : 0));
    break;
  case CSP_T_INT:
    S_version(j, nullable);
    break;
  default:
    S_scalar(j, f, nullable);
    break;
  }
  csp_node *def = csp_field_default(dg, f->path);
  if (def) {
    csp_json_key(j, "default");
    csp_json_node(j, def);
    csp_node_free(def);
  }
  if (f->sample && f->type != CSP_T_TEXTS)
    S_examples(j, f->sample,
               f->type == CSP_T_INT || f->type == CSP_T_BOOL);
  csp_json_end(j);
}

/* The required fields of the maps outside lists, for a file without
 * `extends`: "required" at the top and in each such map, with each
 * required field named again under "properties" (as ajv's strict mode
 * asks: a map with what it requires of itself, another field with no
 * more to say), and each map's type said again. */
static void S_complete(csp_json *j, const char *prefix)
{
  S_required(j, prefix);
  int any = 0;
  for (size_t i = 0; i < csp_nfields; i++) {
    const csp_field *f = &csp_fields[i];
    const char *key;
    if (f->need != CSP_REQUIRED || !csp_field_child(f->path, prefix, &key))
      continue;
    if (!any++) {
      csp_json_key(j, "properties");
      csp_json_begin(j, '{');
    }
    csp_json_key(j, key);
    csp_json_begin(j, '{');
    if (f->type == CSP_T_MAP) {
      S_type(j, "object", 0);
      S_complete(j, f->path);
    }
    csp_json_end(j);
  }
  if (any)
    csp_json_end(j);
}

void csp_schema_json(csp_diags *dg, csp_buf *out)
{
  csp_json j;
  csp_json_init(&j, out);
  csp_json_begin(&j, '{');
  csp_json_key(&j, "$schema");
  csp_json_string(&j, "http://json-schema.org/draft-07/schema#");
  csp_json_key(&j, "title");
  csp_json_string(&j, "csecpol site file (schema " CSP_SCHEMA_VERSION ")");
  csp_json_key(&j, "description");
  csp_json_string(&j,
                  "A site file of csecpol(1), described in csecpol-site(5): "
                  "the facts the sample CSEC policy leaves to each site.  "
                  "Written by 'csecpol fields --format json-schema' from "
                  "the field table that 'csecpol check' enforces; check "
                  "remains the judge of what the schema cannot say.");
  S_object(&j, dg, "", 0);
  /* a file without `extends` must hold every required field itself */
  csp_json_key(&j, "if");
  S_given(&j, "extends", "string", 0, NULL);
  csp_json_key(&j, "else");
  csp_json_begin(&j, '{');
  S_complete(&j, "");
  csp_json_end(&j);
  csp_json_end(&j);
}
