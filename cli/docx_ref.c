/* docx_ref.c: --reference-doc, the styles of a DOCX someone else made.
 *
 * Owns: reading word/styles.xml out of the reference document, a file
 * from anyone, through docx_in.c (libzip opens the archive, libxml2
 * parses the part: no DTD, no entity, a DOCTYPE refused, the sizes
 * capped), and merging ours into it with libxml2's tree API: each of
 * our w:style elements whose styleId it lacks is copied to the end of
 * its w:styles, and libxml2 writes the part again. */
#include "docx_ref.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "diag.h"
#include "docx_in.h"
#include "docx_pkg.h"
#include "render.h"

/* What to do about a reference document we cannot use. */
#define S_GIVE_DOCX "give a .docx saved by Word, LibreOffice or pandoc"

/* Parses word/styles.xml of the .docx named path, whose bytes are
 * data[0..len) (docx_in.c: libzip, then libxml2 with no DTD and no
 * entity, a DOCTYPE refused).  Returns the document, or NULL after
 * reporting. */
static xmlDoc *S_ref_read(csp_diags *dg, const char *path, const char *data,
                          size_t len)
{
  const csp_loc loc = {.file = path};
  csp_buf part;
  csp_buf_init(&part);
  csp_docx_in in;
  memset(&in, 0, sizeof in);
  xmlDoc *doc = NULL;
  if (csp_docx_in_open(&in, dg, path, CSP_R_REFERENCE_DOC, data, len) < 0)
    goto done;
  int rc = csp_docx_in_read(&in, "word/styles.xml", &part);
  if (rc == 0)
    csp_diag(dg, CSP_R_REFERENCE_DOC, &loc,
             "no word/styles.xml in it; " S_GIVE_DOCX);
  if (rc > 0)
    doc = csp_docx_in_parse(dg, path, CSP_R_REFERENCE_DOC, "word/styles.xml",
                            part.data, part.len);
  if (doc && !csp_docx_in_is(xmlDocGetRootElement(doc), CSP_NS_W, "styles")) {
    csp_diag(dg, CSP_R_REFERENCE_DOC, &loc,
             "word/styles.xml: its root element is not w:styles; "
             S_GIVE_DOCX);
    xmlFreeDoc(doc);
    doc = NULL;
  }
done:
  csp_docx_in_close(&in);
  csp_buf_release(&part);
  return doc;
}

/* The w:styleId of a w:style element, or NULL (the caller xmlFrees). */
static char *S_style_id(const xmlNode *n)
{
  return csp_docx_in_is(n, CSP_NS_W, "style")
             ? csp_docx_in_attr(n, CSP_NS_W, "styleId")
             : NULL;
}

static int S_cmp_str(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Takes the reference document's styles part, adding at its end each
 * of ours whose styleId it lacks (a reference made by Word has no
 * VerbatimChar, one made by pandoc no Header), not as a default style
 * there (its own defaults stay), so that every style the body names
 * exists.  libxml2 parses both and writes the result, in UTF-8, into
 * out (appended); a style is copied with libxml2's namespace
 * reconciliation, so it keeps the reference's prefix for the
 * WordprocessingML namespace or declares its own. */
int csp_docx_ref_styles(csp_diags *dg, const char *path, const char *data,
                        size_t len, const csp_buf *ours, csp_buf *out)
{
  const csp_loc loc = {.file = path};
  xmlDoc *ref = S_ref_read(dg, path, data, len);
  if (!ref)
    return -1;
  int rc = -1;
  char **ids = NULL;
  size_t nids = 0, cap = 0;
  xmlDoc *mine = csp_docx_in_parse(dg, "<built-in styles>", CSP_R_DOCX,
                                   "word/styles.xml", ours->data, ours->len);
  if (!mine)
    goto done;
  xmlNode *root = xmlDocGetRootElement(ref);
  for (xmlNode *n = root->children; n; n = n->next) {
    char *id = S_style_id(n);
    if (!id)
      continue;
    if (nids == cap) {
      cap = cap ? 2 * cap : 64;
      ids = csp_xrealloc(ids, cap * sizeof *ids);
    }
    ids[nids++] = id;
  }
  if (nids)
    qsort(ids, nids, sizeof *ids, S_cmp_str);
  xmlNs *w = xmlSearchNsByHref(ref, root, (const xmlChar *)CSP_NS_W);
  for (xmlNode *n = xmlDocGetRootElement(mine)->children; n; n = n->next) {
    char *id = S_style_id(n);
    int have = !id || (nids && bsearch(&id, ids, nids, sizeof *ids,
                                       S_cmp_str));
    xmlFree(id);
    if (have)
      continue;
    xmlNode *copy = NULL;
    /* where the reference binds a prefix to the namespace, the copy uses
     * it; else (the namespace as the default, whose attributes would
     * fall out of it) the copy declares its own */
    if (w && w->prefix) {
      if (xmlDOMWrapCloneNode(NULL, mine, n, &copy, ref, root, 1, 0) != 0)
        copy = NULL;
    } else {
      copy = xmlDocCopyNode(n, ref, 1);
    }
    if (!copy) {
      csp_diag(dg, CSP_R_REFERENCE_DOC, &loc,
               "cannot add our styles to its word/styles.xml");
      goto done;
    }
    xmlAttr *dflt = xmlHasNsProp(copy, (const xmlChar *)"default",
                                 (const xmlChar *)CSP_NS_W);
    if (dflt)
      xmlRemoveProp(dflt);
    xmlAddChild(root, copy);
  }
  xmlChar *mem = NULL;
  int size = 0;
  xmlDocDumpMemoryEnc(ref, &mem, &size, "UTF-8");
  if (!mem || size < 0)
    csp_oom();
  csp_buf_put(out, (const char *)mem, (size_t)size);
  xmlFree(mem);
  rc = 0;
done:
  for (size_t i = 0; i < nids; i++)
    xmlFree(ids[i]);
  free(ids);
  if (mine)
    xmlFreeDoc(mine);
  xmlFreeDoc(ref);
  return rc;
}
