/* test_docx_read.c: docx_in.c (a DOCX from anyone, opened with libzip
 * and parsed with libxml2) and docx_read.c (WordprocessingML -> cmark).
 *
 * Packages are made here with libzip in memory: small documents whose
 * reading is compared with the Markdown cmark renders of it, and broken
 * ones (not a zip, truncated at every length, damaged, an encrypted
 * entry, too many entries, a zip bomb with and without a lying size, a
 * DOCTYPE, an entity bomb, not well-formed, not WordprocessingML), each
 * of which must be refused with its own message and no document. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>
#include <zip.h>

#include "diag.h"
#include "docx_in.h"
#include "docx_read.h"
#include "tap.h"
#include "util.h"

/* the test run's diagnostics: made in main, handed to what reports */
static csp_diags *dg;

typedef struct {
  const char *name;
  const char *data;
  size_t len; /* 0: strlen(data) */
} entry;

/* Writes the entries, deflated, into a zip archive in out (cleared). */
static void make_zip(const entry *e, size_t n, csp_buf *out)
{
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
  zip_source_keep(src);
  zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
  if (!z) {
    fprintf(stderr, "zip_open_from_source: %s\n", zip_error_strerror(&ze));
    abort();
  }
  for (size_t i = 0; i < n; i++) {
    size_t len = e[i].len ? e[i].len : strlen(e[i].data);
    zip_source_t *s = zip_source_buffer(z, e[i].data, len, 0);
    zip_int64_t idx = zip_file_add(z, e[i].name, s, ZIP_FL_ENC_UTF_8);
    if (idx < 0)
      abort();
    zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 6);
  }
  if (zip_close(z) < 0)
    abort();
  zip_stat_t st;
  zip_source_stat(src, &st);
  csp_buf_clear(out);
  zip_source_open(src);
  char chunk[65536];
  zip_int64_t r;
  while ((r = zip_source_read(src, chunk, sizeof chunk)) > 0)
    csp_buf_put(out, chunk, (size_t)r);
  zip_source_close(src);
  zip_source_free(src);
  zip_error_fini(&ze);
}

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R \
  "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_REL "http://schemas.openxmlformats.org/package/2006/relationships"

static const char content_types[] =
    "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/"
    "package/2006/content-types\"><Default Extension=\"xml\" "
    "ContentType=\"application/xml\"/></Types>";
static const char root_rels[] =
    "<?xml version=\"1.0\"?><Relationships xmlns=\"" NS_REL "\">"
    "<Relationship Id=\"rId1\" Type=\"" NS_R "/officeDocument\" "
    "Target=\"word/document.xml\"/></Relationships>";

/* A package of document.xml's body (inside w:body), with its own
 * relationships, styles and numbering when not NULL. */
static void make_docx(const char *body, const char *rels, const char *styles,
                      const char *numbering, csp_buf *out)
{
  csp_buf doc, r;
  csp_buf_init(&doc);
  csp_buf_init(&r);
  csp_buf_printf(&doc,
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<w:document xmlns:w=\"" NS_W "\" xmlns:r=\"" NS_R
                 "\"><w:body>%s</w:body></w:document>",
                 body);
  csp_buf_printf(&r,
                 "<?xml version=\"1.0\"?><Relationships xmlns=\"" NS_REL
                 "\"><Relationship Id=\"rIdS\" Type=\"" NS_R
                 "/styles\" Target=\"styles.xml\"/><Relationship "
                 "Id=\"rIdN\" Type=\"" NS_R
                 "/numbering\" Target=\"/word/numbering.xml\"/>%s"
                 "</Relationships>",
                 rels ? rels : "");
  csp_buf s, n;
  csp_buf_init(&s);
  csp_buf_init(&n);
  csp_buf_printf(&s, "<w:styles xmlns:w=\"" NS_W "\">%s</w:styles>",
                 styles ? styles : "");
  csp_buf_printf(&n, "<w:numbering xmlns:w=\"" NS_W "\">%s</w:numbering>",
                 numbering ? numbering : "");
  entry e[] = {{"[Content_Types].xml", content_types, 0},
               {"_rels/.rels", root_rels, 0},
               {"word/document.xml", doc.data, doc.len},
               {"word/_rels/document.xml.rels", r.data, r.len},
               {"word/styles.xml", s.data, s.len},
               {"word/numbering.xml", n.data, n.len}};
  make_zip(e, sizeof e / sizeof *e, out);
  csp_buf_release(&doc);
  csp_buf_release(&r);
  csp_buf_release(&s);
  csp_buf_release(&n);
}

