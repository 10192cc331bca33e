/* docx_ref.c: --reference-doc, the styles of a DOCX someone else made.
 *
 * Owns: reading word/styles.xml out of the reference document (its zip
 * container through csp_zip_read of zipread.c, its XML through expat)
 * and merging ours into it at the byte level: the reference's part is
 * kept as it is, and each of our w:style elements whose styleId it
 * lacks is copied in before its end tag. */
#include "docx_ref.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <errno.h>
#include <expat.h>
#include <strings.h>

#include "diag.h"
#include "docx_pkg.h"
#include "render.h"
#include "zipread.h"

/* A styles part larger than this is refused. */
#define S_REF_MAX (16u << 20)

/* One w:style child of a styles part: its styleId and its bytes. */
typedef struct S_style_span {
  char *id;
  size_t from, to;
  size_t tag; /* the length of its start tag */
} S_style_span;

/* What one pass of expat over a styles part found.  Offsets are into
 * the part's bytes. */
typedef struct S_scan {
  XML_Parser p;
  int depth;
  int root_ok;        /* the root is w:styles */
  int w_bound;        /* the root binds the prefix w to CSP_NS_W */
  size_t root_from;   /* the root's start tag */
  size_t root_len;
  size_t end_at;      /* the root's end tag, or its "/>" when empty */
  int root_empty;
  const char *bad;    /* why the scan stopped, beyond a syntax error */
  S_style_span *styles;
  size_t n, cap;
  size_t cur_from;    /* the w:style being read: its start tag */
  size_t cur_len;
  char *cur_id;
} S_scan;

/* Expat gives names as "namespace local" (XML_ParserCreateNS with ' '). */
#define S_W_STYLES CSP_NS_W " styles"
#define S_W_STYLE CSP_NS_W " style"
#define S_W_STYLEID CSP_NS_W " styleId"

static void S_scan_stop(S_scan *sc, const char *why)
{
  if (!sc->bad)
    sc->bad = why;
  XML_StopParser(sc->p, XML_FALSE);
}

static void XMLCALL S_scan_start(void *ud, const XML_Char *name,
                                 const XML_Char **atts)
{
  S_scan *sc = ud;
  size_t at = (size_t)XML_GetCurrentByteIndex(sc->p);
  if (sc->depth == 0) {
    sc->root_ok = strcmp(name, S_W_STYLES) == 0;
    if (!sc->root_ok) {
      S_scan_stop(sc, "its root element is not w:styles");
      return;
    }
    sc->root_from = at;
    sc->root_len = (size_t)XML_GetCurrentByteCount(sc->p);
  } else if (sc->depth == 1 && strcmp(name, S_W_STYLE) == 0) {
    sc->cur_from = at;
    sc->cur_len = (size_t)XML_GetCurrentByteCount(sc->p);
    free(sc->cur_id);
    sc->cur_id = NULL;
    for (size_t i = 0; atts[i]; i += 2)
      if (strcmp(atts[i], S_W_STYLEID) == 0)
        sc->cur_id = csp_xstrdup(atts[i + 1]);
  }
  sc->depth++;
}

static void XMLCALL S_scan_end(void *ud, const XML_Char *name)
{
  S_scan *sc = ud;
  sc->depth--;
  size_t at = (size_t)XML_GetCurrentByteIndex(sc->p);
  size_t len = (size_t)XML_GetCurrentByteCount(sc->p);
  if (sc->depth == 0) {
    sc->root_empty = len == 0;
    sc->end_at = sc->root_empty ? sc->root_from + sc->root_len - 2 : at;
  } else if (sc->depth == 1 && strcmp(name, S_W_STYLE) == 0) {
    if (sc->n == sc->cap) {
      sc->cap = sc->cap ? 2 * sc->cap : 32;
      sc->styles = csp_xrealloc(sc->styles, sc->cap * sizeof *sc->styles);
    }
    /* an empty element's end comes with no bytes of its own */
    size_t to = len ? at + len : sc->cur_from + sc->cur_len;
    sc->styles[sc->n++] =
        (S_style_span){sc->cur_id, sc->cur_from, to, sc->cur_len};
    sc->cur_id = NULL;
  }
}

