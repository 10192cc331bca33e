/* docx_in.c: a DOCX from anyone, opened with libzip and parsed with
 * libxml2 (see docx_in.h). */
#include "docx_in.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "diag.h"

/* What zip_fread reads at a time. */
#define S_CHUNK 65536

static void S_fail(const csp_docx_in *in, const char *fmt, ...)
    CSP_PRINTF(2, 3);

static void S_fail(const csp_docx_in *in, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *msg = csp_xvasprintf(fmt, ap);
  va_end(ap);
  csp_loc loc = {in->file, 0, 0};
  csp_diag(in->diags, in->rule, &loc, "%s", msg);
  free(msg);
}

int csp_docx_in_sniff(const char *data, size_t len)
{
  static const unsigned char ole[8] = {0xD0, 0xCF, 0x11, 0xE0,
                                       0xA1, 0xB1, 0x1A, 0xE1};
  return (len >= 4 && memcmp(data, "PK\3\4", 4) == 0) ||
         (len >= 8 && memcmp(data, ole, 8) == 0);
}

int csp_docx_in_open(csp_docx_in *in, csp_diags *dg, const char *file,
                     csp_rule_id rule, const char *data, size_t len)
{
  static const unsigned char ole[8] = {0xD0, 0xCF, 0x11, 0xE0,
                                       0xA1, 0xB1, 0x1A, 0xE1};
  memset(in, 0, sizeof *in);
  in->diags = dg;
  in->file = file;
  in->rule = rule;
  if (len >= 8 && memcmp(data, ole, 8) == 0) {
    S_fail(in, "an OLE2 compound file, not a zip: a password-protected "
              "document or a .doc; save it as a Word document (.docx) "
              "without a password");
    return -1;
  }
  if (len < 4 || memcmp(data, "PK\3\4", 4) != 0) {
    S_fail(in, "not a zip archive, so not a .docx; give a .docx saved by "
              "Word, LibreOffice or csecpol");
    return -1;
  }
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
  if (!src) {
    S_fail(in, "cannot read the zip archive: %s", zip_error_strerror(&ze));
    zip_error_fini(&ze);
    return -1;
  }
  in->zip = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
  if (!in->zip) {
    zip_source_free(src);
    S_fail(in, "a damaged zip archive (%s); save the document again",
          zip_error_strerror(&ze));
    zip_error_fini(&ze);
    return -1;
  }
  zip_error_fini(&ze);
  zip_int64_t n = zip_get_num_entries(in->zip, 0);
  if (n < 0 || n > CSP_MAX_DOCX_ENTRIES) {
    S_fail(in, "the zip archive has %lld entries, more than the limit of %d; "
              "a document has a few dozen",
          (long long)n, CSP_MAX_DOCX_ENTRIES);
    csp_docx_in_close(in);
    return -1;
  }
  for (zip_int64_t i = 0; i < n; i++) {
    zip_stat_t st;
    if (zip_stat_index(in->zip, (zip_uint64_t)i, 0, &st) < 0) {
      S_fail(in, "a damaged zip archive (%s); save the document again",
            zip_strerror(in->zip));
      csp_docx_in_close(in);
      return -1;
    }
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
        st.encryption_method != ZIP_EM_NONE) {
      S_fail(in, "'%s' is encrypted in the zip archive; save the document "
                "without a password",
            (st.valid & ZIP_STAT_NAME) ? st.name : "an entry");
      csp_docx_in_close(in);
      return -1;
    }
  }
  return 0;
}

/* A part over the limit, or the parts read together over theirs. */
static void S_too_big(const csp_docx_in *in, const char *name, int by_total)
{
  if (by_total)
    S_fail(in, "the parts read come to more than the limit of %d bytes "
              "(%d MiB) uncompressed, at %s; refusing what may be a zip "
              "bomb",
          CSP_MAX_DOCX_TOTAL, CSP_MAX_DOCX_TOTAL / (1024 * 1024), name);
  else
    S_fail(in, "%s is more than the limit of %d bytes (%d MiB) "
              "uncompressed; refusing what may be a zip bomb",
          name, CSP_MAX_DOCX_PART, CSP_MAX_DOCX_PART / (1024 * 1024));
}