/* What diag printed since the last call. */
static char *messages(void)
{
  char *p = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&p, &n);
  csp_diag_flush(dg, f, CSP_FORMAT_TEXT);
  fclose(f);
  /* each case is a run of its own: none is "printed before" */
  csp_diag_release(dg);
  return p;
}

/* Reads a package: the Markdown of its document, or NULL; *msg gets
 * what diag said (the caller frees both). */
static char *read_md(const csp_buf *pkg, csp_docx_read_info *info,
                     char **msg)
{
  cmark_node *doc =
      csp_docx_read(dg, "t.docx", pkg->data, pkg->len, info);
  *msg = messages();
  if (!doc)
    return NULL;
  char *md = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);
  cmark_node_free(doc);
  return md;
}

/* ---- reading ---------------------------------------------------------- */

#define P(s) "<w:p>" s "</w:p>"
#define PS(style, s) "<w:p><w:pPr><w:pStyle w:val=\"" style "\"/></w:pPr>" s "</w:p>"
#define R(s) "<w:r><w:t xml:space=\"preserve\">" s "</w:t></w:r>"
#define NUM(id, lvl, s)                                                    \
  "<w:p><w:pPr><w:pStyle w:val=\"ListParagraph\"/><w:numPr><w:ilvl "      \
  "w:val=\"" #lvl "\"/><w:numId w:val=\"" #id "\"/></w:numPr></w:pPr>" s  \
  "</w:p>"

static const char styles[] =
    "<w:style w:type=\"paragraph\" w:styleId=\"Normal\"><w:name "
    "w:val=\"Normal\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name "
    "w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"berschrift2\"><w:name "
    "w:val=\"heading 2\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading3\"><w:name "
    "w:val=\"heading 3\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Mine\"><w:name "
    "w:val=\"My heading\"/><w:basedOn w:val=\"Heading3\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Outline\"><w:pPr>"
    "<w:outlineLvl w:val=\"3\"/></w:pPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"LoopA\"><w:basedOn "
    "w:val=\"LoopB\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"LoopB\"><w:basedOn "
    "w:val=\"LoopA\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"ListParagraph\"/>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Bulleted\"><w:pPr><w:numPr>"
    "<w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style>"
    "<w:style w:type=\"character\" w:styleId=\"Strong\"><w:rPr><w:b/>"
    "</w:rPr></w:style>"
    "<w:style w:type=\"character\" w:styleId=\"VerbatimChar\"/>";

/* bullets (abstract 0), decimal "1." (1) and "1)" (2) */
static const char numbering[] =
    "<w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:numFmt "
    "w:val=\"bullet\"/></w:lvl><w:lvl w:ilvl=\"1\"><w:numFmt "
    "w:val=\"bullet\"/></w:lvl></w:abstractNum>"
    "<w:abstractNum w:abstractNumId=\"1\"><w:lvl w:ilvl=\"0\"><w:start "
    "w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/>"
    "</w:lvl><w:lvl w:ilvl=\"1\"><w:numFmt w:val=\"lowerLetter\"/>"
    "<w:lvlText w:val=\"%2)\"/></w:lvl></w:abstractNum>"
    "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
    "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/></w:num>"
    "<w:num w:numId=\"3\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride "
    "w:ilvl=\"0\"><w:startOverride w:val=\"4\"/></w:lvlOverride></w:num>"
    "<w:num w:numId=\"4\"><w:abstractNumId w:val=\"0\"/></w:num>";