static void XMLCALL S_scan_ns(void *ud, const XML_Char *prefix,
                              const XML_Char *uri)
{
  S_scan *sc = ud;
  if (sc->depth == 0 && prefix && strcmp(prefix, "w") == 0 && uri &&
      strcmp(uri, CSP_NS_W) == 0)
    sc->w_bound = 1;
}

static void XMLCALL S_scan_decl(void *ud, const XML_Char *version,
                                const XML_Char *encoding, int standalone)
{
  (void)version, (void)standalone;
  if (encoding && strcasecmp(encoding, "UTF-8") != 0)
    S_scan_stop(ud, "it is not in UTF-8; save the reference document "
                    "again with Word or LibreOffice");
}

static void XMLCALL S_scan_doctype(void *ud, const XML_Char *name,
                                   const XML_Char *sysid,
                                   const XML_Char *pubid, int has_internal)
{
  (void)name, (void)sysid, (void)pubid, (void)has_internal;
  S_scan_stop(ud, "it has a DOCTYPE, which no WordprocessingML part has");
}

static void S_scan_release(S_scan *sc)
{
  for (size_t i = 0; i < sc->n; i++)
    free(sc->styles[i].id);
  free(sc->styles);
  free(sc->cur_id);
}

/* Scans the styles part data[0..len).  Returns 0, or -1 with the reason
 * in err (line:col: message). */
static int S_scan_styles(S_scan *sc, const char *data, size_t len,
                         csp_buf *err)
{
  memset(sc, 0, sizeof *sc);
  if (len >= 2 && ((unsigned char)data[0] == 0xFE ||
                   (unsigned char)data[0] == 0xFF)) {
    csp_buf_puts(err, "it is not in UTF-8; save the reference document "
                      "again with Word or LibreOffice");
    return -1;
  }
  /* expat allocates through ours, which aborts rather than fail */
  static const XML_Memory_Handling_Suite mm = {csp_xmalloc, csp_xrealloc,
                                               free};
  sc->p = XML_ParserCreate_MM(NULL, &mm, " ");
  XML_SetUserData(sc->p, sc);
  XML_SetElementHandler(sc->p, S_scan_start, S_scan_end);
  XML_SetStartNamespaceDeclHandler(sc->p, S_scan_ns);
  XML_SetXmlDeclHandler(sc->p, S_scan_decl);
  XML_SetStartDoctypeDeclHandler(sc->p, S_scan_doctype);
  int ok = XML_Parse(sc->p, data, (int)len, XML_TRUE) == XML_STATUS_OK &&
           !sc->bad && sc->root_ok;
  if (!ok) {
    if (sc->bad)
      csp_buf_puts(err, sc->bad);
    else if (XML_GetErrorCode(sc->p) != XML_ERROR_NONE)
      csp_buf_printf(err, "%lu:%lu: %s",
                     (unsigned long)XML_GetCurrentLineNumber(sc->p),
                     (unsigned long)XML_GetCurrentColumnNumber(sc->p) + 1,
                     XML_ErrorString(XML_GetErrorCode(sc->p)));
    else
      csp_buf_puts(err, "it has no root element");
  }
  XML_ParserFree(sc->p);
  sc->p = NULL;
  return ok ? 0 : -1;
}

/* Reads word/styles.xml out of the .docx at path into data.  Returns 0,
 * or -1 after reporting. */
/* What to do about a reference document we cannot use. */
#define S_GIVE_DOCX "give a .docx saved by Word, LibreOffice or pandoc"

