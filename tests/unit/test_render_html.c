/* test_render_html.c: the HTML renderer and the link rule, from
 * Markdown strings through cmark to the page. */
#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "tap.h"

/* Renders md with meta (NULL: a plain page) into a string the caller
 * frees. */
static char *render(const char *md, const csp_meta *meta)
{
  static const csp_meta plain = {.site_name = "Test Site",
                                 .title = "CSEC Policy",
                                 .css = "body { color: #111; }\n"};
  cmark_node *doc = cmark_parse_document(md, strlen(md),
                                         CMARK_OPT_VALIDATE_UTF8);
  csp_buf out;
  csp_buf_init(&out);
  int rc = csp_render_html(doc, meta ? meta : &plain, &out);
  cmark_node_free(doc);
  if (rc != 0) {
    csp_buf_release(&out);
    return NULL;
  }
  return csp_buf_detach(&out);
}

static int has(const char *s, const char *needle)
{
  return s && strstr(s, needle) != NULL;
}

/* Counts occurrences of needle in s. */
static int count(const char *s, const char *needle)
{
  int n = 0;
  for (const char *p = s; p && (p = strstr(p, needle)) != NULL; p++)
    n++;
  return n;
}

/* One Markdown input, what its body must hold and what it must not. */
struct body_case {
  const char *name;
  const char *md;
  const char *want[4];
  const char *refuse[4];
};

static const struct body_case cases[] = {
    {"headings and paragraphs", "# T\n\n## Purpose\n\nSome *text* and **bold**.\n",
     {"<h1>T</h1>", "<h2>Purpose</h2>",
      "<p>Some <em>text</em> and <strong>bold</strong>.</p>"},
     {0}},
    /* Site values reach cmark Markdown-escaped, as in these two. */
    {"text is escaped", "Call \\<script\\>alert(1)\\</script\\> now\n",
     {"Call &lt;script&gt;alert(1)&lt;/script&gt; now"},
     {"<script", "alert(1)</script>"}},
    {"attribute breakout is escaped",
     "\\\"\\>\\<img src=x onerror=alert(1)\\>\n",
     {"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"},
     {"<img"}},
    {"entities stay literal", "AT\\&amp;T &amp; more\n",
     {"AT&amp;amp;T &amp; more"},
     {0}},
    {"raw HTML block dropped", "<div onclick=\"x()\">hi</div>\n\ntext\n",
     {"<p>text</p>"},
     {"<div onclick", "onclick", "x()"}},
    {"raw script dropped", "<script>alert(1)</script>\n\nx <script>y()</script>\n",
     {"<p>x y()</p>"},
     {"<script", "alert", "</script"}},
    {"raw HTML inline dropped", "a <b onmouseover=\"x()\">b</b> c\n",
     {"<p>a b c</p>"},
     {"<b ", "onmouseover", "</b>"}},
    {"html comment dropped", "<!-- editor note -->\n\nkept\n",
     {"<p>kept</p>"},
     {"editor note", "<!--"}},
    {"javascript: link is text", "[click](javascript:alert(1))\n",
     {"<p>click</p>"},
     {"<a ", "href", "javascript:", "alert"}},
    {"JavaScript: autolink is text", "<JavaScript:alert(1)>\n",
     {"JavaScript:alert(1)"},
     {"<a ", "href"}},
    {"data: link is text", "[x](data:text/html;base64,PHNjcmlwdD4=)\n",
     {"<p>x</p>"},
     {"<a ", "href", "data:"}},
    {"relative link is text", "[x](/etc/passwd) [y](file:///etc/passwd)\n",
     {"<p>x y</p>"},
     {"<a ", "href", "passwd"}},
    {"tel link", "[1-877-NJ-ABUSE](tel:+18776522873)\n",
     {"<a href=\"tel:+18776522873\" dir=\"ltr\">1-877-NJ-ABUSE</a>"},
     {0}},
    {"mailto autolink", "<help@example.org>\n",
     {"<a href=\"mailto:help@example.org\" class=\"bare\" dir=\"ltr\">"
      "help@example.org</a>"},
     {0}},
    {"https link with title", "[site](https://example.org/a?b=1&c=2 \"A \\\"t\\\"\")\n",
     {"<a href=\"https://example.org/a?b=1&amp;c=2\" title=\"A &quot;t&quot;\" "
      "dir=\"ltr\">site</a>"},
     {"class=\"bare\""}},
    {"href bytes percent-encoded", "[x](<https://e.org/a\xc3\xa9" "c%zz%41>)\n",
     {"href=\"https://e.org/a%C3%A9c%25zz%41\""},
     {0}},
    {"a URL with a space or quote is text",
     "[x](<https://e.org/a b\"c>)\n",
     {"<p>x</p>"},
     {"<a ", "href"}},
    {"image becomes its alt text", "![a logo](https://e.org/x.png)\n",
     {"<p>a logo</p>"},
     {"<img", "x.png"}},
    {"nested lists", "- a\n  1. b\n  2. c\n- d\n",
     {"<ul>\n<li>a\n<ol>\n<li>b</li>\n<li>c</li>\n</ol>\n</li>\n<li>d</li>\n</ul>"},
     {"<p>"}},
    {"ordered start and loose list", "3. x\n\n4. y\n",
     {"<ol start=\"3\">", "<li>\n<p>x</p>\n</li>"},
     {0}},
    {"code, blocks, breaks",
     "`a<b`\n\n```sh x\nif [ a < b ]\n```\n\n> q\n\n---\n\nl1  \nl2\nl3\n",
     {"<code>a&lt;b</code>",
      "<pre><code class=\"language-sh\">if [ a &lt; b ]\n</code></pre>",
      "<blockquote>\n<p>q</p>\n</blockquote>\n<hr>", "l1<br>\nl2\nl3"},
     {0}},
    {"forbidden code points dropped", "a\x01" "b\xc2\x85" "c\xef\xbf\xbe" "d\n",
     {"<p>abcd</p>"},
     {0}},
    /* signer blocks (render.h) */
    {"a signer block",
     "Signature: \\_\\_\\_\\_\\\nName: Pat \\<Doe\\>\\\nDate: \\_\\_\\_\\_\n",
     {"<div class=\"signer\">\n<p><span class=\"signer-label\">Signature:"
      "</span> <span class=\"signer-line\"></span></p>",
      "<p><span class=\"signer-label\">Name:</span> Pat &lt;Doe&gt;</p>",
      "<span class=\"signer-label\">Date:</span> <span class=\"signer-line\">"},
     {"<br>", "____"}},
    {"hard breaks with no line to sign first are a paragraph",
     "Name: Pat\\\nSignature: \\_\\_\\_\\_\n",
     {"<p>Name: Pat<br>"},
     {"signer"}},
    {"soft breaks are no signer block",
     "Signature: \\_\\_\\_\\_\nName: Pat\n",
     {"<p>Signature: ____\nName: Pat</p>"},
     {"signer"}},
    /* a value "Signature: ____<newline>Name: x" as csp_escape_md writes
     * it: the line end folded */
    {"a value cannot make a signer block",
     "Signature\\: \\_\\_\\_\\_ Name\\: x\n",
     {"<p>Signature: ____ Name: x</p>"},
     {"signer"}},
    {"a line without a label ends a signer block",
     "Signature: \\_\\_\\_\\_\\\nno label here\n",
     {"<br>"},
     {"signer"}},
    {"title block wrapped", "# Title\n\nSite\n\nVersion 1\n\n## Purpose\n",
     {"<header class=\"title-block\">\n<h1>Title</h1>\n<p>Site</p>\n"
      "<p>Version 1</p>\n</header>\n<h2>Purpose</h2>"},
     {0}},
};

