/* fuzz_render.c: libFuzzer harness for the whole render, to each format.
 *
 * Input: the bytes of a site file.  They are written to site.yaml in a
 * private directory whose states/ links to sites/states/ (so `extends:
 * states/nj.yaml` merges a real parent), loaded and checked as `render`
 * does it (as a draft when the check finds errors), expanded with the
 * built-in template, and rendered as Markdown, HTML and DOCX.
 *
 * Properties, for any input: a refusal comes with an error diagnostic;
 * Markdown read back by cmark holds no raw HTML; the HTML page holds no
 * element a value could smuggle in (script, img, iframe, object, embed,
 * a javascript: link); every XML part of the DOCX is well-formed.
 *
 * Environment: CSECPOL_FUZZ_STATES, the directory of state files
 * (default: sites/states, relative to where the harness runs). */
#define _DEFAULT_SOURCE /* mkdtemp, realpath, strncasecmp */
#include <cmark.h>
#include <libxml/parser.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zip.h>

#include "fuzz.h"
#include "policy.h"
#include "render.h"
#include "site.h"
#include "tmpl.h"

static char S_dir[4096];
static char S_path[4200];

static void S_cleanup(void)
{
  char p[4200];
  snprintf(p, sizeof p, "%s/states", S_dir);
  unlink(p);
  unlink(S_path);
  rmdir(S_dir);
}

static void S_quiet_xml(void *ctx, const char *msg, ...)
{
  (void)ctx;
  (void)msg;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  const char *tmp = getenv("TMPDIR");
  snprintf(S_dir, sizeof S_dir, "%s/csecpol-fuzz.XXXXXX",
           tmp && *tmp ? tmp : "/tmp");
  FUZZ_ASSERT(mkdtemp(S_dir) != NULL, "make a private directory");
  const char *states = getenv("CSECPOL_FUZZ_STATES");
  char *real = realpath(states && *states ? states : "sites/states", NULL);
  FUZZ_ASSERT(real != NULL, "find sites/states (set CSECPOL_FUZZ_STATES)");
  char link[4200];
  snprintf(link, sizeof link, "%s/states", S_dir);
  FUZZ_ASSERT(symlink(real, link) == 0, "link states/");
  free(real);
  snprintf(S_path, sizeof S_path, "%s/site.yaml", S_dir);
  atexit(S_cleanup);
  xmlSetGenericErrorFunc(NULL, S_quiet_xml);
  return 0;
}

/* Nonzero when hay holds needle, ignoring ASCII case. */
static int S_has(const csp_buf *hay, const char *needle)
{
  size_t n = strlen(needle);
  for (size_t i = 0; i + n <= hay->len; i++)
    if (strncasecmp(hay->data + i, needle, n) == 0)
      return 1;
  return 0;
}

static void S_check_md(const csp_buf *md)
{
  cmark_node *doc = cmark_parse_document(md->data, md->len,
                                         CMARK_OPT_VALIDATE_UTF8);
  cmark_iter *it = cmark_iter_new(doc);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node_type t = cmark_node_get_type(cmark_iter_get_node(it));
    FUZZ_ASSERT(t != CMARK_NODE_HTML_BLOCK && t != CMARK_NODE_HTML_INLINE,
                "the Markdown holds no raw HTML");
  }
  cmark_iter_free(it);
  cmark_node_free(doc);
}