static int S_ref_read(const char *path, csp_buf *data)
{
  const csp_loc loc = {.file = path};
  csp_buf file;
  csp_buf_init(&file);
  int rc = -1;
  if (csp_read_file(path, CSP_MAX_REFERENCE_DOC, &file) < 0) {
    if (errno == EFBIG)
      csp_diag(CSP_ERROR, &loc, "limit",
               "the reference document is larger than the limit of %d "
               "bytes (%d MiB); only its styles are used, so save a copy "
               "without the pictures",
               CSP_MAX_REFERENCE_DOC, CSP_MAX_REFERENCE_DOC >> 20);
    else
      csp_diag(CSP_ERROR, &loc, "reference-doc", "cannot read it: %s",
               strerror(errno));
    goto done;
  }
  const char *why = NULL;
  switch (csp_zip_read(file.data, file.len, "word/styles.xml", S_REF_MAX,
                       data, &why)) {
  case 1:
    rc = 0;
    break;
  case 0:
    csp_diag(CSP_ERROR, &loc, "reference-doc",
             "no word/styles.xml in it; " S_GIVE_DOCX);
    break;
  default:
    csp_diag(CSP_ERROR, &loc, "reference-doc", "%s; " S_GIVE_DOCX, why);
  }
done:
  csp_buf_release(&file);
  return rc;
}

/* Nonzero when sc has a style of that styleId. */
static int S_has_style(const S_scan *sc, const char *id)
{
  for (size_t i = 0; i < sc->n; i++)
    if (sc->styles[i].id && strcmp(sc->styles[i].id, id) == 0)
      return 1;
  return 0;
}

/* Appends one of our styles, ours[st], for a reference document: not a
 * default style there (its own defaults stay), and with the namespace
 * of its prefix when the reference's root does not bind w. */
static void S_put_style(const csp_buf *ours, const S_style_span *st,
                        int w_bound, csp_buf *out)
{
  static const char dflt[] = " w:default=\"1\"";
  const char *tag = ours->data + st->from, *end = ours->data + st->to;
  const char *open = "<w:style";
  size_t olen = strlen(open);
  csp_buf_put(out, open, olen);
  if (!w_bound)
    csp_buf_puts(out, " xmlns:w=\"" CSP_NS_W "\"");
  const char *p = tag + olen, *tag_end = tag + st->tag;
  size_t dlen = strlen(dflt);
  for (const char *d = p; d + dlen <= tag_end; d++)
    if (memcmp(d, dflt, dlen) == 0) {
      csp_buf_put(out, p, (size_t)(d - p));
      p = d + dlen;
      break;
    }
  csp_buf_put(out, p, (size_t)(end - p));
}

/* Takes the reference document's styles part (its bytes, as they are),
 * adding before its end each of ours whose styleId it lacks (a
 * reference made by Word has no VerbatimChar, one made by pandoc no
 * Header), so every style the body names exists.  Appends the result
 * to out. */
int csp_docx_ref_styles(const char *path, const csp_buf *ours, csp_buf *out)
{
  const csp_loc loc = {.file = path};
  csp_buf data, why;
  csp_buf_init(&data);
  csp_buf_init(&why);
  S_scan ref, mine;
  memset(&ref, 0, sizeof ref);
  memset(&mine, 0, sizeof mine);
  int rc = -1;
  if (S_ref_read(path, &data) < 0)
    goto done;
  if (S_scan_styles(&ref, data.data, data.len, &why) < 0) {
    csp_diag(CSP_ERROR, &loc, "reference-doc",
             "word/styles.xml: %s; " S_GIVE_DOCX, why.data);
    goto done;
  }
  if (S_scan_styles(&mine, ours->data, ours->len, &why) < 0) {
    csp_diag(CSP_ERROR, &loc, "reference-doc", "cannot merge styles: %s",
             why.data);
    goto done;
  }
  csp_buf_put(out, data.data, ref.end_at);
  if (ref.root_empty)
    csp_buf_putc(out, '>');
  for (size_t i = 0; i < mine.n; i++)
    if (mine.styles[i].id && !S_has_style(&ref, mine.styles[i].id))
      S_put_style(ours, &mine.styles[i], ref.w_bound, out);
  size_t rest = ref.end_at;
  if (ref.root_empty) { /* "<w:styles .../>": close it with its own name */
    const char *q = data.data + ref.root_from + 1;
    size_t n = strcspn(q, " \t\r\n/>");
    csp_buf_put(out, "</", 2);
    csp_buf_put(out, q, n);
    csp_buf_putc(out, '>');
    rest += 2;
  }
  csp_buf_put(out, data.data + rest, data.len - rest);
  rc = 0;
done:
  S_scan_release(&ref);
  S_scan_release(&mine);
  csp_buf_release(&data);
  csp_buf_release(&why);
  return rc;
}
