/* test_render_docx.c: csp_render_docx, checked by unzipping its bytes in
 * memory with libzip and looking at the parts. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmark.h>
#include <libxml/parser.h>
#include <zip.h>

#include "diag.h"
#include "render.h"
#include "tap.h"
#include "util.h"
#include "xmlw.h"

/* the test run's diagnostics: made in main, handed to what reports */
static csp_diags *dg;

static csp_meta base_meta = { /* .diags set in main */
    .site_name = "Child Advocacy Center of Oswego County",
    .title = "CSEC Policy",
    .subject = "Commercial Sexual Exploitation of Children (CSEC) policy",
    .version = "1.2",
    .effective_date = "2024-07-01",
    .state = "NY",
};

/* Renders markdown with meta into out (cleared first).  Returns the
 * renderer's status. */
static int render(const char *md, const csp_meta *meta, csp_buf *out)
{
  cmark_node *doc =
      cmark_parse_document(md, strlen(md), CMARK_OPT_VALIDATE_UTF8);
  csp_buf_clear(out);
  int rc = csp_render_docx(doc, meta, out);
  cmark_node_free(doc);
  return rc;
}

/* An unzipped package: every entry's name and text, in zip order. */
typedef struct {
  int n;
  char *names[32];
  char *data[32];
  time_t mtime[32];
} pkg;

static int unzip(const csp_buf *b, pkg *p)
{
  memset(p, 0, sizeof *p);
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(b->data, b->len, 0, &ze);
  zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
  zip_error_fini(&ze);
  if (!za) {
    zip_source_free(src);
    return -1;
  }
  zip_int64_t n = zip_get_num_entries(za, 0);
  for (zip_int64_t i = 0; i < n && i < 32; i++) {
    zip_stat_t st;
    zip_stat_index(za, (zip_uint64_t)i, 0, &st);
    p->names[p->n] = csp_xstrdup(st.name);
    p->mtime[p->n] = st.mtime;
    char *d = csp_xmalloc(st.size + 1);
    zip_file_t *f = zip_fopen_index(za, (zip_uint64_t)i, 0);
    zip_int64_t got = f ? zip_fread(f, d, st.size) : -1;
    if (f)
      zip_fclose(f);
    d[got < 0 ? 0 : got] = '\0';
    p->data[p->n++] = d;
  }
  zip_close(za); /* frees src */
  return 0;
}

static void pkg_free(pkg *p)
{
  for (int i = 0; i < p->n; i++) {
    free(p->names[i]);
    free(p->data[i]);
  }
  p->n = 0;
}

/* The text of part name, or "" when there is none. */
static const char *part(const pkg *p, const char *name)
{
  for (int i = 0; i < p->n; i++)
    if (strcmp(p->names[i], name) == 0)
      return p->data[i];
  return "";
}

static int has(const char *hay, const char *needle)
{
  return strstr(hay, needle) != NULL;
}

static int count(const char *hay, const char *needle)
{
  int n = 0;
  for (const char *s = hay; (s = strstr(s, needle)); s += strlen(needle))
    n++;
  return n;
}

static int well_formed(const char *xml)
{
  xmlDocPtr d = xmlReadMemory(xml, (int)strlen(xml), "part.xml", NULL,
                              XML_PARSE_NONET | XML_PARSE_NOERROR |
                                  XML_PARSE_NOWARNING);
  xmlFreeDoc(d);
  return d != NULL;
}

/* Renders md and unzips it; reports one check for the render itself. */
static int render_pkg(const char *md, const csp_meta *meta, pkg *p,
                      const char *what)
{
  csp_buf b;
  csp_buf_init(&b);
  int ok = render(md, meta, &b) == 0 && unzip(&b, p) == 0;
  OK(ok, "%s: renders and unzips", what);
  csp_buf_release(&b);
  if (!ok)
    memset(p, 0, sizeof *p);
  return ok;
}

/* csp_xw, the writer every part goes through (xmlw.c, over libxml2's
 * text writer): its exact bytes, and a refused call failing the part. */
