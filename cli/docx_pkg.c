/* docx_pkg.c: the assembly of a DOCX package.
 *
 * Owns: the parts around the body (content types, relationships,
 * numbering, settings, font table, header, footer, core and app
 * properties, the body's w:sectPr and the page geometry), each written
 * with csp_xw (xmlw.c, libxml2's text writer); the zip container,
 * written in memory by libzip; and the csp_docx_cache (render.h) of the
 * parts every document of a run shares.  Child elements of w:pPr, w:rPr
 * and w:sectPr follow the order of the ISO/IEC 29500 schema;
 * tests/suite/docx.sh validates every part.
 *
 * The package is a function of its input alone: entries in a fixed
 * order with a fixed date, and no clock or environment in any part.
 * What is the same for every document of a run is made and compressed
 * once, and kept in the caller's csp_docx_cache (meta->docx_cache). */
#include "docx_pkg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zip.h>

#include "diag.h"
#include "docx_ref.h"
#include "docx_styles.h"
#include "value.h"

int csp_docx_is_date(const char *s)
{
  /* the one date rule: a --draft's 2026-02-31 is no date for Word */
  return s && csp_date_ok(s);
}

/* ---- page setup ---------------------------------------------------- */

/* One inch in twips: every margin. */
#define S_MARGIN 1440

void csp_docx_page(csp_paper paper, long *width, long *height,
                   long *text_width)
{
  if (paper == CSP_PAPER_A4) {
    *width = 11906;
    *height = 16838;
  } else {
    *width = 12240;
    *height = 15840;
  }
  *text_width = *width - 2 * S_MARGIN;
}

void csp_docx_sect_pr(csp_xw *x, const csp_meta *meta)
{
  long w, h, tw;
  csp_docx_page(meta->paper, &w, &h, &tw);
  static const char *const refs[][2] = {
      {"w:headerReference", CSP_DOCX_RID_HEADER},
      {"w:footerReference", CSP_DOCX_RID_FOOTER}};
  csp_xw_start(x, "w:sectPr");
  for (size_t i = 0; i < sizeof refs / sizeof *refs; i++) {
    csp_xw_start(x, refs[i][0]);
    csp_xw_attr(x, "w:type", "default");
    csp_xw_attr(x, "r:id", refs[i][1]);
    csp_xw_end(x);
  }
  csp_xw_start(x, "w:pgSz");
  csp_xw_attr_int(x, "w:w", w);
  csp_xw_attr_int(x, "w:h", h);
  csp_xw_end(x);
  csp_xw_start(x, "w:pgMar");
  csp_xw_attr_int(x, "w:top", S_MARGIN);
  csp_xw_attr_int(x, "w:right", S_MARGIN);
  csp_xw_attr_int(x, "w:bottom", S_MARGIN);
  csp_xw_attr_int(x, "w:left", S_MARGIN);
  csp_xw_attr_int(x, "w:header", 720);
  csp_xw_attr_int(x, "w:footer", 720);
  csp_xw_attr_int(x, "w:gutter", 0);
  csp_xw_end(x);
  csp_xw_start(x, "w:cols");
  csp_xw_attr_int(x, "w:space", 720);
  csp_xw_end(x);
  csp_xw_start(x, "w:docGrid");
  csp_xw_attr_int(x, "w:linePitch", 360);
  csp_xw_end(x);
  csp_xw_end(x);
}

/* ---- package-level parts ------------------------------------------- */

#define S_NS_CT "http://schemas.openxmlformats.org/package/2006/content-types"
#define S_NS_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define S_RT "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define S_CT_WML "application/vnd.openxmlformats-officedocument.wordprocessingml."

/* The parts in the order they are zipped; [Content_Types].xml first. */
enum {
  S_PART_CT,
  S_PART_RELS,
  S_PART_DOCUMENT,
  S_PART_DOC_RELS,
  S_PART_STYLES,
  S_PART_NUMBERING,
  S_PART_SETTINGS,
  S_PART_FONTS,
  S_PART_HEADER,
  S_PART_FOOTER,
  S_PART_CORE,
  S_PART_APP,
  S_NPARTS
};

static const char *const S_part_names[S_NPARTS] = {
    "[Content_Types].xml", "_rels/.rels",          "word/document.xml",
    "word/_rels/document.xml.rels", "word/styles.xml", "word/numbering.xml",
    "word/settings.xml",   "word/fontTable.xml",   "word/header1.xml",
    "word/footer1.xml",    "docProps/core.xml",    "docProps/app.xml"};

/* What each part is: its content type ([Content_Types].xml's
 * Override; NULL for the relationships, which the Default for .rels
 * covers, and for [Content_Types].xml itself); and, for a part written
 * here, its root element and that element's namespace declarations
 * (name and URI; the first NULL name ends them).  The body's part and
 * the styles are written elsewhere (render_docx.c, docx_styles.c). */
typedef struct S_part {
  const char *type;
  const char *root;
  const char *ns[5][2];
} S_part;