static void test_cases(void)
{
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    const struct body_case *c = &cases[i];
    char *html = render(c->md, NULL);
    const char *body = html ? strstr(html, "<body>") : NULL;
    int good = body != NULL;
    for (size_t j = 0; good && j < 4 && c->want[j]; j++)
      if (!has(body, c->want[j])) {
        printf("#   missing: %s\n", c->want[j]);
        good = 0;
      }
    for (size_t j = 0; good && j < 4 && c->refuse[j]; j++)
      if (has(body, c->refuse[j])) {
        printf("#   present: %s\n", c->refuse[j]);
        good = 0;
      }
    if (!OK(good, "%s", c->name))
      printf("#   body: %s\n", body ? body : "(none)");
    free(html);
  }
}

static void test_page(void)
{
  csp_meta m = {.site_name = "Oswego <CAC> & \"Co\"",
                .title = "CSEC Policy",
                .subject = "How staff respond to CSEC",
                .css = "p { margin: 0; }\n/* </style><script>x</script> */\n"};
  char *html = render("# CSEC Policy\n\nhi\n", &m);
  static const char start[] = "<!doctype html>\n<html lang=\"en\">\n";
  OK(html && strncmp(html, start, sizeof start - 1) == 0,
     "page starts with doctype and lang");
  OK(has(html, "<meta charset=\"utf-8\">"), "charset");
  OK(has(html, "<meta name=\"viewport\" content=\"width=device-width, "
               "initial-scale=1\">"),
     "viewport");
  OK(has(html, "<title>CSEC Policy \xe2\x80\x94 Oswego &lt;CAC&gt; &amp; "
               "&quot;Co&quot;</title>"),
     "title from policy title and escaped site name");
  OK(has(html, "<meta name=\"description\" content=\"How staff respond to "
               "CSEC\">"),
     "description from subject");
  OK(has(html, "<style>\np { margin: 0; }\n"), "stylesheet embedded");
  OK(count(html, "</style") == 1 && has(html, "<\\/style><script>x<\\/script>"),
     "stylesheet cannot close its element");
  OK(!has(html, "@page { size: A4"), "no A4 rule on Letter");
  OK(!has(html, "generator") && !has(html, "http://") && !has(html, "src="),
     "no generator, no external fetch");
  OK(!has(html, "DRAFT"), "no draft marking by default");
  OK(has(html, "</article>\n</main>\n</body>\n</html>\n"), "page closes");
  free(html);

  m.paper = CSP_PAPER_A4;
  html = render("x\n", &m);
  const char *a4 = html ? strstr(html, "@page { size: A4; }") : NULL;
  const char *css_end = html ? strstr(html, "<\\/script> */") : NULL;
  OK(a4 && css_end && a4 > css_end && a4 < strstr(html, "</style>"),
     "A4 rule after the stylesheet, inside <style>");
  free(html);

  m.paper = CSP_PAPER_LETTER;
  m.draft = 1;
  html = render("# CSEC Policy\n", &m);
  OK(has(html, "<title>DRAFT: CSEC Policy"), "draft title");
  OK(has(html, "<p class=\"draft-banner\"><strong>DRAFT</strong>"),
     "draft banner");
  OK(has(html, "<div class=\"draft-watermark\" aria-hidden=\"true\">DRAFT"),
     "draft watermark");
  OK(has(html, "<body class=\"draft\">"), "draft body class");
  free(html);

  m.subject = NULL;
  m.draft = 0;
  html = render("x\n", &m);
  OK(has(html, "content=\"CSEC Policy of Oswego &lt;CAC&gt; &amp; "
               "&quot;Co&quot;\""),
     "description falls back to title and site");
  free(html);

  csp_meta empty = {0};
  html = render("x\n", &empty);
  OK(has(html, "<title>CSEC policy</title>") && !has(html, "<style>"),
     "page without meta strings or css");
  free(html);
}