int csp_docx_in_read(csp_docx_in *in, const char *name, csp_buf *out)
{
  zip_int64_t idx = zip_name_locate(in->zip, name, ZIP_FL_NOCASE);
  if (idx < 0)
    return 0;
  size_t left = CSP_MAX_DOCX_TOTAL - in->total;
  int by_total = left < CSP_MAX_DOCX_PART;
  size_t max = by_total ? left : CSP_MAX_DOCX_PART;
  zip_stat_t st;
  if (zip_stat_index(in->zip, (zip_uint64_t)idx, 0, &st) == 0 &&
      (st.valid & ZIP_STAT_SIZE) && st.size > max) {
    S_too_big(in, name, by_total);
    return -1;
  }
  zip_file_t *zf = zip_fopen_index(in->zip, (zip_uint64_t)idx, 0);
  if (!zf) {
    S_fail(in, "cannot read %s from the zip archive (%s); save the document "
              "again",
          name, zip_strerror(in->zip));
    return -1;
  }
  /* the declared size is not trusted: read until the end or one byte
   * past the limit, whichever comes first */
  size_t got = 0;
  char chunk[S_CHUNK];
  int rc = 1;
  for (;;) {
    size_t want = max - got + 1 < sizeof chunk ? max - got + 1 : sizeof chunk;
    zip_int64_t r = zip_fread(zf, chunk, want);
    if (r < 0) {
      S_fail(in, "cannot read %s from the zip archive (%s); save the "
                "document again",
            name, zip_file_strerror(zf));
      rc = -1;
      break;
    }
    if (r == 0)
      break;
    if ((size_t)r > max - got) {
      S_too_big(in, name, by_total);
      rc = -1;
      break;
    }
    csp_buf_put(out, chunk, (size_t)r);
    got += (size_t)r;
  }
  zip_fclose(zf);
  in->total += got;
  return rc;
}

void csp_docx_in_close(csp_docx_in *in)
{
  if (in->zip)
    zip_discard(in->zip);
  in->zip = NULL;
}

/* ---- XML ------------------------------------------------------------ */

static void S_silent(void *ctx, const char *fmt, ...)
{
  (void)ctx;
  (void)fmt;
}

static void S_silent_structured(void *ctx, xmlErrorPtr e)
{
  (void)ctx;
  (void)e;
}

void csp_docx_in_quiet(void)
{
  xmlSetGenericErrorFunc(NULL, S_silent);
  xmlSetStructuredErrorFunc(NULL, S_silent_structured);
}

/* What one parse found wrong first. */
typedef struct S_parse {
  int doctype;
  int failed;
  int line, col;
  csp_buf msg;
} S_parse;

static void S_xml_error(void *ud, xmlErrorPtr e)
{
  xmlParserCtxtPtr ctxt = ud;
  S_parse *p = ctxt ? ctxt->_private : NULL;
  if (!p || !e || e->level < XML_ERR_ERROR || p->failed)
    return;
  p->failed = 1;
  p->line = e->line;
  p->col = e->int2;
  const char *m = e->message ? e->message : "not well-formed";
  size_t n = strlen(m);
  while (n && (m[n - 1] == '\n' || m[n - 1] == ' '))
    n--;
  csp_buf_put(&p->msg, m, n);
}

/* The internal-subset handler: a DOCTYPE stops the parse before any
 * declaration in it is read. */
static void S_doctype(void *ud, const xmlChar *name, const xmlChar *ext,
                      const xmlChar *sys)
{
  (void)name;
  (void)ext;
  (void)sys;
  xmlParserCtxtPtr ctxt = ud;
  S_parse *p = ctxt->_private;
  p->doctype = 1;
  xmlStopParser(ctxt);
}