#define S_NS_WML {{"xmlns:w", CSP_NS_W}, {"xmlns:r", CSP_NS_R}}

static const S_part S_parts[S_NPARTS] = {
    [S_PART_CT] = {NULL, "Types", {{"xmlns", S_NS_CT}}},
    [S_PART_RELS] = {NULL, "Relationships", {{"xmlns", S_NS_REL}}},
    [S_PART_DOCUMENT] = {S_CT_WML "document.main+xml", NULL, {{NULL}}},
    [S_PART_DOC_RELS] = {NULL, "Relationships", {{"xmlns", S_NS_REL}}},
    [S_PART_STYLES] = {S_CT_WML "styles+xml", NULL, {{NULL}}},
    [S_PART_NUMBERING] = {S_CT_WML "numbering+xml", "w:numbering",
                          S_NS_WML},
    [S_PART_SETTINGS] = {S_CT_WML "settings+xml", "w:settings", S_NS_WML},
    [S_PART_FONTS] = {S_CT_WML "fontTable+xml", "w:fonts", S_NS_WML},
    [S_PART_HEADER] = {S_CT_WML "header+xml", "w:hdr", S_NS_WML},
    [S_PART_FOOTER] = {S_CT_WML "footer+xml", "w:ftr", S_NS_WML},
    [S_PART_CORE] = {"application/vnd.openxmlformats-package."
                     "core-properties+xml",
                     "cp:coreProperties",
                     {{"xmlns:cp", "http://schemas.openxmlformats.org/"
                                   "package/2006/metadata/core-properties"},
                      {"xmlns:dc", "http://purl.org/dc/elements/1.1/"},
                      {"xmlns:dcterms", "http://purl.org/dc/terms/"},
                      {"xmlns:dcmitype", "http://purl.org/dc/dcmitype/"},
                      {"xmlns:xsi",
                       "http://www.w3.org/2001/XMLSchema-instance"}}},
    [S_PART_APP] = {"application/vnd.openxmlformats-officedocument."
                    "extended-properties+xml",
                    "Properties",
                    {{"xmlns", "http://schemas.openxmlformats.org/"
                               "officeDocument/2006/extended-properties"},
                     {"xmlns:vt", "http://schemas.openxmlformats.org/"
                                  "officeDocument/2006/docPropsVTypes"}}},
};

#undef S_NS_WML

/* Starts writing part into x: its root element, with its namespaces.
 * Pair with S_part_finish. */
static void S_part_start(csp_xw *x, int part)
{
  const S_part *p = &S_parts[part];
  csp_xw_init(x);
  csp_xw_start(x, p->root);
  for (size_t i = 0; i < sizeof p->ns / sizeof *p->ns && p->ns[i][0]; i++)
    csp_xw_attr(x, p->ns[i][0], p->ns[i][1]);
}

/* Ends the root element and the part, as csp_xw_finish. */
static int S_part_finish(csp_xw *x, csp_buf *out)
{
  csp_xw_end(x);
  return csp_xw_finish(x, out);
}

static int S_content_types(csp_buf *out)
{
  csp_xw x;
  S_part_start(&x, S_PART_CT);
  csp_xw_start(&x, "Default");
  csp_xw_attr(&x, "Extension", "rels");
  csp_xw_attr(&x, "ContentType",
              "application/vnd.openxmlformats-package.relationships+xml");
  csp_xw_end(&x);
  csp_xw_start(&x, "Default");
  csp_xw_attr(&x, "Extension", "xml");
  csp_xw_attr(&x, "ContentType", "application/xml");
  csp_xw_end(&x);
  for (int i = 0; i < S_NPARTS; i++) {
    if (!S_parts[i].type)
      continue;
    char name[64];
    snprintf(name, sizeof name, "/%s", S_part_names[i]);
    csp_xw_start(&x, "Override");
    csp_xw_attr(&x, "PartName", name);
    csp_xw_attr(&x, "ContentType", S_parts[i].type);
    csp_xw_end(&x);
  }
  return S_part_finish(&x, out);
}

static void S_rel(csp_xw *x, const char *id, const char *type,
                  const char *target, int external)
{
  csp_xw_start(x, "Relationship");
  csp_xw_attr(x, "Id", id);
  csp_xw_attr(x, "Type", type);
  csp_xw_attr(x, "Target", target);
  if (external)
    csp_xw_attr(x, "TargetMode", "External");
  csp_xw_end(x);
}

static int S_root_rels(csp_buf *out)
{
  csp_xw x;
  S_part_start(&x, S_PART_RELS);
  S_rel(&x, "rId1", S_RT "officeDocument", "word/document.xml", 0);
  S_rel(&x, "rId2",
        "http://schemas.openxmlformats.org/package/2006/relationships/"
        "metadata/core-properties",
        "docProps/core.xml", 0);
  S_rel(&x, "rId3", S_RT "extended-properties", "docProps/app.xml", 0);
  return S_part_finish(&x, out);
}