static void test_xw(void)
{
  static const char decl[] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
  csp_buf out;
  csp_buf_init(&out);
  csp_xw x;
  csp_xw_init(&x);
  csp_xw_start(&x, "w:a");
  csp_xw_attr(&x, "x", "1 & \"2\" <3>\t\n\r\x01|\xC3\xA9");
  csp_xw_attr_int(&x, "n", -1234567);
  csp_xw_start(&x, "w:e");
  csp_xw_end(&x);
  csp_xw_start(&x, "w:f");
  csp_xw_text(&x, "\x02\x1f", 2); /* filtered to nothing */
  csp_xw_end(&x);
  csp_xw_elem_text(&x, "w:t", "a<b>&\"c\" ]]> \r\t\n\xE2\x80\xA2");
  csp_xw_val_int(&x, "w:sz", 22);
  csp_xw_start(&x, "w:open"); /* finish ends what is open */
  OK(csp_xw_finish(&x, &out) == 0, "a part writes");
  csp_buf want;
  csp_buf_init(&want);
  csp_buf_puts(&want, decl);
  csp_buf_puts(&want,
               "<w:a x=\"1 &amp; &quot;2&quot; &lt;3&gt;&#9;&#10;&#13;|"
               "\xC3\xA9\" n=\"-1234567\"><w:e/><w:f/>"
               "<w:t>a&lt;b&gt;&amp;&quot;c&quot; ]]&gt; &#13;\t\n"
               "\xE2\x80\xA2</w:t><w:sz w:val=\"22\"/><w:open/></w:a>\n");
  OK_STR(out.data, want.data, "the bytes: escapes, empty elements, the "
                              "filter, the final newline");

  csp_buf_clear(&out);
  csp_buf_puts(&out, "kept");
  csp_xw_init(&x);
  csp_xw_start(&x, "a");
  csp_xw_text(&x, "t", 1);
  csp_xw_attr(&x, "late", "1");
  OK(csp_xw_finish(&x, &out) == -1 && strcmp(out.data, "kept") == 0,
     "an attribute after content fails the part; out is unchanged");
  csp_xw_init(&x);
  csp_xw_end(&x);
  csp_xw_start(&x, "a");
  OK(csp_xw_finish(&x, &out) == -1 && strcmp(out.data, "kept") == 0,
     "an end without a start fails the part");
  csp_buf_release(&out);
  csp_buf_release(&want);
}

static void test_parts(void)
{
  static const char *const want[] = {
      "[Content_Types].xml",        "_rels/.rels",
      "word/document.xml",          "word/_rels/document.xml.rels",
      "word/styles.xml",            "word/numbering.xml",
      "word/settings.xml",          "word/fontTable.xml",
      "word/header1.xml",           "word/footer1.xml",
      "docProps/core.xml",          "docProps/app.xml"};
  const int nwant = (int)(sizeof want / sizeof *want);
  csp_buf b;
  csp_buf_init(&b);
  render("# T\n\ntext\n", &base_meta, &b);
  pkg p;
  if (!OK(unzip(&b, &p) == 0, "the output is a zip archive")) {
    csp_buf_release(&b);
    return;
  }
  OK(p.n == nwant, "%d parts (want %d)", p.n, nwant);
  int order = p.n == nwant;
  for (int i = 0; order && i < nwant; i++)
    order = strcmp(p.names[i], want[i]) == 0;
  OK(order, "parts in the fixed order");
  OK_STR(p.names[0], "[Content_Types].xml", "[Content_Types].xml first");

  /* Every entry carries 1980-01-01 00:00:00, in libzip's local-time
   * reading of the DOS fields and in the raw local header. */
  struct tm tm = {.tm_year = 80, .tm_mon = 0, .tm_mday = 1, .tm_isdst = -1};
  time_t fixed = mktime(&tm);
  int same_time = 1;
  for (int i = 0; i < p.n; i++)
    same_time &= p.mtime[i] == fixed;
  OK(same_time, "every entry has the fixed time 1980-01-01 00:00");
  const unsigned char *z = (const unsigned char *)b.data;
  OK(b.len > 30 && memcmp(z, "PK\3\4", 4) == 0 && z[10] == 0 && z[11] == 0 &&
         z[12] == 0x21 && z[13] == 0,
     "the first local header holds DOS time 0, date 0x0021");

  int all_wf = 1;
  for (int i = 0; i < p.n; i++)
    if (!well_formed(p.data[i])) {
      all_wf = 0;
      printf("#   not well-formed: %s\n", p.names[i]);
    }
  OK(all_wf, "every part is well-formed XML");
  const char *ct = part(&p, "[Content_Types].xml");
  OK(has(ct, "PartName=\"/word/document.xml\"") &&
         has(ct, "wordprocessingml.document.main+xml") &&
         has(ct, "PartName=\"/word/numbering.xml\"") &&
         has(ct, "PartName=\"/docProps/core.xml\""),
     "content types name the main document, numbering and core parts");
  OK(has(part(&p, "_rels/.rels"), "Target=\"word/document.xml\""),
     "the package relationship points at word/document.xml");
  pkg_free(&p);
  csp_buf_release(&b);
}

