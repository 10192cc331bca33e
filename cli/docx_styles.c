/* docx_styles.c: word/styles.xml of our DOCX.
 *
 * Owns: the styles every DOCX csecpol writes.  They are data, not code:
 * templates/docx-styles.xml, built into the program by the Makefile,
 * which says what each style is for.  libxml2 reads the template (no
 * layout between elements, no comments) and writes it again with
 * xmlSave; the one thing the program changes is where the right tab
 * stops are, at the right margin of the paper (csp_docx_page). */
#include "docx_styles.h"

#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>

#include "docx_pkg.h"

extern const unsigned char csp_embed_docx_styles_xml[];
extern const size_t csp_embed_docx_styles_xml_len;

/* Nonzero when node is the WordprocessingML element local. */
static int S_is_w(xmlNodePtr node, const char *local)
{
  return node->type == XML_ELEMENT_NODE && node->ns &&
         xmlStrEqual(node->ns->href, BAD_CAST CSP_NS_W) &&
         xmlStrEqual(node->name, BAD_CAST local);
}

/* Under node: drops every comment, and moves every right tab stop
 * (w:tabs/w:tab w:val="right") to pos.  Returns 0, or -1 when libxml2
 * cannot set an attribute. */
static int S_adjust(xmlNodePtr node, const char *pos)
{
  for (xmlNodePtr c = node->children, next; c; c = next) {
    next = c->next;
    if (c->type == XML_COMMENT_NODE) {
      xmlUnlinkNode(c);
      xmlFreeNode(c);
      continue;
    }
    if (c->type != XML_ELEMENT_NODE)
      continue;
    if (S_is_w(c, "tab") && S_is_w(node, "tabs")) {
      xmlChar *val = xmlGetNsProp(c, BAD_CAST "val", BAD_CAST CSP_NS_W);
      int right = val && xmlStrEqual(val, BAD_CAST "right");
      xmlFree(val);
      xmlAttrPtr at = xmlHasNsProp(c, BAD_CAST "pos", BAD_CAST CSP_NS_W);
      if (right && (!at || !xmlSetNsProp(c, at->ns, BAD_CAST "pos",
                                         BAD_CAST pos)))
        return -1;
    }
    if (S_adjust(c, pos) < 0)
      return -1;
  }
  return 0;
}

int csp_docx_styles(csp_paper paper, csp_buf *out)
{
  long width, height, text_width;
  csp_docx_page(paper, &width, &height, &text_width);
  char pos[24];
  snprintf(pos, sizeof pos, "%ld", text_width);
  /* the template is ours, but read like any XML: no network, no
   * entities expanded, and libxml2 prints nothing */
  xmlDocPtr doc = xmlReadMemory(
      (const char *)csp_embed_docx_styles_xml,
      (int)csp_embed_docx_styles_xml_len, "templates/docx-styles.xml", NULL,
      XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR |
          XML_PARSE_NOWARNING);
  xmlBufferPtr buf = doc ? xmlBufferCreate() : NULL;
  int rc = -1;
  if (buf && S_adjust((xmlNodePtr)doc, pos) == 0) {
    xmlSaveCtxtPtr save = xmlSaveToBuffer(buf, "UTF-8", 0);
    if (save) {
      int saved = xmlSaveDoc(save, doc) >= 0;
      if (xmlSaveClose(save) >= 0 && saved) {
        csp_buf_put(out, (const char *)xmlBufferContent(buf),
                    (size_t)xmlBufferLength(buf));
        rc = 0;
      }
    }
  }
  if (buf)
    xmlBufferFree(buf);
  xmlFreeDoc(doc);
  return rc;
}