static void test_fragment(void)
{
  csp_meta m = {.site_name = "S", .title = "T", .css = "p{}", .fragment = 1,
                .draft = 1};
  char *html = render("# T\n\nbody\n", &m);
  OK(html && strncmp(html, "<article class=\"policy\">\n", 25) == 0,
     "fragment starts with the article");
  OK(!has(html, "<!doctype") && !has(html, "<html") && !has(html, "<head>") &&
         !has(html, "<body") && !has(html, "<style") && !has(html, "<title"),
     "fragment has no page parts");
  OK(has(html, "<p>body</p>") && has(html, "draft-banner"),
     "fragment holds the body and the draft banner");
  OK(html && strcmp(html + strlen(html) - 11, "</article>\n") == 0,
     "fragment ends with the article");
  free(html);
}

static void test_deterministic(void)
{
  const char *md = "# T\n\n- [a](https://e.org)\n- <x@y.z>\n\n1. q\n";
  csp_meta m = {.site_name = "S", .title = "T", .css = "p{}", .draft = 1};
  char *a = render(md, &m), *b = render(md, &m);
  OK(a && b && strcmp(a, b) == 0, "two renders give the same bytes");
  free(a);
  free(b);
}

static void test_url_is_safe(void)
{
  static const struct {
    const char *url;
    int safe;
  } urls[] = {
      {"https://example.org", 1}, {"http://example.org", 1},
      {"HTTPS://EXAMPLE.ORG", 1}, {"tel:+18776522873", 1},
      {"Tel:+1", 1},              {"mailto:a@b.org", 1},
      {"MailTo:a@b.org", 1},      {"javascript:alert(1)", 0},
      {"JaVaScRiPt:alert(1)", 0}, {"data:text/html,x", 0},
      {"vbscript:x", 0},          {"file:///etc/passwd", 0},
      {"/relative", 0},           {"relative.html", 0},
      {"//evil.example", 0},      {" https://e.org", 0},
      {"\thttps://e.org", 0},     {"\x01https://e.org", 0},
      {"java\tscript:x", 0},      {"https://e.org/\n", 0},
      {"httpsx://e.org", 0},      {"https", 0},
      {"", 0},                    {NULL, 0},
      {"https://e.org/a b", 0},   {"https://e.org/<img>", 0},
      {"https://e.org/\"x", 0},   {"https://e.org/\\x", 0},
      {"https://e.org/`x`", 0},   {"https://e.org/a%20b?c=d&e#f", 1},
  };
  for (size_t i = 0; i < sizeof urls / sizeof *urls; i++) {
    /* Control characters shown as "?" so the test line stays one line. */
    char shown[64] = "(null)";
    if (urls[i].url) {
      size_t n = 0;
      for (const char *p = urls[i].url; *p && n < sizeof shown - 1; p++)
        shown[n++] = (unsigned char)*p < 0x20 ? '?' : *p;
      shown[n] = '\0';
    }
    OK(csp_url_is_safe(urls[i].url) == urls[i].safe, "url \"%s\" is %s",
       shown, urls[i].safe ? "safe" : "unsafe");
  }
}

int main(void)
{
  test_cases();
  test_page();
  test_fragment();
  test_deterministic();
  test_url_is_safe();
  return tap_done();
}