static const char rels[] =
    "<Relationship Id=\"rL1\" Type=\"" NS_R "/hyperlink\" "
    "Target=\"https://example.net/a\" TargetMode=\"External\"/>"
    "<Relationship Id=\"rL2\" Type=\"" NS_R "/hyperlink\" "
    "Target=\"javascript:alert(1)\" TargetMode=\"External\"/>"
    "<Relationship Id=\"rL3\" Type=\"" NS_R "/hyperlink\" "
    "Target=\"tel:+13155924453\" TargetMode=\"External\"/>";

typedef struct {
  const char *what;
  const char *body;
  const char *md; /* cmark's CommonMark of what is read */
  int changes, comments;
} read_case;

static const read_case cases[] = {
    {"headings by style, name, basedOn and outline level",
     PS("Title", R("The title")) PS("berschrift2", R("Two"))
         PS("Mine", R("Three, based on Heading3"))
             PS("Outline", R("Four by outline level"))
                 "<w:p><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr>" R("One")
                     "</w:p>" PS("LoopA", R("a basedOn loop is body text")),
     "# The title\n\n## Two\n\n### Three, based on Heading3\n\n#### Four by "
     "outline level\n\n# One\n\na basedOn loop is body text\n",
     0, 0},
    {"runs: bold, italic, character styles, breaks, tabs, hidden text",
     P("<w:r><w:rPr><w:b/></w:rPr><w:t>Bold</w:t></w:r>" R(" and ")
           "<w:r><w:rPr><w:i/></w:rPr><w:t>italic</w:t></w:r>"
           "<w:r><w:rPr><w:b w:val=\"0\"/></w:rPr><w:t> not</w:t></w:r>"
           "<w:r><w:rPr><w:rStyle w:val=\"Strong\"/></w:rPr><w:t> "
           "strong</w:t><w:br/><w:t>next</w:t><w:tab/><w:t>tab</w:t>"
           "</w:r>"
           "<w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r>"
           "<w:r><w:rPr><w:rStyle w:val=\"VerbatimChar\"/></w:rPr>"
           "<w:t>code</w:t></w:r>"),
     "**Bold** and *italic* not **strong**  \n**next tab**`code`\n", 0, 0},
    {"lists: bullets, numbers, nesting, a restart, continuations",
     NUM(1, 0, R("b1")) NUM(1, 1, R("b1.1")) NUM(4, 1, R("b1.2, same list"))
         NUM(1, 0, R("b2"))
             "<w:p><w:pPr><w:pStyle w:val=\"ListParagraph\"/><w:ind "
             "w:left=\"720\"/></w:pPr>" R("b2, second paragraph") "</w:p>"
                 P(R("between")) NUM(2, 0, R("n1")) NUM(2, 0, R("n2"))
                     NUM(2, 1, R("n2.a")) NUM(3, 0, R("restarted at 4"))
                         PS("Bulleted", R("numbered by its style")),
     "  - b1\n    \n      - b1.1\n      - b1.2, same list\n\n  - b2\n    \n"
     "    b2, second paragraph\n\nbetween\n\n1.  n1\n2.  n2\n    1)  n2.a\n\n<!-- end "
     "list -->\n\n4.  restarted at 4\n\n<!-- end list -->\n\n  - numbered "
     "by its style\n",
     0, 0},
    {"links: safe targets kept, others text, anchors text",
     P(R("See ") "<w:hyperlink r:id=\"rL1\">" R("the site") "</w:hyperlink>"
           R(", ") "<w:hyperlink r:id=\"rL2\">" R("a script")
               "</w:hyperlink>" R(", ") "<w:hyperlink w:anchor=\"x\">"
                   R("a bookmark") "</w:hyperlink>" R(", ")
                       "<w:hyperlink r:id=\"rL3\"><w:r><w:t>(315) "
                       "592</w:t><w:noBreakHyphen/><w:t>4453</w:t></w:r>"
                       "</w:hyperlink>"),
     "See [the site](https://example.net/a), a script, a bookmark, [(315) "
     "592-4453](tel:+13155924453)\n",
     0, 0},
    {"tracked changes read as accepted, and counted",
     P(R("kept ") "<w:ins w:id=\"1\" w:author=\"A\">" R("inserted ")
           "</w:ins><w:ins w:id=\"2\" w:author=\"A\">" R("(same change) ")
               "</w:ins><w:del w:id=\"3\" w:author=\"A\"><w:r><w:delText>"
               "deleted</w:delText></w:r></w:del>"
               "<w:moveFrom w:id=\"4\">" R("moved away") "</w:moveFrom>"
               "<w:moveTo w:id=\"5\">" R("moved here") "</w:moveTo>"
               "<w:r><w:rPr><w:b/><w:rPrChange w:id=\"6\"><w:rPr/>"
               "</w:rPrChange></w:rPr><w:t> bolded</w:t></w:r>")
         "<w:p><w:pPr><w:rPr><w:del w:id=\"7\"/></w:rPr></w:pPr>"
         R("joined ") "</w:p>" P(R("to the next"))
             "<w:tbl><w:tr><w:trPr><w:del w:id=\"8\"/></w:trPr><w:tc>"
             P(R("a deleted row")) "</w:tc></w:tr></w:tbl>",
     "kept inserted (same change) moved here **bolded**\n\njoined to the "
     "next\n",
     7, 0},
    {"tables, content controls, comments, the DRAFT mark, empty paragraphs",
     PS("DraftMark", R("DRAFT")) P("") P(R("  "))
         "<w:tbl><w:tr><w:tc>" P(R("cell 1")) "</w:tc><w:tc>"
         P(R("cell 2")) "</w:tc></w:tr></w:tbl>"
         "<w:sdt><w:sdtContent>" P(R("in a control")) "</w:sdtContent></w:sdt>"
         P("<w:commentRangeStart w:id=\"0\"/>" R("commented")
               "<w:commentRangeEnd w:id=\"0\"/><w:r><w:commentReference "
               "w:id=\"0\"/></w:r>"),
     "cell 1\n\ncell 2\n\nin a control\n\ncommented\n", 0, 1},
    {"code blocks, quotes and rules, as csecpol writes them",
     PS("SourceCode", R("line 1") "<w:r><w:br/></w:r>" R("line 2"))
         PS("Quote", R("quoted")) "<w:p><w:pPr><w:pBdr><w:bottom "
                                   "w:val=\"single\"/></w:pBdr></w:pPr></w:p>",
     "``` \nline 1\nline 2\n```\n\n> quoted\n\n-----\n", 0, 0},
};

