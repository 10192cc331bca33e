/* xmlw.c: csp_xw, the DOCX parts' writer, over libxml2's xmlTextWriter
 * writing into an xmlBuffer; and csp_xml_filter.  Every xmlTextWriter
 * call is checked: the first that fails stops the part. */
#include "xmlw.h"

#include <stdint.h>
#include <string.h>

#include <libxml/xmlwriter.h>

/* Records a libxml2 call's status: negative is a failure. */
static void S_check(csp_xw *x, int rc)
{
  if (rc < 0)
    x->err = 1;
}

void csp_xw_init(csp_xw *x)
{
  memset(x, 0, sizeof *x);
  csp_buf_init(&x->tmp);
  x->buf = xmlBufferCreate();
  x->w = x->buf ? xmlNewTextWriterMemory(x->buf, 0) : NULL;
  if (!x->w) {
    x->err = 1;
    return;
  }
  S_check(x, xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", "yes"));
}

void csp_xw_start(csp_xw *x, const char *name)
{
  if (!x->err)
    S_check(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
}

void csp_xw_end(csp_xw *x)
{
  if (!x->err)
    S_check(x, xmlTextWriterEndElement(x->w));
}

void csp_xw_attr(csp_xw *x, const char *name, const char *value)
{
  if (x->err)
    return;
  csp_buf_clear(&x->tmp);
  csp_xml_filter(value, strlen(value), &x->tmp);
  S_check(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name,
                                         BAD_CAST x->tmp.data));
}

void csp_xw_attr_int(csp_xw *x, const char *name, long value)
{
  /* digits by hand: snprintf was 5% of a DOCX batch */
  char num[24], *p = num + sizeof num;
  unsigned long u = value < 0 ? 0UL - (unsigned long)value : (unsigned long)value;
  *--p = '\0';
  do
    *--p = (char)('0' + u % 10);
  while (u /= 10);
  if (value < 0)
    *--p = '-';
  csp_xw_attr(x, name, p);
}

void csp_xw_text(csp_xw *x, const char *s, size_t len)
{
  if (x->err)
    return;
  csp_buf_clear(&x->tmp);
  csp_xml_filter(s, len, &x->tmp);
  /* nothing left: no write at all, which would close the start tag */
  if (x->tmp.len)
    S_check(x, xmlTextWriterWriteString(x->w, BAD_CAST x->tmp.data));
}

void csp_xw_val(csp_xw *x, const char *name, const char *value)
{
  csp_xw_start(x, name);
  csp_xw_attr(x, "w:val", value);
  csp_xw_end(x);
}

void csp_xw_val_int(csp_xw *x, const char *name, long value)
{
  csp_xw_start(x, name);
  csp_xw_attr_int(x, "w:val", value);
  csp_xw_end(x);
}

void csp_xw_elem_text(csp_xw *x, const char *name, const char *text)
{
  csp_xw_start(x, name);
  csp_xw_text(x, text, strlen(text));
  csp_xw_end(x);
}

int csp_xw_finish(csp_xw *x, csp_buf *out)
{
  /* closes every open element, writes the final newline and flushes */
  if (!x->err)
    S_check(x, xmlTextWriterEndDocument(x->w));
  if (x->w)
    xmlFreeTextWriter(x->w);
  if (!x->err)
    csp_buf_put(out, (const char *)xmlBufferContent(x->buf),
                (size_t)xmlBufferLength(x->buf));
  int rc = x->err ? -1 : 0;
  if (x->buf)
    xmlBufferFree(x->buf);
  csp_buf_release(&x->tmp);
  memset(x, 0, sizeof *x);
  return rc;
}

void csp_xml_filter(const char *s, size_t len, csp_buf *out)
{
  static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */
  const unsigned char *p = (const unsigned char *)s, *end = p + len;
  while (p < end) {
    unsigned c = *p;
    if (c < 0x80) {
      /* copy a run of allowed ASCII at once */
      const unsigned char *q = p;
      while (q < end && *q < 0x80 &&
             (*q >= 0x20 || *q == '\t' || *q == '\n' || *q == '\r'))
        q++;
      csp_buf_put(out, (const char *)p, (size_t)(q - p));
      p = q == p ? p + 1 : q; /* a forbidden control character is dropped */
      continue;
    }
    size_t n = c >= 0xC2 && c <= 0xDF   ? 2
               : c >= 0xE0 && c <= 0xEF ? 3
               : c >= 0xF0 && c <= 0xF4 ? 4
                                        : 0;
    uint32_t cp = n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
    int bad = n == 0 || (size_t)(end - p) < n;
    for (size_t i = 1; !bad && i < n; i++) {
      if ((p[i] & 0xC0) != 0x80)
        bad = 1;
      cp = cp << 6 | (p[i] & 0x3F);
    }
    if (!bad && ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
                 cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)))
      bad = 1;
    if (bad) {
      csp_buf_put(out, replacement, 3);
      p++;
      continue;
    }
    if (cp != 0xFFFE && cp != 0xFFFF)
      csp_buf_put(out, (const char *)p, n);
    p += n;
  }
}