static int S_doc_rels(const csp_docx_body *body, csp_buf *out)
{
  csp_xw x;
  S_part_start(&x, S_PART_DOC_RELS);
  S_rel(&x, CSP_DOCX_RID_STYLES, S_RT "styles", "styles.xml", 0);
  S_rel(&x, CSP_DOCX_RID_NUMBERING, S_RT "numbering", "numbering.xml", 0);
  S_rel(&x, CSP_DOCX_RID_SETTINGS, S_RT "settings", "settings.xml", 0);
  S_rel(&x, CSP_DOCX_RID_FONTS, S_RT "fontTable", "fontTable.xml", 0);
  S_rel(&x, CSP_DOCX_RID_HEADER, S_RT "header", "header1.xml", 0);
  S_rel(&x, CSP_DOCX_RID_FOOTER, S_RT "footer", "footer1.xml", 0);
  for (size_t i = 0; i < body->nlinks; i++) {
    char id[32];
    snprintf(id, sizeof id, "rId%zu", CSP_DOCX_RID_LINK0 + i);
    S_rel(&x, id, S_RT "hyperlink", body->links[i], 1);
  }
  return S_part_finish(&x, out);
}

/* docProps/core.xml.  Dates come from the effective date alone, never
 * the clock, so that the same site file gives the same bytes. */
static int S_core(const csp_meta *meta, csp_buf *out)
{
  csp_xw x;
  S_part_start(&x, S_PART_CORE);
  if (meta->title)
    csp_xw_elem_text(&x, "dc:title", meta->title);
  if (meta->subject)
    csp_xw_elem_text(&x, "dc:subject", meta->subject);
  if (meta->site_name)
    csp_xw_elem_text(&x, "dc:creator", meta->site_name);
  csp_buf kw;
  csp_buf_init(&kw);
  csp_buf_puts(&kw, "CSEC; policy");
  if (meta->state)
    csp_buf_printf(&kw, "; %s", meta->state);
  if (meta->draft)
    csp_buf_puts(&kw, "; DRAFT");
  csp_xw_elem_text(&x, "cp:keywords", kw.data);
  csp_buf_release(&kw);
  if (meta->version)
    csp_xw_elem_text(&x, "cp:version", meta->version);
  if (csp_docx_is_date(meta->effective_date)) {
    char when[32];
    snprintf(when, sizeof when, "%sT00:00:00Z", meta->effective_date);
    static const char *const stamps[] = {"dcterms:created",
                                         "dcterms:modified"};
    for (size_t i = 0; i < sizeof stamps / sizeof *stamps; i++) {
      csp_xw_start(&x, stamps[i]);
      csp_xw_attr(&x, "xsi:type", "dcterms:W3CDTF");
      csp_xw_text(&x, when, strlen(when));
      csp_xw_end(&x);
    }
  }
  return S_part_finish(&x, out);
}

static int S_app(const csp_meta *meta, csp_buf *out)
{
  csp_xw x;
  S_part_start(&x, S_PART_APP);
  csp_xw_elem_text(&x, "Application", "csecpol");
  csp_xw_elem_text(&x, "DocSecurity", "0");
  if (meta->site_name)
    csp_xw_elem_text(&x, "Company", meta->site_name);
  return S_part_finish(&x, out);
}

/* ---- word/ parts --------------------------------------------------- */

static int S_settings(csp_buf *out)
{
  csp_xw x;
  S_part_start(&x, S_PART_SETTINGS);
  csp_xw_start(&x, "w:zoom");
  csp_xw_attr_int(&x, "w:percent", 100);
  csp_xw_end(&x);
  csp_xw_val_int(&x, "w:defaultTabStop", 720);
  csp_xw_val(&x, "w:characterSpacingControl", "doNotCompress");
  csp_xw_start(&x, "w:compat");
  csp_xw_start(&x, "w:compatSetting");
  csp_xw_attr(&x, "w:name", "compatibilityMode");
  csp_xw_attr(&x, "w:uri", "http://schemas.microsoft.com/office/word");
  csp_xw_attr(&x, "w:val", "15");
  csp_xw_end(&x);
  csp_xw_end(&x);
  return S_part_finish(&x, out);
}

/* The house fonts, which templates/docx-styles.xml names: a serif body,
 * a sans for headings and the running header, a monospace for code.
 * The family lets a reader without the font pick a like one. */
#define S_BODY_FONT "Cambria"
#define S_HEAD_FONT "Calibri"
#define S_MONO_FONT "Consolas"

static int S_fonts(csp_buf *out)
{
  /* name, panose, family, pitch */
  static const char *const fonts[][4] = {
      {S_BODY_FONT, "02040503050406030204", "roman", "variable"},
      {S_HEAD_FONT, "020F0502020204030204", "swiss", "variable"},
      {S_MONO_FONT, "020B0609020204030204", "modern", "fixed"}};
  csp_xw x;
  S_part_start(&x, S_PART_FONTS);
  for (size_t i = 0; i < sizeof fonts / sizeof *fonts; i++) {
    csp_xw_start(&x, "w:font");
    csp_xw_attr(&x, "w:name", fonts[i][0]);
    csp_xw_val(&x, "w:panose1", fonts[i][1]);
    csp_xw_val(&x, "w:charset", "00");
    csp_xw_val(&x, "w:family", fonts[i][2]);
    csp_xw_val(&x, "w:pitch", fonts[i][3]);
    csp_xw_end(&x);
  }
  return S_part_finish(&x, out);
}

