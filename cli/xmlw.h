/* xmlw.h: the XML writer of the DOCX parts, over libxml2's xmlTextWriter.
 *
 * Owns: writing one XML part into memory (libxml2 does the escaping and
 * the tags), and the filter that keeps out of it the characters XML 1.0
 * forbids (libxml2 2.9 writes C0 control characters as they are, which
 * would make the part ill-formed).  render_docx.c and docx_pkg.c write
 * every part they make through it. */
#ifndef CSP_XMLW_H
#define CSP_XMLW_H

#include <stddef.h>

#include "util.h"

/* One XML part being written: libxml2's text writer into a buffer of
 * its own, without indentation.  An element with no content ends as
 * "<name .../>".  err turns nonzero at the first call libxml2 refuses
 * (an end without a start, an attribute after content, no memory),
 * after which every call does nothing; csp_xw_finish then returns -1.
 * Every string written goes through csp_xml_filter first. */
typedef struct csp_xw {
  struct _xmlBuffer *buf;   /* what libxml2 has written */
  struct _xmlTextWriter *w; /* NULL once the writer failed or finished */
  csp_buf tmp;              /* filtered text */
  int err;
} csp_xw;

/* Starts a part with <?xml version="1.0" encoding="UTF-8"
 * standalone="yes"?>.  Pair with csp_xw_finish, even after an error. */
void csp_xw_init(csp_xw *x);
/* <name ...  (name is copied) */
void csp_xw_start(csp_xw *x, const char *name);
/* ... /> or </name> */
void csp_xw_end(csp_xw *x);
/* An attribute of the element just started; libxml2 escapes & < > "
 * and writes tab, LF and CR as character references. */
void csp_xw_attr(csp_xw *x, const char *name, const char *value);
void csp_xw_attr_int(csp_xw *x, const char *name, long value);
/* Character data; libxml2 escapes & < > " and writes CR as a character
 * reference.  Nothing is written (an empty element stays "<name/>")
 * when the filter leaves no character. */
void csp_xw_text(csp_xw *x, const char *s, size_t len);
/* <name w:val="value"/>, the shape of most WordprocessingML properties. */
void csp_xw_val(csp_xw *x, const char *name, const char *value);
void csp_xw_val_int(csp_xw *x, const char *name, long value);
/* <name>text</name> */
void csp_xw_elem_text(csp_xw *x, const char *name, const char *text);
/* Ends the open elements and the document (a final newline), appends
 * the part's bytes to out and frees the writer.  Returns 0, or -1 when
 * any call failed (out is then unchanged; nothing is reported: the
 * caller knows which part it was). */
int csp_xw_finish(csp_xw *x, csp_buf *out);

/* Appends s[0..len) to out without the characters XML 1.0 forbids (C0
 * controls other than tab, LF and CR; U+FFFE, U+FFFF; surrogates);
 * malformed UTF-8 becomes U+FFFD. */
void csp_xml_filter(const char *s, size_t len, csp_buf *out);

#endif