static void test_determinism(void)
{
  const char *md = "# T\n\n- a [x](https://example.org)\n  - b\n\n1. c\n";
  csp_buf a, b;
  csp_buf_init(&a);
  csp_buf_init(&b);
  render(md, &base_meta, &a);
  render(md, &base_meta, &b);
  OK(a.len > 0 && a.len == b.len && memcmp(a.data, b.data, a.len) == 0,
     "two renders give identical bytes (%zu, %zu)", a.len, b.len);
  csp_buf_release(&a);
  csp_buf_release(&b);
}

static void test_lists(void)
{
  pkg p;
  if (!render_pkg("- Local Resources:\n"
                  "  - NJ hotline\n"
                  "  - 911\n"
                  "- National Resources:\n"
                  "  - NHTRC\n"
                  "\n"
                  "para\n"
                  "\n"
                  "1. one\n"
                  "2. two\n"
                  "\n"
                  "para\n"
                  "\n"
                  "3. three\n"
                  "4. four\n",
                  &base_meta, &p, "lists"))
    return;
  const char *doc = part(&p, "word/document.xml");
  const char *num = part(&p, "word/numbering.xml");
  OK(count(doc, "<w:ilvl w:val=\"1\"/>") == 3,
     "three nested items at w:ilvl 1 (got %d)",
     count(doc, "<w:ilvl w:val=\"1\"/>"));
  OK(count(doc, "<w:ilvl w:val=\"0\"/>") == 6, "six items at w:ilvl 0");
  const char *last_abs = NULL;
  for (const char *s = num; (s = strstr(s, "<w:abstractNum ")); s++)
    last_abs = s;
  const char *first_num = strstr(num, "<w:num ");
  OK(last_abs && first_num && last_abs < first_num,
     "every w:abstractNum precedes every w:num");
  OK(count(num, "<w:num ") == 5, "one w:num per list (5, got %d)",
     count(num, "<w:num "));
  OK(has(num, "<w:startOverride w:val=\"1\"/>") &&
         has(num, "<w:startOverride w:val=\"3\"/>"),
     "each ordered list restarts at its own start");
  OK(has(num, "<w:numFmt w:val=\"bullet\"/>") &&
         has(num, "<w:numFmt w:val=\"decimal\"/>"),
     "bullet and decimal definitions");
  OK(has(doc, "<w:pStyle w:val=\"ListParagraph\"/><w:numPr>"),
     "list paragraphs: pStyle before numPr (schema order)");
  pkg_free(&p);

  /* An item whose first block is a list still gets its number. */
  if (render_pkg("- - inner\n", &base_meta, &p, "bare item")) {
    doc = part(&p, "word/document.xml");
    OK(count(doc, "<w:numPr>") == 2, "an item holding only a list: 2 numbers");
    pkg_free(&p);
  }
}

static void test_links(void)
{
  pkg p;
  if (!render_pkg("Call [1-800-THE-LOST](tel:18008435678), mail "
                  "[us](mailto:cac@example.org), see "
                  "[the site](https://example.org/a?b=1&c=2) or "
                  "[again](https://example.org/a?b=1&c=2); "
                  "[bad](javascript:alert(1)) and [rel](/local).\n",
                  &base_meta, &p, "links"))
    return;
  const char *rels = part(&p, "word/_rels/document.xml.rels");
  const char *doc = part(&p, "word/document.xml");
  OK(has(rels, "Target=\"tel:18008435678\" TargetMode=\"External\""),
     "tel: link is an External relationship");
  OK(has(rels, "Target=\"mailto:cac@example.org\" TargetMode=\"External\""),
     "mailto: link is an External relationship");
  OK(has(rels, "Target=\"https://example.org/a?b=1&amp;c=2\" "
               "TargetMode=\"External\""),
     "https: link is an External relationship, & escaped");
  OK(count(rels, "https://example.org") == 1,
     "a URL used twice has one relationship");
  OK(!has(rels, "javascript") && !has(doc, "javascript"),
     "javascript: is never linked");
  OK(!has(rels, "/local"), "a relative URL is not linked");
  OK(has(doc, ">bad</w:t>") && has(doc, ">rel</w:t>"),
     "unsafe links keep their text");
  OK(count(doc, "<w:hyperlink ") == 4, "four w:hyperlink (got %d)",
     count(doc, "<w:hyperlink "));
  OK(has(doc, "<w:hyperlink r:id=\"rId7\""), "hyperlink ids follow the parts");
  OK(has(doc, "<w:noBreakHyphen/>"),
     "a phone number's hyphens do not break");
  pkg_free(&p);
}

