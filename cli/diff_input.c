/* diff_input.c: the two inputs of csecpol diff (diff_input.h): what
 * each file is, read within its limit, loaded, and made a cmark
 * document to compare. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diff_input.h"
#include "docx_in.h"
#include "docx_read.h"
#include "policy.h"
#include "value.h"

static int S_has_suffix(const char *s, const char *suffix)
{
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* A Markdown policy or a site file?  By the name's extension when it
 * has one of .md, .markdown, .yaml, .yml; else (standard input, a pipe)
 * by the first line that is neither blank nor a '#' line: a YAML site
 * file starts with "---" or "key:", a Markdown policy does not. */
static int S_is_markdown(const char *path, const char *s, size_t len)
{
  if (S_has_suffix(path, ".md") || S_has_suffix(path, ".markdown"))
    return 1;
  if (S_has_suffix(path, ".yaml") || S_has_suffix(path, ".yml"))
    return 0;
  const char *end = s + len;
  while (s < end) {
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    const char *eol = nl ? nl : end;
    const char *p = s;
    if (p + 3 <= end && (unsigned char)p[0] == 0xEF &&
        (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF)
      p += 3; /* a byte order mark */
    while (p < eol && (*p == ' ' || *p == '\t' || *p == '\r'))
      p++;
    if (p < eol && *p != '#') {
      if (eol - p >= 3 && strncmp(p, "---", 3) == 0)
        return 0;
      const char *q = p;
      while (q < eol && ((*q >= 'a' && *q <= 'z') || *q == '_' ||
                         (*q >= '0' && *q <= '9' && q > p)))
        q++;
      return !(q > p && q < eol && *q == ':' &&
               (q + 1 == eol || q[1] == ' ' || q[1] == '\t' ||
                q[1] == '\r'));
    }
    s = eol + 1;
  }
  return 0; /* blank or comments only: a (blank) site file */
}

/* A DOCX?  By the name (.docx, .docm, .dotx, .dotm, any case) or by its
 * first bytes: a zip archive, or the OLE2 file Word makes of a
 * password-protected one (refused with a message when opened). */
static int S_is_docx(const char *path, const char *s, size_t len)
{
  static const char *const ext[] = {".docx", ".docm", ".dotx", ".dotm"};
  size_t n = strlen(path);
  for (size_t i = 0; i < sizeof ext / sizeof *ext; i++)
    if (n >= 5 && strcasecmp(path + n - 5, ext[i]) == 0)
      return 1;
  return csp_docx_in_sniff(s, len);
}

/* The first bytes of the regular file at path, for S_is_docx: none for
 * standard input or what cannot be read (csp_load_read then says why). */
static size_t S_peek(const char *path, char *buf, size_t n)
{
  if (strcmp(path, "-") == 0)
    return 0;
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  struct stat st;
  ssize_t r = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? read(fd, buf, n)
                                                         : -1;
  close(fd);
  return r > 0 ? (size_t)r : 0;
}

/* Reads a side, up to the limit of a DOCX when it is one (by its name
 * or first bytes; standard input is read to that limit and then
 * looked at), else of a site file or Markdown policy.  Returns 0, or -1
 * after reporting. */
static int S_read(csp_load *ld, csp_diff_side *s)
{
  char head[8];
  size_t nhead = S_peek(s->path, head, sizeof head);
  int docx = S_is_docx(s->path, head, nhead);
  int in = strcmp(s->path, "-") == 0;
  if (csp_load_read(ld, s->path, docx ? "the DOCX" : "the file", 0,
                    docx || in ? CSP_MAX_DOCX_FILE : CSP_MAX_FILE_SIZE,
                    docx ? "take out its pictures, or diff a copy without "
                           "them"
                         : "split it",
                    &s->data) < 0)
    return -1;
  if (in && s->data.len > CSP_MAX_FILE_SIZE &&
      !S_is_docx(s->path, s->data.data, s->data.len)) {
    csp_loc loc = {s->label, 0, 0};
    csp_diag(ld->diags, CSP_R_LIMIT, &loc,
             "the file is larger than the limit of %d bytes (%d MiB); "
             "split it",
             CSP_MAX_FILE_SIZE, CSP_MAX_FILE_SIZE / (1024 * 1024));
    return -1;
  }
  return 0;
}

/* The text of a node's inlines. */
static void S_plain(cmark_node *node, csp_buf *out)
{
  cmark_iter *it = cmark_iter_new(node);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    cmark_node_type t = cmark_node_get_type(n);
    if (ev != CMARK_EVENT_ENTER)
      continue;
    if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE)
      csp_buf_puts(out, cmark_node_get_literal(n));
    else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
      csp_buf_putc(out, ' ');
  }
  cmark_iter_free(it);
}