static void S_check_html(const csp_buf *html)
{
  static const char *const bad[] = {"<script", "<img",   "<iframe",
                                    "<object", "<embed", "<form",
                                    "href=\"javascript:"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    FUZZ_ASSERT(!S_has(html, bad[i]), "no smuggled element in the HTML");
}

static void S_check_docx(const csp_buf *docx)
{
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(docx->data, docx->len, 0, &ze);
  FUZZ_ASSERT(src != NULL, "a zip source");
  zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
  FUZZ_ASSERT(za != NULL, "the DOCX is a zip archive");
  zip_int64_t n = zip_get_num_entries(za, 0);
  FUZZ_ASSERT(n > 0, "the DOCX has parts");
  for (zip_int64_t i = 0; i < n; i++) {
    const char *name = zip_get_name(za, (zip_uint64_t)i, 0);
    size_t nl = strlen(name);
    if (!(nl > 4 && strcmp(name + nl - 4, ".xml") == 0) &&
        !(nl > 5 && strcmp(name + nl - 5, ".rels") == 0))
      continue;
    zip_stat_t st;
    FUZZ_ASSERT(zip_stat_index(za, (zip_uint64_t)i, 0, &st) == 0, "stat");
    char *buf = csp_xmalloc(st.size + 1);
    zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)i, 0);
    FUZZ_ASSERT(zf && zip_fread(zf, buf, st.size) == (zip_int64_t)st.size,
                "read a DOCX part");
    zip_fclose(zf);
    xmlDocPtr x = xmlReadMemory(buf, (int)st.size, name, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR |
                                    XML_PARSE_NOWARNING);
    if (!x)
      fprintf(stderr, "fuzz: %s is not well-formed\n", name);
    FUZZ_ASSERT(x != NULL, "every XML part of the DOCX is well-formed");
    xmlFreeDoc(x);
    free(buf);
  }
  zip_discard(za);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  csp_diags *dg = csp_diags_new(); /* this input's run */
  FILE *f = fopen(S_path, "wb");
  FUZZ_ASSERT(f && fwrite(data, 1, size, f) == size && fclose(f) == 0,
              "write the site file");
  csp_check_opts opts = fuzz_check_opts();
  int errors;
  csp_load ld;
  csp_load_init(&ld, dg);
  csp_node *site = csp_policy_load(&ld, S_path, NULL, &opts, 0, &errors);
  if (site && errors) {
    /* render refuses it; render --draft writes it */
    csp_node_free(site);
    site = csp_policy_load(&ld, S_path, NULL, &opts, 1, &errors);
  }
  csp_load_release(&ld);
  if (!site) {
    FUZZ_ASSERT(csp_diag_count(dg, CSP_ERROR) > 0, "a refusal is reported");
    fuzz_diag_done(dg, size);
    return 0;
  }
  /* parsed for each input: fuzz_diag_done frees dg, which holds the
   * interned name its locations borrow */
  size_t len;
  const char *src = csp_builtin_template(&len);
  csp_tmpl *t = csp_tmpl_parse(dg, "<built-in template>", src, len);
  FUZZ_ASSERT(t != NULL, "the built-in template parses");
  cmark_node *doc = csp_policy_document(dg, t, "<built-in template>", site);
  csp_tmpl_free(t);
  if (!doc) {
    FUZZ_ASSERT(csp_diag_count(dg, CSP_ERROR) > 0, "a refusal is reported");
  } else {
    csp_meta meta;
    memset(&meta, 0, sizeof meta);
    size_t csslen;
    meta.diags = dg;
    meta.css = csp_builtin_css(&csslen);
    meta.paper = (size & 2) ? CSP_PAPER_A4 : CSP_PAPER_LETTER;
    meta.fragment = (int)(size & 4);
    /* the DOCX parts every input shares, kept for the process as a run
     * keeps them for its sites */
    static csp_docx_cache *cache;
    if (!cache)
      cache = csp_docx_cache_new();
    meta.docx_cache = cache;
    csp_policy_meta(site, &meta);
    csp_buf out;
    csp_buf_init(&out);
    FUZZ_ASSERT(csp_render_md(doc, &meta, &out) == 0, "Markdown renders");
    S_check_md(&out);
    csp_buf_clear(&out);
    int before = csp_diag_count(dg, CSP_ERROR);
    if (csp_render_html(doc, &meta, &out) == 0)
      S_check_html(&out);
    else
      FUZZ_ASSERT(csp_diag_count(dg, CSP_ERROR) > before,
                  "HTML error reported");
    csp_buf_clear(&out);
    before = csp_diag_count(dg, CSP_ERROR);
    if (csp_render_docx(doc, &meta, &out) == 0)
      S_check_docx(&out);
    else
      FUZZ_ASSERT(csp_diag_count(dg, CSP_ERROR) > before,
                  "DOCX error reported");
    csp_buf_release(&out);
    cmark_node_free(doc);
  }
  csp_node_free(site);
  fuzz_diag_done(dg, size);
  return 0;
}