static void test_text(void)
{
  pkg p;
  if (!render_pkg("Text with <w:p> and ]]> and & and \\<b\\>, "
                  "**bold** after\n"
                  "\n"
                  "<script>alert(1)</script>\n"
                  "\n"
                  "inline <b>raw</b> html, *em* `code`  \n"
                  "break\n"
                  "\n"
                  "ctl:\x01\x0b\x1f|\xef\xbf\xbe|\xef\xbf\xbf|end\n",
                  &base_meta, &p, "text"))
    return;
  const char *doc = part(&p, "word/document.xml");
  OK(well_formed(doc), "document.xml is well-formed");
  OK(has(doc, "&lt;w:p&gt;"), "<w:p> in text is escaped");
  OK(has(doc, "]]&gt;"), "]]> in text is escaped");
  OK(has(doc, " &amp; "), "& in text is escaped");
  OK(!has(doc, "<b>") && !has(doc, "script") && !has(doc, "alert"),
     "raw HTML is never emitted");
  OK(has(doc, "&lt;b&gt;"), "escaped markup is text");
  OK(has(doc, "<w:t xml:space=\"preserve\"> after</w:t>"),
     "leading space: xml:space=\"preserve\"");
  OK(has(doc, "<w:b/><w:bCs/></w:rPr><w:t>bold</w:t>"), "strong is w:b");
  OK(has(doc, "<w:i/><w:iCs/></w:rPr><w:t>em</w:t>"), "emphasis is w:i");
  OK(has(doc, "<w:rStyle w:val=\"VerbatimChar\"/></w:rPr><w:t>code</w:t>"),
     "code is VerbatimChar");
  OK(has(doc, "<w:br/>"), "hard line break is w:br");
  OK(has(doc, ">ctl:|||end<"), "C0 controls, U+FFFE and U+FFFF are dropped");
  pkg_free(&p);
}

/* A signer block (render.h), a phone number's spaces and a draft's
 * mark. */
static void test_signer(void)
{
  pkg p;
  if (!render_pkg("Signature: \\_\\_\\_\\_\\\nName: Pat Doe\\\n"
                  "Date: \\_\\_\\_\\_\n"
                  "\n"
                  "Call [(419) 244-7100 x 12](tel:+14192447100;ext=12) now\n",
                  &base_meta, &p, "signer"))
    return;
  const char *doc = part(&p, "word/document.xml");
  OK(well_formed(doc), "document.xml is well-formed");
  OK(count(doc, "<w:keepLines/>") == 3 && count(doc, "<w:keepNext/>") == 2,
     "a signer block: three paragraphs, each whole, kept with the next but "
     "the last");
  OK(count(doc, "<w:tab w:val=\"left\" w:pos=\"1440\"/>") == 3,
     "its values at one tab stop");
  OK(has(doc, "<w:b/><w:bCs/></w:rPr><w:t>Name:</w:t></w:r><w:r><w:tab/>"
              "</w:r><w:r><w:t>Pat Doe</w:t>"),
     "label, tab, value");
  OK(has(doc, "<w:t>____</w:t>"), "a line to write on keeps its underscores");
  OK(!has(doc, "<w:br/>"), "no line break is left of the block");
  OK(has(doc, "<w:t>\xE2\x80\x8E(419)\xC2\xA0" "244</w:t><w:noBreakHyphen/>"
              "<w:t>7100\xC2\xA0" "x\xC2\xA0" "12</w:t>"),
     "a phone number's spaces are no-break spaces");
  OK(has(doc, "<w:t xml:space=\"preserve\">Call </w:t>"),
     "text beside the number keeps its plain spaces");
  pkg_free(&p);

  /* a draft's mark: a custom inline without user data */
  cmark_node *d = cmark_parse_document("a b c\n", 6, CMARK_OPT_DEFAULT);
  cmark_node *text = cmark_node_first_child(cmark_node_first_child(d));
  cmark_node *mark = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
  cmark_node *inner = cmark_node_new(CMARK_NODE_TEXT);
  cmark_node_set_literal(inner, "[missing: site.name]");
  cmark_node_append_child(mark, inner);
  cmark_node_insert_after(text, mark);
  csp_buf out;
  csp_buf_init(&out);
  int rc = csp_render_docx(d, &base_meta, &out);
  cmark_node_free(d);
  if (OK(rc == 0, "a document with a draft's mark renders") &&
      unzip(&out, &p) == 0) {
    doc = part(&p, "word/document.xml");
    OK(has(doc, "<w:highlight w:val=\"yellow\"/></w:rPr>"
                "<w:t>[missing: site.name]</w:t>"),
       "the mark's text is highlighted");
    OK(count(doc, "<w:highlight ") == 1, "and nothing else");
    pkg_free(&p);
  }
  csp_buf_release(&out);
}