static void test_reading(void)
{
  csp_buf pkg;
  csp_buf_init(&pkg);
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    const read_case *c = &cases[i];
    make_docx(c->body, rels, styles, numbering, &pkg);
    csp_docx_read_info info;
    char *msg;
    char *md = read_md(&pkg, &info, &msg);
    OK_STR(md, c->md, "%s", c->what);
    OK(info.changes == c->changes && info.comments == c->comments,
       "%s: %d tracked changes (want %d), %d comments (want %d)", c->what,
       info.changes, c->changes, info.comments, c->comments);
    OK(msg && !*msg, "%s: nothing reported (%s)", c->what, msg);
    free(md);
    free(msg);
  }
  /* no styles, numbering or relationships at all: still read */
  entry e[] = {{"_rels/.rels", root_rels, 0},
               {"word/document.xml",
                "<w:document xmlns:w=\"" NS_W "\"><w:body>" NUM(9, 0, R("x"))
                    P(R("y")) "</w:body></w:document>",
                0}};
  make_zip(e, 2, &pkg);
  csp_docx_read_info info;
  char *msg;
  char *md = read_md(&pkg, &info, &msg);
  OK_STR(md, "  - x\n\ny\n",
         "a document without styles, numbering or relationships");
  free(md);
  free(msg);
  csp_buf_release(&pkg);
}

/* ---- refusing ------------------------------------------------------- */

/* Reads pkg, which must be refused with a message holding want. */
static void refused(const csp_buf *pkg, const char *want, const char *what)
{
  csp_docx_read_info info;
  char *msg;
  char *md = read_md(pkg, &info, &msg);
  if (!OK(!md && msg && strstr(msg, want) && strstr(msg, "t.docx: error: ") &&
              strstr(msg, "[docx-input]"),
          "%s: refused with '%s'", what, want))
    printf("#   got: %s\n", md ? md : msg ? msg : "(null)");
  free(md);
  free(msg);
}