/* numbering.xml: one abstract definition for bullets, one for "1."
 * numbers and one for "1)" numbers, then a w:num per list (every w:abstractNum must precede every
 * w:num).  An ordered list restarts through a startOverride. */
static const char *const S_bullets[3] = {"\xE2\x80\xA2",  /* U+2022 */
                                         "\xE2\x97\xA6",  /* U+25E6 */
                                         "\xE2\x96\xAA"}; /* U+25AA */
static const char *const S_numfmts[3] = {"decimal", "lowerLetter",
                                         "lowerRoman"};

static void S_abstract_num(csp_xw *x, int id)
{
  static const char *const nsids[3] = {"5C3A0E20", "5C3A0E21", "5C3A0E22"};
  int ordered = id > 0;
  csp_xw_start(x, "w:abstractNum");
  csp_xw_attr_int(x, "w:abstractNumId", id);
  csp_xw_val(x, "w:nsid", nsids[id]);
  csp_xw_val(x, "w:multiLevelType", "hybridMultilevel");
  for (int l = 0; l <= CSP_DOCX_MAX_ILVL; l++) {
    char text[8];
    csp_xw_start(x, "w:lvl");
    csp_xw_attr_int(x, "w:ilvl", l);
    csp_xw_val_int(x, "w:start", 1);
    csp_xw_val(x, "w:numFmt", ordered ? S_numfmts[l % 3] : "bullet");
    if (ordered)
      snprintf(text, sizeof text, "%%%d%c", l + 1, id == 2 ? ')' : '.');
    csp_xw_val(x, "w:lvlText", ordered ? text : S_bullets[l % 3]);
    csp_xw_val(x, "w:lvlJc", "left");
    csp_xw_start(x, "w:pPr");
    csp_xw_start(x, "w:ind");
    csp_xw_attr_int(x, "w:left", 720L * (l + 1));
    csp_xw_attr_int(x, "w:hanging", 360);
    csp_xw_end(x);
    csp_xw_end(x);
    csp_xw_end(x);
  }
  csp_xw_end(x);
}

static int S_numbering(const csp_docx_body *body, csp_buf *out)
{
  csp_xw x;
  S_part_start(&x, S_PART_NUMBERING);
  for (int id = 0; id < 3; id++)
    S_abstract_num(&x, id);
  for (size_t i = 0; i < body->nlists; i++) {
    const csp_docx_list *l = &body->lists[i];
    csp_xw_start(&x, "w:num");
    csp_xw_attr_int(&x, "w:numId", (long)i + 1);
    csp_xw_val_int(&x, "w:abstractNumId", !l->ordered ? 0 : l->paren ? 2 : 1);
    if (l->ordered) {
      csp_xw_start(&x, "w:lvlOverride");
      csp_xw_attr_int(&x, "w:ilvl", l->ilvl);
      csp_xw_val_int(&x, "w:startOverride", l->start);
      csp_xw_end(&x);
    }
    csp_xw_end(&x);
  }
  return S_part_finish(&x, out);
}

/* ---- header and footer --------------------------------------------- */

static void S_border(csp_xw *x, const char *side, int size, int space,
                     const char *color)
{
  csp_xw_start(x, side);
  csp_xw_attr(x, "w:val", "single");
  csp_xw_attr_int(x, "w:sz", size);
  csp_xw_attr_int(x, "w:space", space);
  csp_xw_attr(x, "w:color", color);
  csp_xw_end(x);
}

static void S_flag(csp_xw *x, const char *name)
{
  csp_xw_start(x, name);
  csp_xw_end(x);
}

static void S_run_text(csp_xw *x, const char *s)
{
  size_t n = strlen(s);
  if (!n)
    return;
  csp_xw_start(x, "w:r");
  csp_xw_start(x, "w:t");
  if (s[0] == ' ' || s[n - 1] == ' ')
    csp_xw_attr(x, "xml:space", "preserve");
  csp_xw_text(x, s, n);
  csp_xw_end(x);
  csp_xw_end(x);
}

static void S_run_tab(csp_xw *x)
{
  csp_xw_start(x, "w:r");
  S_flag(x, "w:tab");
  csp_xw_end(x);
}

static void S_fld_char(csp_xw *x, const char *type)
{
  csp_xw_start(x, "w:r");
  csp_xw_start(x, "w:fldChar");
  csp_xw_attr(x, "w:fldCharType", type);
  csp_xw_end(x);
  csp_xw_end(x);
}