static void test_blocks(void)
{
  pkg p;
  if (!render_pkg("## Before\n\n# The Title\n\n# Second\n\n## Two\n\n"
                  "### Three\n\n#### Four\n\n> quoted\n\n"
                  "```\nline 1\n\tline 2\n```\n\n---\n",
                  &base_meta, &p, "blocks"))
    return;
  const char *doc = part(&p, "word/document.xml");
  const char *st = part(&p, "word/styles.xml");
  OK(count(doc, "<w:pStyle w:val=\"Title\"/>") == 1,
     "one Title: the first level-1 heading");
  OK(strstr(doc, "Title\"/></w:pPr><w:r><w:t>The Title") != NULL,
     "the Title is the first # heading, not the ## before it");
  OK(count(doc, "<w:pStyle w:val=\"Heading1\"/>") == 1, "later # is Heading1");
  OK(count(doc, "<w:pStyle w:val=\"Heading2\"/>") == 2, "## is Heading2");
  OK(count(doc, "<w:pStyle w:val=\"Heading3\"/>") == 2,
     "### and #### are Heading3");
  OK(has(st, "w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/>") &&
         has(st, "<w:outlineLvl w:val=\"0\"/>"),
     "Heading1 is Word's built-in heading 1, outline level 0");
  OK(has(doc, "<w:pStyle w:val=\"Quote\"/>"), "block quote is Quote");
  OK(has(doc, "<w:pStyle w:val=\"SourceCode\"/>") &&
         has(doc, "<w:t>line 1</w:t><w:br/><w:tab/><w:t>line 2</w:t>"),
     "code block keeps its lines and tab");
  OK(has(doc, "<w:pBdr><w:bottom "), "thematic break is a bordered paragraph");
  OK(has(doc, "<w:pgSz w:w=\"12240\" w:h=\"15840\"/>") &&
         has(doc, "w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" "
                  "w:left=\"1440\""),
     "Letter with 1-inch margins by default");
  pkg_free(&p);
}

