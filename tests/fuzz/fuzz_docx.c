/* fuzz_docx.c: libFuzzer harness for reading a DOCX (csecpol diff's
 * DOCX side): docx_in.c (libzip, libxml2) and docx_read.c.
 *
 * Input: either the bytes of a DOCX package (it starts "PK"), or the
 * parts of one, split at NUL bytes: word/document.xml, then
 * word/styles.xml, word/numbering.xml and word/_rels/document.xml.rels,
 * which the harness zips (stored, so that what the fuzzer changes is the
 * XML itself) with the package's other fixed parts.
 * Properties: no crash, leak or undefined behaviour; a document comes
 * back exactly when no error was reported, and a refusal always comes
 * with an error; the counts are not negative; the document is a tree
 * cmark renders and diff splits into blocks, and reading the same bytes
 * again gives the same document. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>
#include <zip.h>

#include "diff.h"
#include "docx_read.h"
#include "fuzz.h"

static const char S_root_rels[] =
    "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas."
    "openxmlformats.org/package/2006/relationships\"><Relationship "
    "Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
    "2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
    "</Relationships>";

/* Zips the NUL-separated parts of data, stored, into out. */
static void S_package(const char *data, size_t size, csp_buf *out)
{
  static const char *const names[] = {
      "word/document.xml", "word/styles.xml", "word/numbering.xml",
      "word/_rels/document.xml.rels"};
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
  FUZZ_ASSERT(src != NULL, "a zip buffer");
  zip_source_keep(src);
  zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
  FUZZ_ASSERT(z != NULL, "a zip archive");
  zip_source_t *s = zip_source_buffer(z, S_root_rels, strlen(S_root_rels), 0);
  zip_int64_t idx = zip_file_add(z, "_rels/.rels", s, 0);
  FUZZ_ASSERT(idx >= 0, "a part is added");
  zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
  const char *p = data, *end = data + size;
  for (size_t i = 0; i < sizeof names / sizeof *names && p <= end; i++) {
    const char *nul = memchr(p, '\0', (size_t)(end - p));
    const char *e = nul ? nul : end;
    s = zip_source_buffer(z, p, (zip_uint64_t)(e - p), 0);
    idx = zip_file_add(z, names[i], s, 0);
    FUZZ_ASSERT(idx >= 0, "a part is added");
    zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
    if (!nul)
      break;
    p = nul + 1;
  }
  FUZZ_ASSERT(zip_close(z) == 0, "the archive is written");
  FUZZ_ASSERT(zip_source_open(src) == 0, "the archive is read back");
  char chunk[65536];
  zip_int64_t r;
  while ((r = zip_source_read(src, chunk, sizeof chunk)) > 0)
    csp_buf_put(out, chunk, (size_t)r);
  zip_source_close(src);
  zip_source_free(src);
  zip_error_fini(&ze);
}

/* Reads pkg; checks the properties; returns its CommonMark or NULL. */
static char *S_read(csp_diags *dg, const csp_buf *pkg)
{
  int errors = csp_diag_count(dg, CSP_ERROR);
  csp_docx_read_info info = {-1, -1};
  cmark_node *doc = csp_docx_read(dg, "fuzz.docx", pkg->data, pkg->len, &info);
  int reported = csp_diag_count(dg, CSP_ERROR) > errors;
  FUZZ_ASSERT((doc == NULL) == reported, "a document exactly when no error");
  FUZZ_ASSERT(info.changes >= 0 && info.comments >= 0, "counts are counts");
  if (!doc)
    return NULL;
  FUZZ_ASSERT(cmark_node_get_type(doc) == CMARK_NODE_DOCUMENT,
              "a document node");
  csp_diff_doc blocks;
  csp_diff_doc_init(&blocks, doc);
  for (size_t i = 0; i < blocks.n; i++)
    FUZZ_ASSERT(blocks.blocks[i].key != NULL, "every block has a key");
  csp_diff_doc_release(&blocks);
  char *md = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);
  FUZZ_ASSERT(md != NULL, "cmark renders the document");
  cmark_node_free(doc);
  return md;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  csp_diags *dg = csp_diags_new(); /* this input's run */
  csp_buf pkg;
  csp_buf_init(&pkg);
  if (size >= 2 && data[0] == 'P' && data[1] == 'K')
    csp_buf_put(&pkg, (const char *)data, size);
  else
    S_package((const char *)data, size, &pkg);
  char *a = S_read(dg, &pkg);
  char *b = S_read(dg, &pkg);
  FUZZ_ASSERT(!a == !b && (!a || strcmp(a, b) == 0),
              "the same bytes read the same");
  free(a);
  free(b);
  csp_buf_release(&pkg);
  fuzz_diag_done(dg, size);
  return 0;
}