/* A Markdown policy's title (its first level-1 heading) and effective
 * date (a paragraph "Effective date: YYYY-MM-DD", as csecpol's template
 * writes it), for the page title and the DOCX revision date. */
static void S_md_meta(csp_diff_side *s)
{
  csp_buf b;
  csp_buf_init(&b);
  for (cmark_node *n = cmark_node_first_child(s->md); n;
       n = cmark_node_next(n)) {
    cmark_node_type t = cmark_node_get_type(n);
    csp_buf_clear(&b);
    if (t == CMARK_NODE_HEADING && !s->md_title &&
        cmark_node_get_heading_level(n) == 1) {
      S_plain(n, &b);
      s->md_title = csp_xstrdup(b.data);
    } else if (t == CMARK_NODE_PARAGRAPH && !s->md_date) {
      static const char label[] = "Effective date: ";
      S_plain(n, &b);
      if (strncmp(b.data, label, sizeof label - 1) == 0 &&
          csp_date_ok(b.data + sizeof label - 1))
        s->md_date = csp_xstrdup(b.data + sizeof label - 1);
    }
  }
  csp_buf_release(&b);
}

int csp_diff_side_load(csp_load *ld, csp_diff_side *s,
                       const csp_check_opts *check, int draft)
{
  csp_buf_init(&s->data);
  if (S_read(ld, s) < 0)
    return -1;
  s->docx = S_is_docx(s->path, s->data.data, s->data.len);
  if (s->docx) {
    csp_docx_read_info info;
    s->md = csp_docx_read(ld->diags, s->label, s->data.data, s->data.len,
                          &info);
    if (!s->md)
      return -1;
    S_md_meta(s);
    csp_loc loc = {s->label, 0, 0};
    /* notes of their own, not attached to what came before */
    if (info.changes) {
      csp_diag_flush(ld->diags, stderr, CSP_FORMAT_TEXT);
      csp_diag_note(ld->diags, &loc, "%d tracked change%s read as accepted",
                    info.changes, info.changes == 1 ? "" : "s");
    }
    if (info.comments) {
      csp_diag_flush(ld->diags, stderr, CSP_FORMAT_TEXT);
      csp_diag_note(ld->diags, &loc, "%d comment%s ignored", info.comments,
                    info.comments == 1 ? "" : "s");
    }
    return 0;
  }
  s->markdown = S_is_markdown(s->path, s->data.data, s->data.len);
  if (s->markdown) {
    s->md = cmark_parse_document(s->data.data, s->data.len,
                                 CMARK_OPT_VALIDATE_UTF8 |
                                     CMARK_OPT_SOURCEPOS);
    if (csp_policy_sanitize(ld->diags, s->md, s->label,
                            "the Markdown policy", 0) < 0)
      return -1;
    S_md_meta(s);
    return 0;
  }
  int errors;
  s->site = csp_policy_load_text(ld, s->path, s->data.data, s->data.len,
                                 check, draft, &errors);
  if (!s->site)
    return -1;
  if (errors && !draft) {
    csp_loc loc = {s->label, 0, 0};
    csp_diag_sev(ld->diags, CSP_ERROR, CSP_R_NONE, &loc,
                 "not compared: %d error%s above; fix %s, or use --draft to "
                 "compare drafts",
                 errors, errors == 1 ? "" : "s", errors == 1 ? "it" : "them");
    return -1;
  }
  return 0;
}

void csp_diff_side_release(csp_diff_side *s)
{
  csp_buf_release(&s->data);
  if (s->site)
    csp_node_free(s->site);
  if (s->md)
    cmark_node_free(s->md);
  free(s->md_title);
  free(s->md_date);
}

cmark_node *csp_diff_side_render(csp_diags *dg, const csp_diff_side *s,
                                 const csp_tmpl *t, const char *tmpl_name)
{
  if (s->docx) {
    csp_docx_read_info info;
    return csp_docx_read(dg, s->label, s->data.data, s->data.len, &info);
  }
  if (s->markdown) {
    cmark_node *doc = cmark_parse_document(s->data.data, s->data.len,
                                           CMARK_OPT_VALIDATE_UTF8 |
                                               CMARK_OPT_SOURCEPOS);
    csp_policy_sanitize(dg, doc, s->label, "the Markdown policy", 0);
    return doc;
  }
  return csp_policy_document(dg, t, tmpl_name, s->site);
}

void csp_diff_side_meta(const csp_diff_side *s, csp_meta *meta)
{
  if (s->site) {
    csp_policy_meta(s->site, meta);
    return;
  }
  meta->title = s->md_title;
  meta->effective_date = s->md_date;
  meta->subject = "Commercial Sexual Exploitation of Children (CSEC) policy";
}