static void test_meta(void)
{
  pkg p;
  csp_meta m = base_meta;
  m.paper = CSP_PAPER_A4;
  m.draft = 1;
  if (render_pkg("# Policy\n\nBody.\n", &m, &p, "meta")) {
    const char *doc = part(&p, "word/document.xml");
    const char *core = part(&p, "docProps/core.xml");
    const char *app = part(&p, "docProps/app.xml");
    const char *hdr = part(&p, "word/header1.xml");
    const char *ftr = part(&p, "word/footer1.xml");
    OK(has(doc, "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"), "A4 page size");
    OK(has(doc, "Policy</w:t></w:r></w:p><w:p><w:pPr><w:pStyle "
                "w:val=\"DraftMark\"/></w:pPr><w:r><w:t>DRAFT</w:t>"),
       "DRAFT right after the title");
    OK(has(hdr, "DRAFT"), "DRAFT in the header");
    OK(has(hdr, ">Child Advocacy Center of Oswego County<") &&
           has(hdr, ">CSEC Policy<"),
       "header: site name and title");
    OK(has(ftr, "Version 1.2") && has(ftr, " PAGE ") &&
           has(ftr, " NUMPAGES ") && has(ftr, ">Page </w:t>"),
       "footer: version and Page X of Y fields");
    OK(has(core, "<dcterms:created xsi:type=\"dcterms:W3CDTF\">"
                 "2024-07-01T00:00:00Z</dcterms:created>") &&
           has(core, "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">"
                     "2024-07-01T00:00:00Z</dcterms:modified>"),
       "core: W3CDTF dates from the effective date");
    OK(has(core, "<dc:title>CSEC Policy</dc:title>") &&
           has(core, "<dc:creator>Child Advocacy Center of Oswego "
                     "County</dc:creator>"),
       "core: title and creator");
    OK(has(app, "<Application>csecpol</Application>") &&
           has(app, "<Company>Child Advocacy Center of Oswego County"),
       "app: application and company");
    pkg_free(&p);
  }
  m = base_meta;
  m.effective_date = NULL;
  m.site_name = NULL;
  m.title = NULL;
  m.version = NULL;
  if (render_pkg("no title\n", &m, &p, "sparse meta")) {
    OK(!has(part(&p, "docProps/core.xml"), "dcterms:"),
       "no effective date: no dcterms dates (nothing from the clock)");
    OK(!has(part(&p, "word/document.xml"), "DraftMark"), "no draft: no mark");
    pkg_free(&p);
  }
  m.effective_date = "2024-13-45";
  if (render_pkg("x\n", &m, &p, "bad date")) {
    OK(!has(part(&p, "docProps/core.xml"), "dcterms:created"),
       "a malformed date is left out");
    pkg_free(&p);
  }
}

/* The styles come from templates/docx-styles.xml: written again without
 * its comments and layout, the right tabs at the paper's margin, naming
 * only fonts the font table has. */
static void test_styles(void)
{
  static const struct {
    csp_paper paper;
    const char *name, *pos;
  } papers[] = {{CSP_PAPER_LETTER, "Letter", "9360"},
                {CSP_PAPER_A4, "A4", "9026"}};
  for (size_t k = 0; k < sizeof papers / sizeof *papers; k++) {
    csp_meta m = base_meta;
    m.paper = papers[k].paper;
    pkg p;
    if (!render_pkg("# T\n", &m, &p, papers[k].name))
      continue;
    const char *st = part(&p, "word/styles.xml");
    char tab[64];
    snprintf(tab, sizeof tab, "<w:tab w:val=\"right\" w:pos=\"%s\"/>",
             papers[k].pos);
    OK(count(st, tab) == 2 && count(st, "<w:tab ") == 2,
       "%s: the header's and footer's right tabs at %s", papers[k].name,
       papers[k].pos);
    OK(!has(st, "<!--") && count(st, "\n") == 2 && !has(st, "> <"),
       "%s: no comment, no layout (a newline after the declaration and "
       "at the end)",
       papers[k].name);
    static const char start[] = "<?xml version=\"1.0\" encoding=\"UTF-8\" "
                                "standalone=\"yes\"?>\n<w:styles ";
    OK(strncmp(st, start, sizeof start - 1) == 0,
       "%s: the declaration, then w:styles", papers[k].name);
    const char *fonts = part(&p, "word/fontTable.xml");
    int nfonts = 0, known = 1;
    for (const char *s = st; (s = strstr(s, "w:ascii=\"")); s++) {
      char want[96];
      const char *v = s + strlen("w:ascii=\"");
      snprintf(want, sizeof want, "<w:font w:name=\"%.*s\">",
               (int)strcspn(v, "\""), v);
      known &= has(fonts, want);
      nfonts++;
    }
    OK(nfonts >= 3 && known,
       "%s: each of the %d fonts the styles name is in the font table",
       papers[k].name, nfonts);
    pkg_free(&p);
  }
}

/* Writes a zip holding name => text (or nothing when name is NULL) to a
 * temporary file; returns its path, which the caller unlinks and frees. */
static char *temp_zip(const char *name, const char *text)
{
  char *path = csp_xstrdup("/tmp/test_render_docx.XXXXXX");
  int fd = mkstemp(path);
  if (fd < 0)
    return path;
  close(fd);
  int err;
  zip_t *za = zip_open(path, ZIP_TRUNCATE, &err);
  if (name) {
    zip_source_t *s = zip_source_buffer(za, text, strlen(text), 0);
    zip_file_add(za, name, s, 0);
  } else {
    zip_source_t *s = zip_source_buffer(za, "x", 1, 0);
    zip_file_add(za, "word/document.xml", s, 0);
  }
  zip_close(za);
  return path;
}