/* A complex field (PAGE, NUMPAGES) with a placeholder result. */
static void S_field(csp_xw *x, const char *instr)
{
  S_fld_char(x, "begin");
  csp_xw_start(x, "w:r");
  csp_xw_start(x, "w:instrText");
  csp_xw_attr(x, "xml:space", "preserve");
  csp_xw_text(x, instr, strlen(instr));
  csp_xw_end(x);
  csp_xw_end(x);
  S_fld_char(x, "separate");
  S_run_text(x, "1");
  S_fld_char(x, "end");
}

/* Starts a paragraph of the header or footer in style, with the grey
 * rule below it (border_side > 0) or above it (< 0); its w:pPr is left
 * open for the caller to add to and end. */
static void S_running_para(csp_xw *x, const char *style, int border_side)
{
  csp_xw_start(x, "w:p");
  csp_xw_start(x, "w:pPr");
  csp_xw_val(x, "w:pStyle", style);
  if (border_side) {
    csp_xw_start(x, "w:pBdr");
    S_border(x, border_side > 0 ? "w:bottom" : "w:top", 4, 4, "A6A6A6");
    csp_xw_end(x);
  }
}

/* The characters of s (UTF-8). */
static size_t S_chars(const char *s)
{
  size_t n = 0, len = strlen(s);
  for (size_t i = 0; i < len; n++) {
    unsigned cp;
    size_t k = csp_utf8_decode(s + i, len - i, &cp);
    i += k ? k : 1;
  }
  return n;
}

/* <name w:w="width" w:type="dxa"/>: a width in twips. */
static void S_width(csp_xw *x, const char *name, long width)
{
  csp_xw_start(x, name);
  csp_xw_attr_int(x, "w:w", width);
  csp_xw_attr(x, "w:type", "dxa");
  csp_xw_end(x);
}

/* One cell of the header's table: text in the Header style, aligned;
 * no margin on the page's side, half the gap between the columns on
 * the other. */
static void S_header_cell(csp_xw *x, long width, const char *jc,
                          const char *text)
{
  csp_xw_start(x, "w:tc");
  csp_xw_start(x, "w:tcPr");
  S_width(x, "w:tcW", width);
  csp_xw_start(x, "w:tcMar");
  S_width(x, "w:left", jc ? 120 : 0);
  S_width(x, "w:right", jc ? 0 : 120);
  csp_xw_end(x); /* w:tcMar */
  csp_xw_end(x); /* w:tcPr */
  csp_xw_start(x, "w:p");
  csp_xw_start(x, "w:pPr");
  csp_xw_val(x, "w:pStyle", "Header");
  if (jc)
    csp_xw_val(x, "w:jc", jc);
  csp_xw_end(x);
  S_run_text(x, text);
  csp_xw_end(x);
  csp_xw_end(x);
}

/* The width of the header's right column (the title's), of tw: when
 * both texts fit on the line, the title's column is as wide as the
 * title; else the two share the width as the texts' lengths do (from a
 * third to two thirds each). */
static long S_header_right(const char *name, const char *title, long tw)
{
  /* a text's width, at about 95 twips a character of the 9-point sans
   * (or of the wider font a reader without it puts in its place), and
   * its half of the gap between the columns */
  long nneed = (long)S_chars(name) * 95 + 120;
  long tneed = (long)S_chars(title) * 95 + 120;
  long right = nneed + tneed <= tw ? tneed : tw * tneed / (nneed + tneed);
  return right < tw / 3 ? tw / 3 : right > tw * 2 / 3 ? tw * 2 / 3 : right;
}

/* The header's borderless table of two columns, left and tw - left
 * wide: name in the left one, title in the right one. */
static void S_header_table(csp_xw *x, long tw, long left, const char *name,
                           const char *title)
{
  static const char *const sides[] = {"w:top", "w:left", "w:bottom",
                                      "w:right", "w:insideH", "w:insideV"};
  csp_xw_start(x, "w:tbl");
  csp_xw_start(x, "w:tblPr");
  S_width(x, "w:tblW", tw);
  csp_xw_start(x, "w:tblBorders");
  for (size_t i = 0; i < sizeof sides / sizeof *sides; i++)
    csp_xw_val(x, sides[i], "nil");
  csp_xw_end(x);
  csp_xw_start(x, "w:tblLayout");
  csp_xw_attr(x, "w:type", "fixed");
  csp_xw_end(x);
  csp_xw_end(x); /* w:tblPr */
  csp_xw_start(x, "w:tblGrid");
  csp_xw_start(x, "w:gridCol");
  csp_xw_attr_int(x, "w:w", left);
  csp_xw_end(x);
  csp_xw_start(x, "w:gridCol");
  csp_xw_attr_int(x, "w:w", tw - left);
  csp_xw_end(x);
  csp_xw_end(x);
  csp_xw_start(x, "w:tr");
  S_header_cell(x, left, NULL, name);
  S_header_cell(x, tw - left, "right", title);
  csp_xw_end(x); /* w:tr */
  csp_xw_end(x); /* w:tbl */
}