static uint32_t get32(const char *p)
{
  const unsigned char *u = (const unsigned char *)p;
  return (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 |
         (uint32_t)u[3] << 24;
}

static void set32(char *p, uint32_t v)
{
  for (int i = 0; i < 4; i++)
    p[i] = (char)(v >> (8 * i) & 0xFF);
}

/* The offsets of every local and central header signature in pkg. */
static size_t headers(const csp_buf *pkg, uint32_t sig, size_t *at,
                      size_t max)
{
  size_t n = 0;
  for (size_t i = 0; i + 4 <= pkg->len && n < max; i++)
    if (get32(pkg->data + i) == sig)
      at[n++] = i;
  return n;
}

static void test_container(void)
{
  csp_buf pkg;
  csp_buf_init(&pkg);

  csp_buf_puts(&pkg, "schema: 1\n");
  refused(&pkg, "not a zip archive", "a text file");
  csp_buf_clear(&pkg);
  csp_buf_put(&pkg, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0", 12);
  refused(&pkg, "password-protected", "an OLE2 file (an encrypted DOCX)");

  make_docx(P(R("text")), NULL, NULL, NULL, &pkg);
  csp_buf good;
  csp_buf_init(&good);
  csp_buf_put(&good, pkg.data, pkg.len);

  /* truncated at every length: never read, never a crash */
  int all = 1;
  for (size_t n = 0; n < good.len; n++) {
    csp_docx_read_info info;
    cmark_node *doc = csp_docx_read(dg, "t.docx", good.data, n,
                                    &info);
    free(messages());
    if (doc) {
      all = 0;
      cmark_node_free(doc);
      printf("#   read when cut at %zu of %zu bytes\n", n, good.len);
      break;
    }
  }
  OK(all, "a package cut at any of its %zu lengths is refused", good.len);
  csp_buf_clear(&pkg);
  csp_buf_put(&pkg, good.data, good.len / 2);
  refused(&pkg, "damaged zip archive", "a package cut in half");

  /* damaged: a byte of word/document.xml's deflated data changed */
  size_t at[16];
  size_t nloc = headers(&good, 0x04034b50, at, 16);
  size_t doc_at = 0;
  for (size_t i = 0; i < nloc; i++)
    if (memcmp(good.data + at[i] + 30, "word/document.xml", 17) == 0)
      doc_at = at[i];
  OK(doc_at > 0, "word/document.xml's local header is found");
  csp_buf_clear(&pkg);
  csp_buf_put(&pkg, good.data, good.len);
  pkg.data[doc_at + 30 + 17 + 8] ^= 0x55;
  refused(&pkg, "cannot read word/document.xml", "damaged deflated data");

  /* the encryption flag (bit 0 of the general purpose flags) set in the
   * local and central headers of one entry */
  csp_buf_clear(&pkg);
  csp_buf_put(&pkg, good.data, good.len);
  size_t cen[16];
  size_t ncen = headers(&pkg, 0x02014b50, cen, 16);
  pkg.data[at[0] + 6] |= 1;
  if (ncen)
    pkg.data[cen[0] + 8] |= 1;
  refused(&pkg, "is encrypted", "an encrypted entry");

  /* a mismatch of local and central headers, caught by ZIP_CHECKCONS */
  csp_buf_clear(&pkg);
  csp_buf_put(&pkg, good.data, good.len);
  pkg.data[doc_at + 8] = 0; /* the local header says stored */
  refused(&pkg, "damaged zip archive (Zip archive inconsistent)",
          "headers that disagree");

  /* too many entries */
  {
    size_t n = CSP_MAX_DOCX_ENTRIES + 1;
    entry *e = csp_xcalloc(n, sizeof *e);
    char **names = csp_xcalloc(n, sizeof *names);
    e[0] = (entry){"_rels/.rels", root_rels, 0};
    for (size_t i = 1; i < n; i++) {
      csp_buf b;
      csp_buf_init(&b);
      csp_buf_printf(&b, "media/%zu.txt", i);
      names[i] = csp_buf_detach(&b);
      e[i] = (entry){names[i], "x", 1};
    }
    make_zip(e, n, &pkg);
    refused(&pkg, "entries, more than the limit", "too many entries");
    for (size_t i = 0; i < n; i++)
      free(names[i]);
    free(names);
    free(e);
  }
  csp_buf_release(&good);
  csp_buf_release(&pkg);
}

/* A document.xml of more than n bytes that deflates to almost nothing. */
static char *bomb(size_t n, size_t *len)
{
  static const char head[] = "<w:document xmlns:w=\"" NS_W
                             "\"><w:body><w:p><w:r><w:t>";
  static const char tail[] = "</w:t></w:r></w:p></w:body></w:document>";
  *len = strlen(head) + n + strlen(tail);
  char *p = csp_xmalloc(*len + 1);
  memcpy(p, head, strlen(head));
  memset(p + strlen(head), 'a', n);
  memcpy(p + strlen(head) + n, tail, strlen(tail) + 1);
  return p;
}

static void test_bombs(void)
{
  csp_buf pkg;
  csp_buf_init(&pkg);
  size_t len;
  char *big = bomb(CSP_MAX_DOCX_PART, &len);
  entry e[] = {{"_rels/.rels", root_rels, 0},
               {"word/document.xml", big, len}};
  make_zip(e, 2, &pkg);
  OK(pkg.len < len / 100, "the bomb deflates %zu bytes to %zu", len,
     pkg.len);
  refused(&pkg, "zip bomb", "a part over the limit");

  /* the same, its sizes in both headers set to 1,000 bytes: read with
   * the cap all the same, never trusting what the archive says */
  size_t at[4], cen[4];
  size_t nloc = headers(&pkg, 0x04034b50, at, 4);
  size_t ncen = headers(&pkg, 0x02014b50, cen, 4);
  OK(nloc == 2 && ncen == 2, "two entries (%zu, %zu)", nloc, ncen);
  if (nloc == 2 && ncen == 2) {
    OK(get32(pkg.data + at[1] + 22) == len, "the declared size is found");
    set32(pkg.data + at[1] + 22, 1000);
    set32(pkg.data + cen[1] + 24, 1000);
    refused(&pkg, "word/document.xml", "a bomb that lies about its size");
  }
  free(big);

  /* parts under the limit each, over it together */
  size_t each = CSP_MAX_DOCX_PART - 1024;
  big = bomb(each, &len);
  entry many[6];
  static const char *const names[6] = {"a.xml", "b.xml", "c.xml",
                                       "d.xml", "e.xml", "f.xml"};
  for (int i = 0; i < 6; i++)
    many[i] = (entry){names[i], big, len};
  make_zip(many, 6, &pkg);
  csp_docx_in in;
  int opened = csp_docx_in_open(&in, dg, "t.docx", CSP_R_DOCX_INPUT, pkg.data,
                                pkg.len) == 0;
  OK(opened, "six parts open");
  int failed_at = -1;
  for (int i = 0; opened && i < 6 && failed_at < 0; i++) {
    csp_buf b;
    csp_buf_init(&b);
    if (csp_docx_in_read(&in, names[i], &b) < 0)
      failed_at = i;
    csp_buf_release(&b);
  }
  char *msg = messages();
  OK(failed_at == (int)(CSP_MAX_DOCX_TOTAL / len) && msg &&
         strstr(msg, "the parts read come to more than the limit"),
     "the parts together stop at the total limit (part %d): %s", failed_at,
     msg);
  free(msg);
  if (opened)
    csp_docx_in_close(&in);
  free(big);
  csp_buf_release(&pkg);
}

static void test_xml(void)
{
  csp_buf pkg;
  csp_buf_init(&pkg);
  static const char doctype[] =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE w:document [<!ENTITY x "
      "\"expanded\">]>\n<w:document xmlns:w=\"" NS_W
      "\"><w:body>" P(R("&x;")) "</w:body></w:document>";
  entry e[] = {{"_rels/.rels", root_rels, 0},
               {"word/document.xml", doctype, 0}};
  make_zip(e, 2, &pkg);
  refused(&pkg, "word/document.xml has a DOCTYPE", "a DOCTYPE with an entity");

  /* the billion laughs: refused before a declaration is read */
  csp_buf x;
  csp_buf_init(&x);
  csp_buf_puts(&x, "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n"
                   "<!ENTITY l0 \"lol\">\n");
  for (int i = 1; i < 10; i++)
    csp_buf_printf(&x, "<!ENTITY l%d \"&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;"
                       "&l%d;&l%d;&l%d;\">\n",
                   i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1,
                   i - 1, i - 1);
  csp_buf_puts(&x, "]>\n<w:document xmlns:w=\"" NS_W
                   "\"><w:body>" P(R("&l9;")) "</w:body></w:document>");
  e[1].data = x.data;
  make_zip(e, 2, &pkg);
  refused(&pkg, "has a DOCTYPE", "the billion laughs");

  /* an entity never declared (no DTD): not well-formed */
  e[1].data = "<w:document xmlns:w=\"" NS_W "\"><w:body>" P(R("&x;"))
              "</w:body></w:document>";
  make_zip(e, 2, &pkg);
  refused(&pkg, "word/document.xml:1:", "an undeclared entity");

  e[1].data = "<?xml version=\"1.0\"?>\n<w:document xmlns:w=\"" NS_W
              "\">\n<w:body><w:p></w:body></w:document>";
  make_zip(e, 2, &pkg);
  refused(&pkg, "word/document.xml:3:", "not well-formed, with its line");

  e[1].data = "<w:document xmlns:w=\"http://purl.oclc.org/ooxml/"
              "wordprocessingml/main\"><w:body/></w:document>";
  make_zip(e, 2, &pkg);
  refused(&pkg, "Strict Open XML", "Strict Open XML");

  /* a spreadsheet */
  static const char xl_rels[] =
      "<Relationships xmlns=\"" NS_REL "\"><Relationship Id=\"rId1\" "
      "Type=\"" NS_R "/officeDocument\" Target=\"xl/workbook.xml\"/>"
      "</Relationships>";
  entry xl[] = {{"_rels/.rels", xl_rels, 0},
                {"xl/workbook.xml",
                 "<workbook xmlns=\"http://schemas.openxmlformats.org/"
                 "spreadsheetml/2006/main\"/>",
                 0}};
  make_zip(xl, 2, &pkg);
  refused(&pkg, "is <workbook>, not a WordprocessingML document",
          "a spreadsheet");
  entry bare[] = {{"word/document.xml", "<w:document/>", 0}};
  make_zip(bare, 1, &pkg);
  refused(&pkg, "no _rels/.rels", "a zip without _rels/.rels");
  entry lost[] = {{"_rels/.rels", root_rels, 0}};
  make_zip(lost, 1, &pkg);
  refused(&pkg, "no word/document.xml", "a main part that is missing");
  entry badrel[] = {{"_rels/.rels", "<Relationships", 0}};
  make_zip(badrel, 1, &pkg);
  refused(&pkg, "_rels/.rels:1:", "relationships not well-formed");

  /* nothing printed by libxml2 itself: what it said is in our message */
  csp_buf_release(&x);
  csp_buf_release(&pkg);
}

static void test_resolve(void)
{
  static const char *const t[][3] = {
      {"word/document.xml", "styles.xml", "word/styles.xml"},
      {"word/document.xml", "/word/x.xml", "word/x.xml"},
      {"word/document.xml", "../customXml/item1.xml", "customXml/item1.xml"},
      {"word/document.xml", "./media/../a.xml", "word/a.xml"},
      {"", "word/document.xml", "word/document.xml"},
      {"word/document.xml", "../../x.xml", NULL},
  };
  for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
    char *r = csp_docx_in_resolve(t[i][0], t[i][1]);
    if (t[i][2])
      OK_STR(r, t[i][2], "resolve %s against %s", t[i][1], t[i][0]);
    else
      OK(!r, "resolve %s against %s: above the root", t[i][1], t[i][0]);
    free(r);
  }
}

int main(void)
{
  dg = csp_diags_new();
  test_resolve();
  test_reading();
  test_container();
  test_bombs();
  test_xml();
  csp_diag_release(dg);
  csp_diags_free(dg);
  return tap_done();
}