/* Points m at the reference document path, its bytes read into bytes as
 * the load context reads them for render (none for a missing file). */
static void use_ref(csp_meta *m, const char *path, csp_buf *bytes)
{
  csp_buf_clear(bytes);
  if (csp_read_file(path, CSP_MAX_REFERENCE_DOC, bytes) < 0)
    csp_buf_clear(bytes);
  m->reference_doc = path;
  m->reference_data = bytes->data;
  m->reference_len = bytes->len;
}

static void test_reference_doc(void)
{
  csp_buf b, diag;
  csp_buf_init(&b);
  csp_buf_init(&diag);
  csp_meta m = base_meta;
  FILE *f;
  csp_buf refbytes;
  csp_buf_init(&refbytes);

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
  struct {
    const char *what;
    char *path;
    const char *says; /* in the message */
  } bad[9];
  bad[0].what = "a missing file";
  bad[0].path = csp_xstrdup("/nonexistent/ref.docx");
  bad[0].says = "";
  bad[1].what = "a file that is not a zip";
  bad[1].path = csp_xstrdup("/tmp/test_render_docx.XXXXXX");
  bad[1].says = "not a zip";
  int fd = mkstemp(bad[1].path);
  if (fd >= 0) {
    if (write(fd, "not a zip\n", 10) != 10)
      perror("write");
    close(fd);
  }
  bad[2].what = "a zip without word/styles.xml";
  bad[2].path = temp_zip(NULL, NULL);
  bad[2].says = "no word/styles.xml";
  bad[3].what = "a styles.xml that is not XML";
  bad[3].path = temp_zip("word/styles.xml", "<w:styles");
  bad[3].says = "word/styles.xml:1:";
  bad[4].what = "a styles.xml whose root is not w:styles";
  bad[4].path = temp_zip("word/styles.xml",
                         "<w:numbering xmlns:w=\"" W_NS "\"/>");
  bad[4].says = "root element is not w:styles";
  bad[5].what = "a styles.xml with a DOCTYPE (entities)";
  bad[5].path = temp_zip("word/styles.xml",
                         "<!DOCTYPE w:styles [<!ENTITY a \"aaaaaaaa\">]>"
                         "<w:styles xmlns:w=\"" W_NS "\">&a;</w:styles>");
  bad[5].says = "DOCTYPE";
  bad[6].what = "a styles.xml with an entity never declared";
  bad[6].path = temp_zip("word/styles.xml",
                         "<w:styles xmlns:w=\"" W_NS "\">&a;</w:styles>");
  bad[6].says = "not well-formed XML";
  bad[7].what = "a styles.xml with w:styles in no namespace";
  bad[7].path = temp_zip("word/styles.xml", "<w:styles xmlns:w=\"urn:x\"/>");
  bad[7].says = "root element is not w:styles";
  bad[8].what = "a styles.xml with an error on line 2";
  bad[8].path = temp_zip("word/styles.xml",
                         "<w:styles xmlns:w=\"" W_NS "\">\n  <w:style></x>"
                         "</w:styles>");
  bad[8].says = "word/styles.xml:2:";
  for (int i = 0; i < 9; i++) {
    use_ref(&m, bad[i].path, &refbytes);
    int before = csp_diag_count(dg, CSP_ERROR);
    OK(render("# T\n", &m, &b) == -1, "reference-doc, %s: -1", bad[i].what);
    OK(csp_diag_count(dg, CSP_ERROR) == before + 1, "... and one error");
    f = tmpfile();
    csp_diag_flush(dg, f, CSP_FORMAT_TEXT);
    rewind(f);
    char line[512] = "";
    if (!fgets(line, sizeof line, f))
      line[0] = '\0';
    line[strcspn(line, "\n")] = '\0';
    fclose(f);
    OK(has(line, bad[i].path) && has(line, "[reference-doc]") &&
           has(line, bad[i].says),
       "... naming the file, the rule and \"%s\": %s", bad[i].says, line);
    if (i > 0)
      unlink(bad[i].path);
    free(bad[i].path);
  }

  /* Shapes of a good styles part: ours are added with their namespace
   * wherever the prefix w is not bound, and an empty root gets them. */
  static const struct {
    const char *what, *xml;
  } shapes[] = {
      {"the namespace as the default, no prefix",
       "<styles xmlns=\"" W_NS "\"><style type=\"paragraph\" "
       "styleId=\"Normal\" default=\"1\"><name val=\"Normal\"/></style>"
       "</styles>"},
      {"another prefix", "<x:styles xmlns:x=\"" W_NS "\"><x:style "
                         "x:styleId=\"Normal\" x:type=\"paragraph\"/>"
                         "</x:styles>"},
      {"an empty root", "<w:styles xmlns:w=\"" W_NS "\" />"},
      {"an empty root, another prefix", "<q:styles xmlns:q=\"" W_NS "\"/>"},
      {"a comment and a CDATA section at the end",
       "<w:styles xmlns:w=\"" W_NS "\"><![CDATA[</w:styles>]]></w:styles>"
       "<!-- </w:styles> -->"},
      {"in ISO-8859-1, written again in UTF-8",
       "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><w:styles "
       "xmlns:w=\"" W_NS "\"><w:style w:styleId=\"Caf\xe9\"/></w:styles>"},
  };
  for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++) {
    char *ref = temp_zip("word/styles.xml", shapes[i].xml);
    int latin1 = strstr(shapes[i].xml, "ISO-8859-1") != NULL;
    use_ref(&m, ref, &refbytes);
    pkg p;
    if (OK(render("# T\n\n- a\n", &m, &b) == 0 && unzip(&b, &p) == 0,
           "reference-doc, %s: renders", shapes[i].what)) {
      const char *st = part(&p, "word/styles.xml");
      OK(well_formed(st) && has(st, "styleId=\"Title\"") &&
             has(st, "styleId=\"ListParagraph\""),
         "... our styles are added and the part is well-formed");
      OK(count(st, "w:styleId=\"Normal\"") + count(st, "styleId=\"Normal\"") >=
             1,
         "... one Normal");
      /* libxml2 writes the part again: in UTF-8, the reference's root
       * (its prefix, its namespace declarations) kept */
      const char *r0 = shapes[i].xml;
      while (r0 && (r0[1] == '?' || r0[1] == '!'))
        r0 = strchr(r0 + 1, '<');
      char root[64];
      snprintf(root, sizeof root, "%.*s", (int)strcspn(r0, " />"), r0);
      OK(strncmp(st, "<?xml version=\"1.0\" encoding=\"UTF-8\"", 36) == 0 &&
             has(st, root),
         "... in UTF-8, the reference's root %s kept", root);
      if (latin1)
        OK(has(st, "styleId=\"Caf\xc3\xa9\""), "... its text in UTF-8");
      pkg_free(&p);
    }
    unlink(ref);
    free(ref);
  }

  char *good = temp_zip(
      "word/styles.xml",
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/"
      "wordprocessingml/2006/main\">"
      "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
      "<w:name w:val=\"Normal\"/><w:rPr><w:sz w:val=\"30\"/></w:rPr>"
      "</w:style>"
      "<w:style w:type=\"paragraph\" w:styleId=\"RefOnly\">"
      "<w:name w:val=\"Ref Only\"/></w:style></w:styles>");
  use_ref(&m, good, &refbytes);
  pkg p;
  if (OK(render("# T\n\n- a\n", &m, &b) == 0 && unzip(&b, &p) == 0,
         "a good reference doc renders")) {
    const char *st = part(&p, "word/styles.xml");
    OK(has(st, "w:styleId=\"RefOnly\""), "its styles are used");
    OK(has(st, "<w:sz w:val=\"30\"/>") && count(st, "w:styleId=\"Normal\"") == 1,
       "its Normal wins over ours");
    OK(has(st, "w:styleId=\"Title\"") && has(st, "w:styleId=\"ListParagraph\""),
       "styles it lacks are added from ours");
    OK(count(st, "w:default=\"1\"") == 1, "one default paragraph style");
    OK(well_formed(st), "the merged styles are well-formed");
    pkg_free(&p);
  }
  unlink(good);
  free(good);
  csp_buf_release(&refbytes);
  csp_buf_release(&b);
  csp_buf_release(&diag);
}

int main(void)
{
  dg = csp_diags_new();
  base_meta.diags = dg;
  test_xw();
  test_parts();
  test_determinism();
  test_lists();
  test_links();
  test_text();
  test_signer();
  test_blocks();
  test_meta();
  test_styles();
  test_reference_doc();
  csp_diag_release(dg);
  xmlCleanupParser();
  csp_diags_free(dg);
  return tap_done();
}