/* Header: site name on the left, policy title on the right, each in a
 * cell of a borderless table (S_header_table), so that a long name
 * wraps in its own column instead of running into the title.  Then
 * the rule, on a paragraph of its own, where a draft says so in red. */
static int S_header(const csp_meta *meta, csp_buf *out)
{
  const char *name = meta->site_name ? meta->site_name : "";
  const char *title = meta->title ? meta->title : "";
  long w, h, tw;
  csp_docx_page(meta->paper, &w, &h, &tw);
  long left = tw - S_header_right(name, title, tw);

  csp_xw x;
  S_part_start(&x, S_PART_HEADER);
  S_header_table(&x, tw, left, name, title);
  S_running_para(&x, "Header", 1);
  if (meta->draft) {
    csp_xw_val(&x, "w:jc", "right");
  } else {
    /* only the rule: the empty line is a point high */
    csp_xw_start(&x, "w:rPr");
    csp_xw_val_int(&x, "w:sz", 2);
    csp_xw_val_int(&x, "w:szCs", 2);
    csp_xw_end(&x);
  }
  csp_xw_end(&x); /* w:pPr */
  if (meta->draft) {
    csp_xw_start(&x, "w:r");
    csp_xw_start(&x, "w:rPr");
    S_flag(&x, "w:b");
    csp_xw_val(&x, "w:color", "C00000");
    csp_xw_end(&x);
    csp_xw_elem_text(&x, "w:t", "DRAFT \xE2\x80\x94 not approved");
    csp_xw_end(&x);
  }
  csp_xw_end(&x); /* w:p */
  return S_part_finish(&x, out);
}

/* Footer: version and effective date on the left, "Page X of Y" on the
 * right. */
static int S_footer(const csp_meta *meta, csp_buf *out)
{
  csp_xw x;
  S_part_start(&x, S_PART_FOOTER);
  S_running_para(&x, "Footer", -1);
  csp_xw_end(&x); /* w:pPr */
  csp_buf left;
  csp_buf_init(&left);
  if (meta->version)
    csp_buf_printf(&left, "Version %s", meta->version);
  if (meta->effective_date) {
    csp_buf_printf(&left, "%sEffective ", left.len ? " \xC2\xB7 " : "");
    if (csp_date_ok(meta->effective_date)) /* as people read it */
      csp_date_long(meta->effective_date, &left);
    else
      csp_buf_puts(&left, meta->effective_date);
  }
  if (meta->draft)
    csp_buf_printf(&left, "%sDRAFT", left.len ? " \xC2\xB7 " : "");
  S_run_text(&x, left.data);
  csp_buf_release(&left);
  S_run_tab(&x);
  S_run_text(&x, "Page ");
  S_field(&x, " PAGE ");
  S_run_text(&x, " of ");
  S_field(&x, " NUMPAGES ");
  csp_xw_end(&x);
  return S_part_finish(&x, out);
}

/* ---- the container ------------------------------------------------- */

/* Every entry's date and time: 1980-01-01 00:00:00, the earliest a zip
 * can say, and no clock.  libzip takes it as a time_t and writes it in
 * local time, MS-DOS fields, so the time_t is that of the same local
 * time: the fields are the same whatever the time zone.  (It is made
 * once a run: mktime reads the time zone file at every call.) */
static time_t S_mtime(void)
{
  static time_t t = (time_t)-1;
  if (t == (time_t)-1) {
    struct tm tm = {.tm_year = 80, .tm_mon = 0, .tm_mday = 1, .tm_isdst = -1};
    t = mktime(&tm);
  }
  return t;
}

/* Every entry is a regular file, rw-r--r-- (Unix mode bits, as the
 * high half of the external attributes). */
#define S_MODE ((zip_uint32_t)0100644 << 16)

/* Deflate levels: a document's own parts at 3, the highest of zlib's
 * fast strategy (on the benchmark's sites, 10% fewer instructions a
 * document than zlib's default, 6, for 4% more bytes); the kept parts,
 * compressed once a run, at its best. */
#define S_LEVEL_OWN 3
#define S_LEVEL_KEPT 9

/* The parts that are the same in every document of a run. */
static int S_is_kept(int part)
{
  return part == S_PART_CT || part == S_PART_RELS || part == S_PART_STYLES ||
         part == S_PART_SETTINGS || part == S_PART_FONTS;
}

/* A batch renders many documents with the same options: the parts that
 * depend on nothing of the site are written once, the reference
 * document is read and merged once, and they are compressed once, into
 * an archive of their own kept open for the run; each package copies
 * their entries out of it as they are, compressed (libzip's
 * zip_source_zip with start 0 and length -1). */
struct csp_docx_cache {
  int have;
  csp_paper paper;             /* the styles in it are for this paper */
  char *ref;                   /* ... and this reference document, or NULL */
  csp_buf bytes;               /* the archive of the kept parts */
  zip_t *za;                   /* ... opened read-only over bytes */
  zip_int64_t index[S_NPARTS]; /* each kept part's entry in za */
};