xmlDoc *csp_docx_in_parse(csp_diags *dg, const char *file, csp_rule_id rule,
                          const char *part, const char *data, size_t len)
{
  csp_docx_in_quiet();
  csp_loc loc = {file, 0, 0};
  if (len > (size_t)CSP_MAX_DOCX_PART) {
    csp_diag(dg, rule, &loc,
             "%s is more than the limit of %d bytes; a document's text is "
             "far smaller",
             part, CSP_MAX_DOCX_PART);
    return NULL;
  }
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (!ctxt)
    csp_oom();
  S_parse p;
  memset(&p, 0, sizeof p);
  csp_buf_init(&p.msg);
  ctxt->_private = &p;
  ctxt->sax->internalSubset = S_doctype;
  ctxt->sax->serror = S_xml_error;
  /* never XML_PARSE_NOENT (entity expansion), XML_PARSE_DTDLOAD or
   * XML_PARSE_HUGE (libxml2's own limits on depth and text stay) */
  xmlDoc *doc = xmlCtxtReadMemory(ctxt, data, (int)len, part, NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOBLANKS |
                                      XML_PARSE_COMPACT);
  if (p.doctype || (doc && (doc->intSubset || doc->extSubset))) {
    csp_diag(dg, rule, &loc,
             "%s has a DOCTYPE, which no DOCX part has; refusing it (no DTD "
             "or entity is read); save the document again",
             part);
    if (doc)
      xmlFreeDoc(doc);
    doc = NULL;
  } else if (!doc || p.failed || !ctxt->wellFormed) {
    if (p.failed && p.line > 0)
      csp_diag(dg, rule, &loc,
               "%s:%d:%d: not well-formed XML: %s; save the document again",
               part, p.line, p.col > 0 ? p.col : 1, p.msg.data);
    else
      csp_diag(dg, rule, &loc,
               "%s: not well-formed XML%s%s; save the document again", part,
               p.failed ? ": " : "", p.failed ? p.msg.data : "");
    if (doc)
      xmlFreeDoc(doc);
    doc = NULL;
  } else if (!xmlDocGetRootElement(doc)) {
    csp_diag(dg, rule, &loc, "%s has no root element", part);
    xmlFreeDoc(doc);
    doc = NULL;
  }
  xmlFreeParserCtxt(ctxt);
  csp_buf_release(&p.msg);
  return doc;
}

xmlDoc *csp_docx_in_xml(csp_docx_in *in, const char *name, int required,
                        int *absent)
{
  csp_buf b;
  csp_buf_init(&b);
  int rc = csp_docx_in_read(in, name, &b);
  if (absent)
    *absent = rc == 0;
  xmlDoc *doc = NULL;
  if (rc == 0 && required)
    S_fail(in, "the package has no %s, so it is not a WordprocessingML "
              "document; give a .docx (a Word document)",
          name);
  else if (rc > 0)
    doc = csp_docx_in_parse(in->diags, in->file, in->rule, name, b.data,
                            b.len);
  csp_buf_release(&b);
  return doc;
}

/* ---- helpers -------------------------------------------------------- */

int csp_docx_in_is(const xmlNode *node, const char *ns, const char *local)
{
  return node && node->type == XML_ELEMENT_NODE &&
         strcmp((const char *)node->name, local) == 0 &&
         (ns ? node->ns && node->ns->href &&
                   strcmp((const char *)node->ns->href, ns) == 0
             : !node->ns);
}

char *csp_docx_in_attr(const xmlNode *node, const char *ns,
                       const char *local)
{
  xmlChar *v = ns ? xmlGetNsProp(node, (const xmlChar *)local,
                                 (const xmlChar *)ns)
                  : xmlGetNoNsProp(node, (const xmlChar *)local);
  return (char *)v;
}

char *csp_docx_in_resolve(const char *part, const char *target)
{
  csp_buf b;
  csp_buf_init(&b);
  if (target[0] == '/') {
    target++;
  } else {
    const char *slash = strrchr(part, '/');
    if (slash)
      csp_buf_put(&b, part, (size_t)(slash - part + 1));
  }
  /* segment by segment, ".." taking off the last folder */
  const char *s = target;
  while (*s) {
    const char *e = strchr(s, '/');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    if (n == 2 && s[0] == '.' && s[1] == '.') {
      if (!b.len) {
        csp_buf_release(&b);
        return NULL;
      }
      b.len--; /* the trailing '/' */
      while (b.len && b.data[b.len - 1] != '/')
        b.len--;
      b.data[b.len] = '\0';
    } else if (!(n == 1 && s[0] == '.') && n) {
      csp_buf_put(&b, s, n);
      if (e)
        csp_buf_putc(&b, '/');
    }
    s += n;
    if (*s == '/')
      s++;
  }
  char *r = csp_buf_detach(&b);
  csp_buf_release(&b);
  return r;
}