/* Empties k: it keeps nothing, as csp_docx_cache_new made it. */
static void S_cache_clear(csp_docx_cache *k)
{
  if (k->za)
    zip_discard(k->za); /* read-only: nothing to write */
  csp_buf_release(&k->bytes);
  free(k->ref);
  memset(k, 0, sizeof *k);
}

csp_docx_cache *csp_docx_cache_new(void)
{
  return csp_xcalloc(1, sizeof(csp_docx_cache));
}

void csp_docx_cache_free(csp_docx_cache *k)
{
  if (!k)
    return;
  S_cache_clear(k);
  free(k);
}

/* One part to zip: its bytes (borrowed until the archive is closed), or
 * the entry of the kept archive it is copied from. */
typedef struct S_entry {
  const char *name;
  const char *data;
  size_t len;
  zip_int64_t kept; /* an index in the kept archive, or -1 */
} S_entry;

/* Where a failure of the package is reported: the output being
 * written, when the caller named it. */
static csp_loc S_out_loc(const csp_meta *meta)
{
  csp_loc loc = {
      meta->output ? csp_file_intern(meta->diags, meta->output) : NULL, 0, 0};
  return loc;
}

/* Reports a part libxml2 did not write. */
static void S_part_error(const csp_meta *meta, int part)
{
  csp_loc loc = S_out_loc(meta);
  csp_diag(meta->diags, CSP_R_DOCX, loc.file ? &loc : NULL, "cannot write %s",
           S_part_names[part]);
}

/* Reports libzip's error ze, met while doing what. */
static void S_zip_error(const csp_meta *meta, const char *what,
                        zip_error_t *ze)
{
  csp_loc loc = S_out_loc(meta);
  csp_diag(meta->diags, CSP_R_DOCX, loc.file ? &loc : NULL,
           "cannot zip the DOCX package (%s): %s", what,
           zip_error_strerror(ze));
}

/* Appends what the source src holds to out.  Returns 0, or -1 after
 * reporting (out is then as it was). */
static int S_source_bytes(zip_source_t *src, const csp_meta *meta,
                          csp_buf *out)
{
  size_t start = out->len;
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_source_stat(src, &st) < 0 || zip_source_open(src) < 0) {
    S_zip_error(meta, "reading the archive back", zip_source_error(src));
    return -1;
  }
  char chunk[16384];
  zip_int64_t got;
  while ((got = zip_source_read(src, chunk, sizeof chunk)) > 0)
    csp_buf_put(out, chunk, (size_t)got);
  int rc = 0;
  if (got < 0 || ((st.valid & ZIP_STAT_SIZE) && out->len - start != st.size)) {
    S_zip_error(meta, "reading the archive back", zip_source_error(src));
    out->len = start;
    out->data[start] = '\0';
    rc = -1;
  }
  zip_source_close(src);
  return rc;
}

/* Zips e[0..n), in that order, into out (appended): the parts with
 * bytes deflated at level, the others copied from the kept archive
 * (kept: NULL when none is).  Returns 0, or -1 after reporting (out is
 * then as it was). */
static int S_zip(const S_entry *e, size_t n, zip_t *kept, int level,
                 const csp_meta *meta, csp_buf *out)
{
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *dst = zip_source_buffer_create(NULL, 0, 0, &ze);
  zip_t *za = dst ? zip_open_from_source(dst, ZIP_CREATE | ZIP_TRUNCATE, &ze)
                  : NULL;
  if (!za) {
    S_zip_error(meta, "starting the archive", &ze);
    zip_error_fini(&ze);
    if (dst)
      zip_source_free(dst);
    return -1;
  }
  zip_error_fini(&ze);
  zip_source_keep(dst); /* it outlives za: the archive is read from it */
  const char *failed = NULL;
  for (size_t i = 0; !failed && i < n; i++) {
    zip_source_t *src =
        e[i].kept >= 0
            ? zip_source_zip(za, kept, (zip_uint64_t)e[i].kept, 0, 0, -1)
            : zip_source_buffer(za, e[i].data, e[i].len, 0);
    zip_int64_t at = src ? zip_file_add(za, e[i].name, src, 0) : -1;
    if (src && at < 0)
      zip_source_free(src); /* zip_file_add took it only on success */
    if (at < 0 ||
        zip_file_set_mtime(za, (zip_uint64_t)at, S_mtime(), 0) < 0 ||
        zip_file_set_external_attributes(za, (zip_uint64_t)at, 0,
                                         ZIP_OPSYS_UNIX, S_MODE) < 0 ||
        /* a copied entry keeps its compression: it is not deflated again */
        (e[i].kept < 0 && zip_set_file_compression(za, (zip_uint64_t)at,
                                                   ZIP_CM_DEFLATE,
                                                   (zip_uint32_t)level) < 0))
      failed = e[i].name;
  }
  /* libzip compresses and writes when the archive is closed */
  if (!failed && zip_close(za) < 0)
    failed = "writing it";
  int rc = -1;
  if (failed) {
    S_zip_error(meta, failed, zip_get_error(za));
    zip_discard(za);
  } else {
    rc = S_source_bytes(dst, meta, out);
  }
  zip_source_free(dst);
  return rc;
}

/* The parts no input changes, and the styles for meta's paper and
 * reference document: made, zipped and opened into k once for each.
 * Returns 0, or -1 after reporting (k then keeps nothing). */
static int S_keep_parts(csp_docx_cache *k, const csp_meta *meta)
{
  const char *ref = meta->reference_doc;
  if (k->have && k->paper == meta->paper &&
      (ref ? k->ref && strcmp(ref, k->ref) == 0 : !k->ref))
    return 0;
  S_cache_clear(k);
  csp_buf part[S_NPARTS];
  for (int i = 0; i < S_NPARTS; i++)
    csp_buf_init(&part[i]);
  int bad = -1; /* the part that failed, if any */
  csp_buf ours;
  csp_buf_init(&ours);
  if (S_content_types(&part[S_PART_CT]) < 0)
    bad = S_PART_CT;
  else if (S_root_rels(&part[S_PART_RELS]) < 0)
    bad = S_PART_RELS;
  else if (S_settings(&part[S_PART_SETTINGS]) < 0)
    bad = S_PART_SETTINGS;
  else if (S_fonts(&part[S_PART_FONTS]) < 0)
    bad = S_PART_FONTS;
  else if (csp_docx_styles(meta->paper, &ours) < 0)
    bad = S_PART_STYLES;
  int rc = -1;
  if (bad >= 0) {
    S_part_error(meta, bad);
  } else if (ref) {
    rc = csp_docx_ref_styles(meta->diags, ref, meta->reference_data,
                             meta->reference_len, &ours,
                             &part[S_PART_STYLES]);
  } else {
    csp_buf_put(&part[S_PART_STYLES], ours.data, ours.len);
    rc = 0;
  }
  if (rc == 0) {
    S_entry e[S_NPARTS];
    size_t n = 0;
    for (int i = 0; i < S_NPARTS; i++) {
      k->index[i] = -1;
      if (S_is_kept(i)) {
        k->index[i] = (zip_int64_t)n;
        e[n++] = (S_entry){S_part_names[i], part[i].data, part[i].len, -1};
      }
    }
    rc = S_zip(e, n, NULL, S_LEVEL_KEPT, meta, &k->bytes);
  }
  csp_buf_release(&ours);
  for (int i = 0; i < S_NPARTS; i++)
    csp_buf_release(&part[i]);
  if (rc == 0) {
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(
        k->bytes.data, k->bytes.len, 0, &ze);
    k->za = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
    if (!k->za) {
      S_zip_error(meta, "opening the kept parts", &ze);
      if (src)
        zip_source_free(src);
      S_cache_clear(k);
      rc = -1;
    }
    zip_error_fini(&ze);
  }
  if (rc == 0) {
    k->have = 1;
    k->paper = meta->paper;
    k->ref = ref ? csp_xstrdup(ref) : NULL;
  }
  return rc;
}

int csp_docx_package(const csp_docx_body *body, const csp_meta *meta,
                     csp_buf *out)
{
  /* without the caller's cache, one for this package alone */
  csp_docx_cache local = {0};
  csp_docx_cache *k = meta->docx_cache ? meta->docx_cache : &local;
  if (S_keep_parts(k, meta) < 0)
    return -1;
  csp_buf own[S_NPARTS]; /* the parts of this document alone */
  for (int i = 0; i < S_NPARTS; i++)
    csp_buf_init(&own[i]);
  int bad = -1; /* the part that failed, if any */
#define S_TRY(i, call)                                                      \
  if (bad < 0 && (call) < 0)                                                \
  bad = (i)
  S_TRY(S_PART_DOC_RELS, S_doc_rels(body, &own[S_PART_DOC_RELS]));
  S_TRY(S_PART_NUMBERING, S_numbering(body, &own[S_PART_NUMBERING]));
  S_TRY(S_PART_HEADER, S_header(meta, &own[S_PART_HEADER]));
  S_TRY(S_PART_FOOTER, S_footer(meta, &own[S_PART_FOOTER]));
  S_TRY(S_PART_CORE, S_core(meta, &own[S_PART_CORE]));
  S_TRY(S_PART_APP, S_app(meta, &own[S_PART_APP]));
#undef S_TRY
  int rc = -1;
  if (bad >= 0) {
    S_part_error(meta, bad);
  } else {
    S_entry e[S_NPARTS];
    for (int i = 0; i < S_NPARTS; i++)
      e[i] = (S_entry){S_part_names[i], own[i].data, own[i].len,
                       k->index[i]};
    e[S_PART_DOCUMENT].data = body->xml;
    e[S_PART_DOCUMENT].len = body->len;
    rc = S_zip(e, S_NPARTS, k->za, S_LEVEL_OWN, meta, out);
  }
  for (int i = 0; i < S_NPARTS; i++)
    csp_buf_release(&own[i]);
  S_cache_clear(&local);
  return rc;
}
