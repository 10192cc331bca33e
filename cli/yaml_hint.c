/* yaml_hint.c: the structural fix for what YAML does to a site file
 * written by someone who does not know it (see yaml_hint.h).
 *
 * After a syntax error, a scan of the file's lines models its block
 * structure as a person reads it (a stack of the columns of keys and
 * '- ', the last key at each) and records each line that YAML cannot
 * read as written, with its fix.  libyaml's error is then put down to
 * the finding on its line, on the line before it, or on the line its
 * context starts at; findings libyaml did not stop at are not reported
 * (the scan is a model, libyaml the judge), except tabs used to indent,
 * which YAML refuses wherever they stand. */
#include "yaml_hint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "value.h"

/* ---- the source text -------------------------------------------------- */

void csp_yaml_src_init(csp_yaml_src *src, csp_diags *dg, const char *name,
                       const char *data, size_t len)
{
  memset(src, 0, sizeof *src);
  src->diags = dg;
  src->name = name;
  src->data = data;
  src->len = len;
  /* libyaml's marks do not count a byte order mark */
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
    src->cur_off = 3;
  src->comments = memchr(data, '#', len) != NULL;
}

struct csp_yaml_held {
  csp_loc loc;
  csp_rule_id rule;
  char *msg;
};

void csp_yaml_src_release(csp_yaml_src *src)
{
  for (size_t i = 0; i < src->nheld; i++)
    free(src->held[i].msg);
  free(src->held);
  src->held = NULL;
  src->nheld = src->capheld = 0;
  free(src->starts);
  free(src->ends);
  src->starts = src->ends = NULL;
  src->nlines = 0;
}

/* The length of the line break at s[i], as libyaml counts breaks (LF,
 * CR LF, CR, NEL, LS, PS), or 0. */
static size_t S_break(const char *s, size_t len, size_t i)
{
  unsigned char c = (unsigned char)s[i];
  if (c == '\n')
    return 1;
  if (c == '\r')
    return i + 1 < len && s[i + 1] == '\n' ? 2 : 1;
  if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0x85)
    return 2;
  if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
      ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9))
    return 3;
  return 0;
}

static void S_lines(csp_yaml_src *src)
{
  if (src->starts)
    return;
  size_t cap = 64, n = 0;
  size_t *starts = csp_xmalloc(cap * sizeof *starts);
  size_t *ends = csp_xmalloc(cap * sizeof *ends);
  size_t i = 0, start;
  /* libyaml's marks do not count a byte order mark */
  if (src->len >= 3 && memcmp(src->data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  start = i;
  for (;;) {
    size_t brk = i < src->len ? S_break(src->data, src->len, i) : 0;
    if (brk || i >= src->len) {
      if (n == cap) {
        cap *= 2;
        starts = csp_xrealloc(starts, cap * sizeof *starts);
        ends = csp_xrealloc(ends, cap * sizeof *ends);
      }
      starts[n] = start;
      ends[n++] = i;
      if (i >= src->len)
        break;
      i += brk;
      start = i;
    } else {
      i++;
    }
  }
  src->starts = starts;
  src->ends = ends;
  src->nlines = n;
}

/* The length of the UTF-8 sequence that lead byte c starts (1 for a
 * byte that starts none, so that a walk always moves on). */
static size_t S_u8len(unsigned char c)
{
  return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* The byte offset of character column col (0-based) of line (0-based),
 * at most the line's end. */
static size_t S_offset(csp_yaml_src *src, size_t line, size_t col)
{
  S_lines(src);
  if (line >= src->nlines)
    return src->len;
  size_t p = src->starts[line], e = src->ends[line];
  while (col > 0 && p < e) {
    p += S_u8len((unsigned char)src->data[p]);
    col--;
  }
  return p < e ? p : e;
}

size_t csp_yaml_src_offset(csp_yaml_src *src, yaml_mark_t m)
{
  /* marks come in order: walk on from the last one (a character is a
   * UTF-8 sequence, a CR LF two, as libyaml counts them) */
  if (m.index < src->cur_index) {
    src->cur_index = 0;
    src->cur_off = src->len >= 3 && memcmp(src->data, "\xEF\xBB\xBF", 3) == 0
                       ? 3
                       : 0;
  }
  const unsigned char *d = (const unsigned char *)src->data;
  while (src->cur_index < m.index && src->cur_off < src->len) {
    /* a run of ASCII: as many characters as bytes */
    size_t run = 0, max = m.index - src->cur_index;
    while (run < max && src->cur_off + run < src->len &&
           d[src->cur_off + run] < 0x80)
      run++;
    src->cur_off += run;
    src->cur_index += run;
    if (run < max && src->cur_off < src->len) {
      src->cur_off += S_u8len(d[src->cur_off]);
      src->cur_index++;
    }
  }
  return src->cur_off < src->len ? src->cur_off : src->len;
}

/* The offset of the line break at or after off, or the end of the
 * text. */
static size_t S_eol(const csp_yaml_src *src, size_t off)
{
  while (off < src->len && !S_break(src->data, src->len, off))
    off++;
  return off;
}

/* The 0-based character column of byte offset off in line. */
static int S_col(const csp_yaml_src *src, size_t line, size_t off)
{
  int col = 0;
  for (size_t p = src->starts[line]; p < off; p++)
    col += ((unsigned char)src->data[p] & 0xC0) != 0x80;
  return col;
}

static csp_loc S_loc(const csp_yaml_src *src, size_t line, int col)
{
  csp_loc l = {src->name, (int)line + 1, col + 1};
  return l;
}

/* Appends data[a..b) to out as a message quotes it (csp_excerpt). */
static void S_quote(csp_buf *out, const char *data, size_t a, size_t b)
{
  char *s = csp_xstrndup(data + a, b - a);
  csp_excerpt(out, s, 60);
  free(s);
}

/* Appends s[0..n) to out in quotes, as YAML reads it back: double
 * quotes, or single ones for text that holds a double quote and no
 * single one. */
static void S_yaml_quoted(csp_buf *out, const char *s, size_t n)
{
  csp_buf b;
  csp_buf_init(&b);
  char q = memchr(s, '"', n) && !memchr(s, '\'', n) ? '\'' : '"';
  csp_buf_putc(&b, q);
  for (size_t i = 0; i < n; i++) {
    if (q == '"' && (s[i] == '"' || s[i] == '\\'))
      csp_buf_putc(&b, '\\');
    csp_buf_putc(&b, s[i]);
  }
  csp_buf_putc(&b, q);
  csp_excerpt(out, b.data, 72);
  csp_buf_release(&b);
}

static int S_space(char c) { return c == ' ' || c == '\t'; }

static int S_alnum(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

/* ---- quotes ----------------------------------------------------------- */

/* Nonzero for a quotation mark a word processor writes: curly double
 * and single quotes, low-9 quotes and guillemets. */
static int S_curly(unsigned cp)
{
  switch (cp) {
  case 0x201C: case 0x201D: case 0x201E: case 0x201F: /* “ ” „ ‟ */
  case 0x2018: case 0x2019: case 0x201A: case 0x201B: /* ‘ ’ ‚ ‛ */
  case 0x00AB: case 0x00BB: case 0x2039: case 0x203A: /* « » ‹ › */
  case 0x301D: case 0x301E: case 0x301F: case 0xFF02: /* 〝 〞 〟 ＂ */
    return 1;
  default:
    return 0;
  }
}

/* The code point that ends s[0..n) and, in *at, where it starts. */
static unsigned S_last_cp(const char *s, size_t n, size_t *at)
{
  size_t i = n;
  while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
    i--;
  if (i > 0)
    i--;
  unsigned cp = (unsigned char)s[i];
  if (cp >= 0x80 && !csp_utf8_decode(s + i, n - i, &cp))
    cp = 0;
  *at = i;
  return cp;
}

static unsigned S_first_cp(const char *s, size_t n, size_t *len)
{
  unsigned cp = (unsigned char)s[0];
  *len = 1;
  if (cp >= 0x80 && (*len = csp_utf8_decode(s, n, &cp)) == 0) {
    *len = 1;
    cp = 0;
  }
  return cp;
}

/* In line text s[a..e) that starts with a quote: the offset of the quote
 * that closes it, or e when it is not closed on the line. */
static size_t S_quote_end(const char *s, size_t a, size_t e)
{
  char q = s[a];
  for (size_t i = a + 1; i < e; i++) {
    if (q == '"' && s[i] == '\\') {
      i++;
    } else if (s[i] == q) {
      if (q == '\'' && i + 1 < e && s[i + 1] == '\'')
        i++; /* '' is a quote inside '...' */
      else
        return i;
    }
  }
  return e;
}

/* ---- the scan --------------------------------------------------------- */

/* What a line does that YAML does not read as written, in the order one
 * is preferred to another on the same line. */
typedef enum {
  K_TAB,        /* a tab in the indentation */
  K_CURLY,      /* "..." closed by a curly quote */
  K_NOSPACE,    /* key:value */
  K_COLON,      /* ': ' in an unquoted value */
  K_START,      /* a value that starts with what YAML reads as syntax */
  K_DASH,       /* at the column of a list's '- ', without one */
  K_DEEPER,     /* a key deeper than the key before it, which has a value */
  K_SHALLOWER,  /* a key or '- ' between two levels */
  K_NOKEY       /* text where a key belongs */
} S_kind;

typedef struct {
  size_t line;  /* 0-based */
  size_t reach; /* the last line YAML reads as part of it */
  int col;      /* 0-based, characters */
  S_kind kind;
  int reported;
  char *msg;
} S_find;

/* A level of the block structure: the keys of one map or the '- ' of
 * one list, at one column. */
typedef struct {
  int col;
  int seq;
  size_t line;  /* of its last key or '- ' */
  char key[64]; /* its last key ("" for a list) */
  int valued;   /* that key has a value on its line */
  int item_col; /* a list: the column of its last item's keys, or -1 */
} S_level;

#define S_MAX_LEVELS 64

typedef struct {
  csp_yaml_src *src;
  S_find *finds;
  size_t nfinds, capfinds;
  int *col;           /* per line: the column of its first key or '- ', */
  unsigned char *dash; /* and whether that is a '- '; -1 when it has none */
  S_level lv[S_MAX_LEVELS];
  int n;
} S_scan;

static S_find *S_find_add(S_scan *sc, size_t line, int col, S_kind kind,
                          const char *fmt, ...) CSP_PRINTF(5, 6);

/* Records a finding; of two on one line, the one of the lower kind.
 * Returns it, or NULL when the line has one of a lower kind. */
static S_find *S_find_add(S_scan *sc, size_t line, int col, S_kind kind,
                          const char *fmt, ...)
{
  /* lines are scanned in order, so a finding of this line, if any, is
   * one of the last few (one for the line before may follow it) */
  S_find *f = NULL;
  for (size_t i = sc->nfinds, k = 0; i-- > 0 && k < 4; k++) {
    if (sc->finds[i].line != line)
      continue;
    if (sc->finds[i].kind <= kind)
      return NULL;
    f = &sc->finds[i];
    free(f->msg);
    break;
  }
  if (!f) {
    sc->finds =
        csp_xgrow(sc->finds, sc->nfinds, &sc->capfinds, sizeof *sc->finds, 8);
    f = &sc->finds[sc->nfinds++];
  }
  f->line = f->reach = line;
  f->col = col;
  f->kind = kind;
  f->reported = 0;
  va_list ap;
  va_start(ap, fmt);
  f->msg = csp_xvasprintf(fmt, ap);
  va_end(ap);
  return f;
}

static void S_setkey(S_level *l, const char *s, size_t a, size_t b)
{
  size_t n = b - a < sizeof l->key - 1 ? b - a : sizeof l->key - 1;
  memcpy(l->key, s + a, n);
  l->key[n] = '\0';
}

static S_level *S_push(S_scan *sc, int col, int seq, size_t line)
{
  if (sc->n == S_MAX_LEVELS)
    return &sc->lv[sc->n - 1]; /* deeper than a site file goes: merged */
  S_level *l = &sc->lv[sc->n++];
  memset(l, 0, sizeof *l);
  l->col = col;
  l->seq = seq;
  l->line = line;
  l->item_col = -1;
  return l;
}

/* In a line's text s[a..e): the offset of the ':' that ends a plain or
 * quoted key (a ':' followed by a space, a tab or the line's end), or e
 * when the text is no key. */
static size_t S_key_colon(const char *s, size_t a, size_t e)
{
  if (a >= e)
    return e;
  size_t i = a;
  if (s[a] == '"' || s[a] == '\'') {
    i = S_quote_end(s, a, e);
    if (i == e)
      return e;
    for (i++; i < e && S_space(s[i]); i++)
      ;
    return i < e && s[i] == ':' && (i + 1 == e || S_space(s[i + 1])) ? i : e;
  }
  if (strchr("[{|>#&*!%@`", s[a]))
    return e;
  for (; i < e; i++) {
    if (s[i] == '#' && i > a && S_space(s[i - 1]))
      return e;
    if (s[i] == ':' && (i + 1 == e || S_space(s[i + 1])))
      return i;
  }
  return e;
}

/* The end of s[a..e) without a trailing ' #' comment and spaces. */
static size_t S_trim(const char *s, size_t a, size_t e)
{
  for (size_t i = a; i < e; i++)
    if (s[i] == '#' && (i == a || S_space(s[i - 1]))) {
      e = i;
      break;
    }
  while (e > a && S_space(s[e - 1]))
    e--;
  return e;
}

/* Where text s[a..e) written as key:value (a name, ':', no space) has
 * its ':'; e when it is not so written.  A ':' before '/' (https://) or
 * a digit of a time (10:30) is no key's. */
static size_t S_nospace(const char *s, size_t a, size_t e)
{
  if (a >= e || !((s[a] >= 'a' && s[a] <= 'z') || (s[a] >= 'A' && s[a] <= 'Z')))
    return e;
  size_t i = a;
  while (i < e && (S_alnum(s[i]) || s[i] == '_' || s[i] == '-'))
    i++;
  if (i + 1 >= e || s[i] != ':' || S_space(s[i + 1]) || s[i + 1] == '/' ||
      s[i + 1] == ':')
    return e;
  return i;
}

const char *csp_yaml_hint_nospace(const char *s)
{
  size_t n = strlen(s);
  size_t t = S_trim(s, 0, n);
  size_t i = S_nospace(s, 0, t);
  return i < t ? s + i : NULL;
}

typedef struct {
  int in_block;     /* in a block scalar (| or >) */
  int block_parent; /* the column of its key or '- ' */
  int block_indent; /* the indentation of its first line, or -1 */
  int in_quote;     /* in a quoted scalar that spans lines: its quote */
  int flow;         /* depth of [ and { left open */
  int expect;       /* the last line opened a block (key: or -) */
  int expect_col;   /* at the column of that key or '- ' */
  int expect_dash;  /* the opener was a '- ' */
  int pend_line;    /* a '- key:value' item, checked against the next */
  int pend_col;     /* line; pend_line -1 when none */
  size_t pend_colon;
  size_t pend_end;
  long last_line;   /* the last line with something on it, or -1 */
  long out_line;    /* a line that left a map for one further out: */
  int out_col;      /* the column of the keys it left, */
  int out_at;       /* its own column, */
  char out_what[80];  /* what it holds and the key of the map it */
  char out_map[64];   /* left; out_line -1 when the last line was none */
} S_mode;

/* The line where a quote q left open on line ends, as YAML reads it:
 * the next q (not escaped) after it, or the last line. */
static size_t S_quote_reach(const csp_yaml_src *src, size_t line, char q)
{
  const char *s = src->data;
  size_t i = src->ends[line];
  for (; i < src->len; i++) {
    if (q == '"' && s[i] == '\\') {
      i++;
      continue;
    }
    if (s[i] == q) {
      if (q == '\'' && i + 1 < src->len && s[i + 1] == q) {
        i++;
        continue;
      }
      break;
    }
  }
  size_t l = line;
  while (l + 1 < src->nlines && src->starts[l + 1] <= i)
    l++;
  return l;
}

/* The [ and { that s[a..e) leaves open, after depth (quotes skipped). */
static int S_flow_depth(const char *s, size_t a, size_t e, int depth)
{
  for (size_t i = a; i < e; i++) {
    if (s[i] == '"' || s[i] == '\'') {
      i = S_quote_end(s, i, e);
    } else if (s[i] == '#' && i > a && S_space(s[i - 1])) {
      break;
    } else if (s[i] == '[' || s[i] == '{') {
      depth++;
    } else if ((s[i] == ']' || s[i] == '}') && depth > 0) {
      depth--;
    }
  }
  return depth;
}

/* What a message calls a value: "the value of 'name'" or "this item". */
static void S_whose(csp_buf *out, const char *key)
{
  if (key)
    csp_buf_printf(out, "the value of '%s'", key);
  else
    csp_buf_puts(out, "this item");
}

/* A value at s[v..e) (t: its end without a comment) that starts with
 * what YAML reads as syntax, not text: quotes that end before the value
 * does, a reserved character, a list or map followed by text, a block
 * scalar's | or > followed by text, an alias's *.  Records the finding
 * and returns nonzero when it is so. */
static int S_start(S_scan *sc, size_t line, size_t v, size_t e, size_t t,
                   const char *key)
{
  const char *s = sc->src->data;
  csp_buf who, fix;
  csp_buf_init(&who);
  csp_buf_init(&fix);
  S_whose(&who, key);
  S_yaml_quoted(&fix, s + v, t - v);
  int col = S_col(sc->src, line, v), found = 1;
  char c = s[v];
  if (c == '"' || c == '\'') {
    size_t q = S_quote_end(s, v, e);
    size_t after = q + 1;
    if (q >= e || after >= t) {
      found = 0;
    } else if (c == '\'' && S_alnum(s[after])) {
      /* 'Riverside's': an apostrophe ends '...' */
      csp_buf_clear(&fix);
      S_yaml_quoted(&fix, s + v + 1, t - v - 2 + (s[t - 1] != '\''));
      S_find_add(sc, line, S_col(sc->src, line, q), K_START,
                 "the apostrophe in %s ends the quotes it starts with; "
                 "write it twice ('') or put the value in double quotes: %s",
                 who.data, fix.data);
    } else {
      S_find_add(sc, line, S_col(sc->src, line, after), K_START,
                 "%s goes on after its closing quote, which YAML does not "
                 "allow; put the whole value in quotes: %s",
                 who.data, fix.data);
    }
  } else if (c == '@' || c == '`' || c == '%') {
    S_find_add(sc, line, col, K_START,
               "%s starts with '%c', which YAML reserves; put it in "
               "quotes: %s",
               who.data, c, fix.data);
  } else if (c == '[' || c == '{') {
    /* a list or map that closes before the value ends */
    int depth = 0;
    size_t i;
    for (i = v; i < t; i++) {
      if (s[i] == '"' || s[i] == '\'')
        i = S_quote_end(s, i, t);
      else if (s[i] == '[' || s[i] == '{')
        depth++;
      else if ((s[i] == ']' || s[i] == '}') && --depth == 0)
        break;
    }
    size_t rest = i + 1;
    while (rest < t && S_space(s[rest]))
      rest++;
    if (i < t && rest < t && s[rest] != ',' && s[rest] != ']' &&
        s[rest] != '}')
      S_find_add(sc, line, col, K_START,
                 "%s starts with '%c', which makes it a YAML %s, and goes on "
                 "after it; put the whole value in quotes: %s",
                 who.data, c, c == '[' ? "list" : "map", fix.data);
    else
      found = 0;
  } else if (c == '|' || c == '>') {
    /* a block scalar's header: the indicator, then + - or a digit */
    size_t i = v + 1;
    while (i < t && (s[i] == '+' || s[i] == '-' ||
                     (s[i] >= '1' && s[i] <= '9')))
      i++;
    if (i < t)
      S_find_add(sc, line, col, K_START,
                 "%s starts with '%c', which YAML reads as the start of a "
                 "block of lines below; put it in quotes: %s",
                 who.data, c, fix.data);
    else
      found = 0;
  } else if (c == '*' && t - v > 1 &&
             (memchr(s + v + 1, '*', t - v - 1) ||
              memchr(s + v, ' ', t - v))) {
    S_find_add(sc, line, col, K_START,
               "%s starts with '*', which YAML reads as an alias; put it in "
               "quotes: %s",
               who.data, fix.data);
  } else {
    found = 0;
  }
  csp_buf_release(&who);
  csp_buf_release(&fix);
  return found;
}

/* Looks at a value (or an item's text) at s[v..e) of line: a block
 * scalar, a quoted scalar left open, a flow collection left open, ': '
 * in plain text.  key names the key it is the value of, or is NULL.
 * Returns nonzero when the value is empty (the line opens a block). */
static int S_value(S_scan *sc, S_mode *m, size_t line, size_t v, size_t e,
                   int parent_col, const char *key)
{
  const char *s = sc->src->data;
  while (v < e && S_space(s[v]))
    v++;
  size_t t = S_trim(s, v, e);
  if (t == v)
    return 1;
  if (S_start(sc, line, v, e, t, key))
    return 0;
  if (s[v] == '|' || s[v] == '>') {
    m->in_block = 1;
    m->block_parent = parent_col;
    m->block_indent = -1;
    return 0;
  }
  if ((s[v] == '&' || s[v] == '!') && !memchr(s + v, ' ', t - v))
    return 1; /* an anchor or tag alone: the value follows below */
  if (s[v] == '"' || s[v] == '\'') {
    size_t q = S_quote_end(s, v, e);
    if (q < e)
      return 0;
    size_t at;
    unsigned cp = S_last_cp(s + v, t - v, &at);
    if (t - v > 1 && S_curly(cp)) {
      csp_buf c;
      csp_buf_init(&c);
      S_quote(&c, s, v + at, t);
      S_find *f = S_find_add(sc, line, S_col(sc->src, line, v + at), K_CURLY,
                 "%s%s%s opens with a straight quote (%c) and ends with a "
                 "curly one (%s), which YAML does not take for a quote, so "
                 "the value runs on past the line; end it with a straight "
                 "%c",
                 key ? "the value of '" : "this item", key ? key : "",
                 key ? "'" : "", s[v], c.data, s[v]);
      csp_buf_release(&c);
      if (f)
        f->reach = S_quote_reach(sc->src, line, s[v]);
      return 0;
    }
    m->in_quote = s[v];
    return 0;
  }
  if (s[v] == '[' || s[v] == '{') {
    m->flow = S_flow_depth(s, v, e, 0);
    return 0;
  }
  for (size_t i = v; i < t; i++) {
    if (s[i] == ':' && (i + 1 == t || S_space(s[i + 1]))) {
      csp_buf val, fix;
      csp_buf_init(&val);
      csp_buf_init(&fix);
      S_quote(&val, s, v, t);
      S_yaml_quoted(&fix, s + v, t - v);
      if (key)
        S_find_add(sc, line, S_col(sc->src, line, i), K_COLON,
                   "the value of '%s' holds ': ' (\"%s\"), which YAML reads "
                   "as the start of another key; put the whole value in "
                   "quotes: %s: %s",
                   key, val.data, key, fix.data);
      else
        S_find_add(sc, line, S_col(sc->src, line, i), K_COLON,
                   "this item holds ': ' (\"%s\") after a key, which YAML "
                   "reads as the start of another key; put the whole item "
                   "in quotes: - %s",
                   val.data, fix.data);
      csp_buf_release(&val);
      csp_buf_release(&fix);
      break;
    }
  }
  return 0;
}

static void S_nospace_find(S_scan *sc, size_t line, size_t a, size_t colon,
                           size_t end)
{
  const char *s = sc->src->data;
  csp_buf text, key, val;
  csp_buf_init(&text);
  csp_buf_init(&key);
  csp_buf_init(&val);
  S_quote(&text, s, a, end);
  S_quote(&key, s, a, colon);
  S_quote(&val, s, colon + 1, end);
  S_find_add(sc, line, S_col(sc->src, line, a), K_NOSPACE,
             "'%s' has no space after ':', so YAML reads it as text, not "
             "as the key '%s'; put a space after ':' (%s: %s)",
             text.data, key.data, key.data, val.data);
  csp_buf_release(&text);
  csp_buf_release(&key);
  csp_buf_release(&val);
}

/* What the first thing on a line is, for messages: "'state'" for a key,
 * "this '- '", or the text quoted. */
static void S_what(csp_buf *out, const char *s, size_t a, size_t colon,
                   size_t e, int dash)
{
  if (dash) {
    csp_buf_puts(out, "this '- '");
  } else if (colon < e) {
    csp_buf_putc(out, '\'');
    S_quote(out, s, a, colon);
    csp_buf_putc(out, '\'');
  } else {
    csp_buf_putc(out, '"');
    S_quote(out, s, a, S_trim(s, a, e));
    csp_buf_putc(out, '"');
  }
}

static void S_scan_struct(S_scan *sc, S_mode *m, size_t line, size_t c,
                          int indent);

/* Scans one line (0-based) of the file. */
static void S_scan_line(S_scan *sc, S_mode *m, size_t line)
{
  csp_yaml_src *src = sc->src;
  const char *s = src->data;
  size_t a = src->starts[line], e = src->ends[line];

  if (m->in_quote) {
    /* a quoted scalar that spans lines: look for its end */
    for (size_t i = a; i < e; i++) {
      if (m->in_quote == '"' && s[i] == '\\') {
        i++;
      } else if (s[i] == m->in_quote) {
        if (m->in_quote == '\'' && i + 1 < e && s[i + 1] == '\'')
          i++;
        else {
          m->in_quote = 0;
          break;
        }
      }
    }
    return;
  }
  if (m->flow) {
    m->flow = S_flow_depth(s, a, e, m->flow);
    return;
  }

  size_t p = a;
  while (p < e && s[p] == ' ')
    p++;
  int indent = (int)(p - a);
  size_t tab = p < e && s[p] == '\t' ? p : e;
  size_t c = p;
  while (c < e && S_space(s[c]))
    c++;

  if (m->in_block) {
    if (c == e)
      return; /* a blank line is part of the block */
    if (indent > m->block_parent) {
      if (m->block_indent < 0)
        m->block_indent = indent;
      if (tab < e && indent < m->block_indent)
        S_find_add(sc, line, indent, K_TAB,
                   "line %zu is indented with a tab, which YAML does not "
                   "allow; indent with spaces",
                   line + 1);
      return;
    }
    m->in_block = 0;
  }
  if (tab < e) {
    S_find_add(sc, line, indent, K_TAB,
               "line %zu is indented with a tab, which YAML does not allow; "
               "indent with spaces",
               line + 1);
    return; /* where a tab takes it is anyone's guess */
  }
  if (c == e || s[c] == '#')
    return;
  if ((e - c >= 3 && (memcmp(s + c, "---", 3) == 0 ||
                      memcmp(s + c, "...", 3) == 0) &&
       (e - c == 3 || S_space(s[c + 3]))) ||
      s[c] == '%') {
    sc->n = 0;
    m->expect = 1;
    m->expect_col = -1;
    m->expect_dash = 0;
    return;
  }
  S_scan_struct(sc, m, line, c, indent);
  m->last_line = (long)line;
}

/* A line with something on it, taken apart: byte offsets into the
 * source, columns 0-based and in characters. */
typedef struct {
  size_t line;    /* 0-based */
  size_t c;       /* its first character */
  size_t e;       /* its end */
  size_t r;       /* past the '- ' that start it: the key or text */
  int first;      /* the column of c */
  int k;          /* the column of r */
  int dashes[S_MAX_LEVELS]; /* the columns of those '- ' */
  int ndash;
  size_t colon;   /* the ':' that ends its key, or e */
  size_t nospace; /* the ':' of its key:value written without a space, or e */
} S_parts;

/* Takes line apart from c, its first character (at column indent):
 * the '- ' that start it and what follows them; records the column of
 * its first key or '- '.  Returns 0, or -1 after a finding of a tab
 * after a '-', past which there is no model. */
static int S_parts_of(S_scan *sc, size_t line, size_t c, int indent,
                      S_parts *ln)
{
  csp_yaml_src *src = sc->src;
  const char *s = src->data;
  size_t e = src->ends[line];
  ln->line = line;
  ln->c = c;
  ln->e = e;
  ln->first = indent;
  ln->ndash = 0;
  size_t r = c;
  while (r < e && s[r] == '-' && (r + 1 == e || S_space(s[r + 1]))) {
    if (ln->ndash < S_MAX_LEVELS)
      ln->dashes[ln->ndash++] = S_col(src, line, r);
    if (r + 1 < e && s[r + 1] == '\t') {
      S_find_add(sc, line, S_col(src, line, r + 1), K_TAB,
                 "line %zu has a tab after its '-', which YAML does not "
                 "allow; write a space",
                 line + 1);
      return -1;
    }
    r++;
    while (r < e && s[r] == ' ')
      r++;
  }
  ln->r = r;
  ln->k = S_col(src, line, r);
  ln->colon = S_key_colon(s, r, e);
  ln->nospace = ln->colon == e && r < e ? S_nospace(s, r, e) : e;
  if (ln->ndash || ln->colon < e || ln->nospace < e) {
    sc->col[line] = ln->first;
    sc->dash[line] = ln->ndash > 0;
  }
  return 0;
}

/* A '- key:value' item on the line before is a key without its space
 * when this line holds a key at its column: reports it. */
static void S_pending(S_scan *sc, S_mode *m, const S_parts *ln)
{
  if (m->pend_line < 0)
    return;
  if (ln->ndash == 0 && ln->first == m->pend_col &&
      (ln->colon < ln->e || ln->nospace < ln->e))
    S_nospace_find(sc, (size_t)m->pend_line,
                   sc->src->starts[m->pend_line] + (size_t)m->pend_col,
                   m->pend_colon, m->pend_end);
  m->pend_line = -1;
}

/* A line at the column of level top, the level it belongs to: reports
 * a line without '- ' among the items of a list, or text without ':'
 * among the keys of a map.  what names the line's first thing. */
static void S_at_level(S_scan *sc, const S_parts *ln, const S_level *top,
                       const char *what)
{
  const char *s = sc->src->data;
  size_t e = ln->e, r = ln->r;
  int first = ln->first;
  int keyish = ln->colon < e || ln->nospace < e;
  if (top->seq && !ln->ndash) {
    if (r + 1 < e && s[r] == '-' && s[r + 1] != '-')
      /* "-name: x": the dash is there, its space is not */
      S_find_add(sc, ln->line, first, K_DASH,
                 "%s starts with '-' but no space after it, so it is no "
                 "list item; write '- %.*s' to start a new item",
                 what, (int)(e - r - 1 > 40 ? 40 : e - r - 1), s + r + 1);
    else if (top->item_col >= 0 && keyish)
      S_find_add(sc, ln->line, first, K_DASH,
                 "%s is at the column of the '- ' of the list above "
                 "(line %zu) but has none; start a new item with '- ', "
                 "or indent it to column %d to belong to the item above",
                 what, top->line + 1, top->item_col + 1);
    else
      S_find_add(sc, ln->line, first, K_DASH,
                 "%s is at the column of the '- ' of the list above "
                 "(line %zu) but has none; start a new item with '- '",
                 what, top->line + 1);
  } else if (!top->seq && !ln->ndash && !keyish) {
    if (top->valued)
      S_find_add(sc, ln->line, first, K_NOKEY,
                 "%s stands where a key belongs, without ':'; if it "
                 "continues the value of '%s' (line %zu), put it on "
                 "that line, or in quotes with it; if it is a key, "
                 "write it as 'key: value'",
                 what, top->key, top->line + 1);
    else
      S_find_add(sc, ln->line, first, K_NOKEY,
                 "%s stands where a key belongs, without ':'; write "
                 "it as 'key: value'",
                 what);
  }
}

/* A line between two levels, less indented than popped, the level it
 * left: reports the column it should be at. */
static void S_between(S_scan *sc, const S_parts *ln, const S_level *popped,
                      const char *what)
{
  int first = ln->first;
  if (ln->ndash)
    S_find_add(sc, ln->line, first, K_SHALLOWER,
               "%s is at column %d, but the items of its list (line "
               "%zu) start at column %d; indent it to column %d",
               what, first + 1, popped->line + 1, popped->col + 1,
               popped->col + 1);
  else if (popped->seq)
    S_find_add(sc, ln->line, first, K_SHALLOWER,
               "%s is indented to column %d, less than the '- ' of the "
               "list above it (line %zu, column %d); indent it to "
               "column %d",
               what, first + 1, popped->line + 1, popped->col + 1,
               popped->item_col >= 0 ? popped->item_col + 1
                                     : popped->col + 1);
  else
    S_find_add(sc, ln->line, first, K_SHALLOWER,
               "%s is indented to column %d, less than '%s' beside it "
               "(line %zu, column %d); indent it to column %d",
               what, first + 1, popped->key, popped->line + 1,
               popped->col + 1, popped->col + 1);
}

/* A key deeper than top, the level it is in, which opened no block:
 * reports it, or, when out_line (the line before) left a map for this
 * line's column, that line. */
static void S_deeper(S_scan *sc, const S_mode *m, const S_parts *ln,
                     const S_level *top, long out_line, const char *what)
{
  int first = ln->first;
  if (out_line >= 0 && out_line == m->last_line && m->out_col == first)
    S_find_add(sc, (size_t)out_line, m->out_at, K_SHALLOWER,
               "%s is at column %d, less than the keys of '%s' around "
               "it (column %d), so YAML ends '%s' before it; indent it "
               "to column %d",
               m->out_what, m->out_at + 1, m->out_map, first + 1,
               m->out_map, first + 1);
  else if (!top->seq && top->valued)
    S_find_add(sc, ln->line, first, K_DEEPER,
               "%s is indented to column %d, deeper than '%s' on line "
               "%zu, which has a value, so YAML reads it as part of "
               "that value; indent it to column %d, as '%s'",
               what, first + 1, top->key, top->line + 1, top->col + 1,
               top->key);
  else if (!top->seq)
    S_find_add(sc, ln->line, first, K_DEEPER,
               "%s is indented to column %d, deeper than '%s' on line "
               "%zu; indent it to column %d, as '%s'",
               what, first + 1, top->key, top->line + 1, top->col + 1,
               top->key);
  else if (top->item_col >= 0 && first != top->item_col)
    S_find_add(sc, ln->line, first, K_DEEPER,
               "%s is indented to column %d, but the keys of the item "
               "above (line %zu) are at column %d; indent it to column "
               "%d",
               what, first + 1, top->line + 1, top->item_col + 1,
               top->item_col + 1);
}

/* The level of a line that does not start a block the line before
 * opened: the levels deeper than it are closed, and what its column
 * says about it is reported.  Returns its level, or NULL for continuation text or a
 * '- ' YAML refuses, which the model leaves out. */
static S_level *S_place(S_scan *sc, S_mode *m, const S_parts *ln)
{
  const char *s = sc->src->data;
  size_t e = ln->e;
  int first = ln->first, ndash = ln->ndash;
  int keyish = ln->colon < e || ln->nospace < e;
  S_level popped = {.col = -1};
  while (sc->n > 0 && sc->lv[sc->n - 1].col > first)
    popped = sc->lv[--sc->n];
  long out_line = m->out_line;
  m->out_line = -1;
  /* a list written at its key's column (key:\n- item) ends with it */
  if (sc->n > 1 && !ndash && sc->lv[sc->n - 1].seq &&
      sc->lv[sc->n - 1].col == first && !sc->lv[sc->n - 2].seq &&
      sc->lv[sc->n - 2].col == first)
    sc->n--;
  S_level *top = sc->n > 0 ? &sc->lv[sc->n - 1] : NULL;
  S_level *lv = NULL;
  csp_buf what;
  csp_buf_init(&what);
  S_what(&what, s, ndash ? ln->c : ln->r,
         ln->nospace < e ? ln->nospace : ln->colon, e, ndash > 0);
  if (popped.col >= 0 && !popped.seq && top && top->col == first &&
      !ndash && ln->colon < e) {
    /* it left a map: if the next line goes back in, it should not */
    m->out_line = (long)ln->line;
    m->out_col = popped.col;
    m->out_at = first;
    snprintf(m->out_what, sizeof m->out_what, "%s", what.data);
    snprintf(m->out_map, sizeof m->out_map, "%s", top->key);
  }
  if (top && top->col == first) {
    lv = top;
    S_at_level(sc, ln, top, what.data);
  } else if (popped.col >= 0) {
    S_between(sc, ln, &popped, what.data);
    lv = S_push(sc, popped.col, popped.seq, ln->line);
    lv->item_col = popped.item_col;
  } else if (top && keyish && !ndash) {
    /* continuation text, as YAML reads it */
    S_deeper(sc, m, ln, top, out_line, what.data);
  }
  csp_buf_release(&what);
  return lv;
}

/* Expects the block a line opens, below the key or '- ' at column
 * col. */
static void S_expect(S_mode *m, int col, int dash)
{
  m->expect = 1;
  m->expect_col = col;
  m->expect_dash = dash;
}

/* Records the '- ' that start a line in lv, the level of the first,
 * and the levels of the others, then looks at an item's text or keeps
 * a '- key:value' for the next line to judge.  Returns the level of
 * the item's key, or NULL when the line holds none. */
static S_level *S_record_dashes(S_scan *sc, S_mode *m, const S_parts *ln,
                                S_level *lv)
{
  const char *s = sc->src->data;
  size_t e = ln->e, r = ln->r;
  int last = ln->dashes[ln->ndash - 1];
  lv->seq = 1;
  lv->key[0] = '\0';
  lv->item_col = -1;
  for (int i = 1; i < ln->ndash; i++) {
    lv->item_col = ln->dashes[i];
    lv = S_push(sc, ln->dashes[i], 1, ln->line);
  }
  if (r == e || s[r] == '#') {
    S_expect(m, last, 1);
    return NULL;
  }
  if (ln->colon == e && ln->nospace == e) {
    if (S_value(sc, m, ln->line, r, e, last, NULL))
      S_expect(m, last, 1);
    return NULL;
  }
  if (ln->nospace < e && ln->colon == e) {
    m->pend_line = (int)ln->line;
    m->pend_col = ln->k;
    m->pend_colon = ln->nospace;
    m->pend_end = S_trim(s, r, e);
  }
  lv->item_col = ln->k;
  return S_push(sc, ln->k, 0, ln->line);
}

/* Records a line's key in lv, its level, and looks at its value. */
static void S_record_key(S_scan *sc, S_mode *m, const S_parts *ln,
                         S_level *lv)
{
  const char *s = sc->src->data;
  size_t e = ln->e, r = ln->r, colon = ln->colon, nospace = ln->nospace;
  size_t kend = colon < e ? colon : nospace;
  size_t ks = r;
  if (colon < e && (s[r] == '"' || s[r] == '\'')) {
    ks = r + 1;
    kend = S_quote_end(s, r, e);
  }
  S_setkey(lv, s, ks, kend);
  if (nospace < e && colon == e) {
    if (!ln->ndash)
      S_nospace_find(sc, ln->line, r, nospace, S_trim(s, r, e));
    lv->valued = 1;
    return;
  }
  lv->valued = !S_value(sc, m, ln->line, colon + 1, e, ln->k, lv->key);
  if (!lv->valued)
    S_expect(m, ln->k, 0);
}

/* Scans the structure of a line with something on it, from c, its
 * first character (at column indent): takes it apart, finds its level
 * (the first line of the block the line before opened, or one already
 * open), then records its '- ' and its key. */
static void S_scan_struct(S_scan *sc, S_mode *m, size_t line, size_t c,
                          int indent)
{
  S_parts ln;
  if (S_parts_of(sc, line, c, indent, &ln) < 0)
    return;
  S_pending(sc, m, &ln);
  S_level *lv;
  int placed = m->expect &&
               (ln.first > m->expect_col ||
                (ln.ndash && ln.first == m->expect_col && !m->expect_dash));
  m->expect = 0;
  if (placed)
    lv = S_push(sc, ln.first, ln.ndash > 0, line);
  else if (!(lv = S_place(sc, m, &ln)))
    return;
  lv->line = line;
  if (ln.ndash) {
    if (!(lv = S_record_dashes(sc, m, &ln, lv)))
      return;
  } else if (ln.colon == ln.e && ln.nospace == ln.e) {
    if (placed) {
      /* text on the lines below its key: the key's value */
      sc->n--;
      if (sc->n > 0)
        sc->lv[sc->n - 1].valued = 1;
    }
    return;
  }
  S_record_key(sc, m, &ln, lv);
}

static void S_scan_run(S_scan *sc)
{
  S_lines(sc->src);
  sc->col = csp_xmalloc((sc->src->nlines + 1) * sizeof *sc->col);
  sc->dash = csp_xcalloc(sc->src->nlines + 1, 1);
  for (size_t i = 0; i <= sc->src->nlines; i++)
    sc->col[i] = -1;
  S_mode m;
  memset(&m, 0, sizeof m);
  m.expect = 1;
  m.expect_col = -1;
  m.pend_line = -1;
  m.last_line = -1;
  m.out_line = -1;
  for (size_t i = 0; i < sc->src->nlines; i++)
    S_scan_line(sc, &m, i);
}

static void S_scan_release(S_scan *sc)
{
  for (size_t i = 0; i < sc->nfinds; i++)
    free(sc->finds[i].msg);
  free(sc->finds);
  free(sc->col);
  free(sc->dash);
}

/* ---- syntax errors ---------------------------------------------------- */

/* Nonzero when line (0-based) holds nothing but spaces or a comment. */
static int S_blank(const csp_yaml_src *src, size_t line)
{
  const char *s = src->data;
  size_t i = src->starts[line], e = src->ends[line];
  while (i < e && S_space(s[i]))
    i++;
  return i == e || s[i] == '#';
}

/* The finding that explains an error libyaml raised at line (0-based),
 * with its context at ctx_line, in the part of the file from `from` on:
 * the one on that line, the line with something on it before it, or the
 * context's line, the latest of them; or NULL. */
static S_find *S_explain(S_scan *sc, size_t line, size_t ctx_line,
                         size_t from)
{
  size_t before = line;
  while (before > from && S_blank(sc->src, before - 1))
    before--;
  before = before > from ? before - 1 : line;
  S_find *best = NULL;
  for (size_t i = 0; i < sc->nfinds; i++) {
    S_find *f = &sc->finds[i];
    if (f->line < from || f->line > line)
      continue;
    if (f->line != line && f->line != before && f->line != ctx_line &&
        f->reach < before)
      continue;
    if (!best || f->line > best->line)
      best = f;
  }
  return best;
}

/* libyaml's own words for an error it raised, and with hint, the
 * general hint a few of them have. */
static void S_libyaml(csp_buf *out, csp_yaml_src *src, const yaml_parser_t *p,
                      size_t base, int hint)
{
  const char *problem = p->problem ? p->problem : "cannot parse the file";
  csp_buf_puts(out, problem);
  if (p->context) {
    csp_buf_putc(out, ' ');
    csp_buf_puts(out, p->context);
  }
  if (!hint)
    return;
  size_t off = S_offset(src, base + p->problem_mark.line,
                        p->problem_mark.column);
  if (strstr(problem, "cannot start any token") && off < src->len &&
      src->data[off] == '\t')
    csp_buf_puts(out, "; indent with spaces, not tabs");
  else if (strstr(problem, "mapping values are not allowed"))
    csp_buf_puts(out, "; put quotes around a value that holds ': '");
  else if (p->context && strstr(p->context, "quoted scalar"))
    csp_buf_puts(out, "; end the quoted value with the same straight quote "
                      "it starts with");
}

/* The line after `line` (0-based), where libyaml stopped, to read on
 * from: the next with a key or '- ' at the column of the structure line
 * is in (its own first key or '- ', or that of the last line before it
 * with one) or further out; nlines when there is none. */
static size_t S_resume(const S_scan *sc, size_t line)
{
  size_t n = sc->src->nlines;
  if (line >= n)
    return n;
  int c = 0;
  for (size_t i = line + 1; i-- > 0;)
    if (sc->col[i] >= 0) {
      c = sc->col[i];
      break;
    }
  for (size_t i = line + 1; i < n; i++)
    if (sc->col[i] >= 0 && sc->col[i] <= c)
      return i;
  return n;
}

/* The end of the block that starts at line `from` (a key or '- '): the
 * next line with a key or '- ' further out, or at its column but of the
 * other kind; nlines at the end of the file. */
static size_t S_block_end(const S_scan *sc, size_t from)
{
  size_t n = sc->src->nlines;
  for (size_t i = from + 1; i < n; i++)
    if (sc->col[i] >= 0 &&
        (sc->col[i] < sc->col[from] ||
         (sc->col[i] == sc->col[from] && sc->dash[i] != sc->dash[from])))
      return i;
  return n;
}

/* Reports one syntax error of p, whose marks count from line base of
 * the file, in the part of the file from line `from` on; resume is the
 * line the parse goes on from, or nlines. */
static void S_report(S_scan *sc, const yaml_parser_t *p, size_t base,
                     size_t from, size_t resume)
{
  csp_yaml_src *src = sc->src;
  size_t line = base + p->problem_mark.line;
  size_t ctx_line = p->context ? base + p->context_mark.line : line;
  csp_loc at = S_loc(src, line, (int)p->problem_mark.column);
  csp_buf words;
  csp_buf_init(&words);
  S_find *f = S_explain(sc, line, ctx_line, from);
  S_libyaml(&words, src, p, base, !f);
  /* an unterminated quote is reported where it starts */
  if (!f && p->context && strstr(p->context, "quoted scalar"))
    at = S_loc(src, ctx_line, (int)p->context_mark.column);
  if (f && f->reported) {
    csp_buf_release(&words);
    return; /* the same mistake, met again */
  }
  if (f) {
    csp_loc floc = S_loc(src, f->line, f->col);
    csp_diag(src->diags, CSP_R_YAML, &floc, "%s", f->msg);
    f->reported = 1;
  } else {
    csp_diag(src->diags, CSP_R_YAML, &at, "invalid YAML: %s", words.data);
  }
  csp_buf tail;
  csp_buf_init(&tail);
  if (resume < src->nlines)
    csp_buf_printf(&tail, "csecpol reads on from line %zu for more syntax "
                          "errors, and checks the fields once the file "
                          "parses",
                   resume + 1);
  else
    csp_buf_puts(&tail, "the fields are checked once the file parses");
  if (f)
    csp_diag_note(src->diags, &at, "the YAML parser stops here (%s); %s",
                  words.data, tail.data);
  else
    csp_diag_note(src->diags, &at, "the YAML parser stops here; %s",
                  tail.data);
  csp_buf_release(&tail);
  csp_buf_release(&words);
}

/* At most this many syntax errors are reported from one file. */
#define S_MAX_ERRORS 20

void csp_yaml_hint_syntax(csp_yaml_src *src, const yaml_parser_t *p)
{
  S_scan sc;
  memset(&sc, 0, sizeof sc);
  sc.src = src;
  S_scan_run(&sc);

  /* an error at the end of the file leaves nothing to read on */
  size_t resume = S_resume(&sc, p->problem_mark.line);
  S_report(&sc, p, 0, 0, resume);
  int errors = 1;
  while (resume < src->nlines && errors < S_MAX_ERRORS) {
    /* one block at a time, parsed as a document of its own: a part of a
     * map or a list, whole */
    size_t from = resume, end = S_block_end(&sc, from);
    size_t off = src->starts[from];
    size_t stop = end < src->nlines ? src->starts[end] : src->len;
    yaml_parser_t q;
    if (!yaml_parser_initialize(&q))
      csp_oom(); /* it fails only so */
    yaml_parser_set_input_string(&q, (const unsigned char *)src->data + off,
                                 stop - off);
    int failed = 0;
    for (;;) {
      yaml_event_t ev;
      if (!yaml_parser_parse(&q, &ev)) {
        failed = 1;
        break;
      }
      int done = ev.type == YAML_STREAM_END_EVENT;
      yaml_event_delete(&ev);
      if (done)
        break;
    }
    if (failed && q.error != YAML_READER_ERROR &&
        q.error != YAML_MEMORY_ERROR) {
      size_t at = from + q.problem_mark.line;
      resume = S_resume(&sc, at);
      S_report(&sc, &q, from, from, resume);
      errors++;
    } else {
      resume = end;
    }
    yaml_parser_delete(&q);
  }
  /* a tab in the indentation is an error wherever it stands; after a
   * few, the rest are counted */
  size_t tabs = 0, shown = 0;
  for (size_t i = 0; i < sc.nfinds; i++)
    tabs += sc.finds[i].kind == K_TAB && !sc.finds[i].reported;
  for (size_t i = 0; i < sc.nfinds && shown <= S_MAX_ERRORS; i++) {
    S_find *f = &sc.finds[i];
    if (f->kind != K_TAB || f->reported)
      continue;
    csp_loc loc = S_loc(src, f->line, f->col);
    if (shown++ < S_MAX_ERRORS)
      csp_diag(src->diags, CSP_R_YAML, &loc, "%s", f->msg);
    else
      csp_diag(src->diags, CSP_R_YAML, &loc,
               "line %zu and %zu more lines after it are indented with "
               "tabs, which YAML does not allow; indent with spaces",
               f->line + 1, tabs - S_MAX_ERRORS - 1);
  }
  S_scan_release(&sc);
}

/* ---- values that parse ------------------------------------------------ */

static void S_err(csp_yaml_src *src, csp_rule_id rule, const csp_loc *loc,
                  const char *fmt, ...) CSP_PRINTF(4, 5);

/* Holds a diagnostic of rule (a warning) until csp_yaml_hint_commit. */
static void S_err(csp_yaml_src *src, csp_rule_id rule, const csp_loc *loc,
                  const char *fmt, ...)
{
  src->held =
      csp_xgrow(src->held, src->nheld, &src->capheld, sizeof *src->held, 4);
  struct csp_yaml_held *h = &src->held[src->nheld++];
  h->loc = *loc;
  h->rule = rule;
  va_list ap;
  va_start(ap, fmt);
  h->msg = csp_xvasprintf(fmt, ap);
  va_end(ap);
}

void csp_yaml_hint_commit(csp_yaml_src *src)
{
  for (size_t i = 0; i < src->nheld; i++) {
    csp_diag(src->diags, src->held[i].rule, &src->held[i].loc, "%s",
             src->held[i].msg);
    free(src->held[i].msg);
  }
  src->nheld = 0;
}

typedef struct {
  csp_yaml_namer fn;
  void *ctx;
} S_namer;

/* What a message calls the value: "'site.address'" or "the value". */
static void S_name(csp_buf *out, const S_namer *nm)
{
  csp_buf b;
  csp_buf_init(&b);
  nm->fn(&b, nm->ctx);
  if (b.len)
    csp_buf_printf(out, "'%s'", b.data);
  else
    csp_buf_puts(out, "the value");
  csp_buf_release(&b);
}

/* Nonzero when s[0..n) starts with a letter or a digit: ASCII, or a
 * letter of another script (not a punctuation mark or symbol). */
static int S_word_start(const char *s, size_t n)
{
  if (S_alnum(s[0]))
    return 1;
  unsigned cp;
  if ((unsigned char)s[0] < 0xC0 || !csp_utf8_decode(s, n, &cp))
    return 0;
  return cp != 0xD7 && cp != 0xF7 && !(cp >= 0x2000 && cp <= 0x2BFF) &&
         !(cp >= 0x3000 && cp <= 0x303F) && !(cp >= 0xFE00 && cp <= 0xFE6F) &&
         !(cp >= 0xFF00 && cp <= 0xFF0F) && cp < 0x1F000;
}

/* A ' #' comment after the value on its line that starts with a letter
 * or digit, as "#200" does. */
static void S_comment(csp_yaml_src *src, const yaml_event_t *ev,
                      const S_namer *shown)
{
  if (!src->comments)
    return;
  const char *s = src->data;
  size_t line = ev->end_mark.line;
  size_t i = csp_yaml_src_offset(src, ev->end_mark);
  size_t sp = i;
  while (i < src->len && S_space(s[i]))
    i++;
  if (i == sp || i >= src->len || s[i] != '#')
    return; /* the common case, found without looking further */
  size_t e = i;
  while (e < src->len && !S_break(s, src->len, e))
    e++;
  if (i == sp || i + 1 >= e || s[i] != '#' ||
      !S_word_start(s + i + 1, e - i - 1))
    return;
  size_t t = e;
  while (t > i && S_space(s[t - 1]))
    t--;
  const char *v = (const char *)ev->data.scalar.value;
  size_t n = ev->data.scalar.length;
  int plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
  csp_buf name, cut, val, fix;
  csp_buf_init(&name);
  csp_buf_init(&cut);
  csp_buf_init(&val);
  csp_buf_init(&fix);
  S_name(&name, shown);
  S_quote(&cut, s, i, t);
  csp_loc loc = S_loc(src, line, (int)(ev->end_mark.column + (i - sp)));
  if (n == 0 && plain) {
    S_yaml_quoted(&fix, s + i, t - i);
    S_err(src, CSP_R_YAML_COMMENT, &loc,
             "%s is empty: YAML reads ' #' as the start of a comment, so "
             "\"%s\" is left out; to keep it, put it in quotes: %s",
             name.data, cut.data, fix.data);
  } else {
    csp_buf whole;
    csp_buf_init(&whole);
    csp_buf_put(&whole, v, n);
    csp_buf_putc(&whole, ' ');
    csp_buf_put(&whole, s + i, t - i);
    S_yaml_quoted(&fix, whole.data, whole.len);
    csp_buf_release(&whole);
    char *value = csp_xstrndup(v, n);
    csp_excerpt(&val, value, 60);
    free(value);
    S_err(src, CSP_R_YAML_COMMENT, &loc,
             "%s ends at \"%s\": YAML reads ' #' as the start of a "
             "comment, so \"%s\" is left out; to keep it, %s: %s",
             name.data, val.data, cut.data,
             plain ? "put the whole value in quotes"
                   : "move it inside the quotes",
             fix.data);
  }
  csp_buf_release(&name);
  csp_buf_release(&cut);
  csp_buf_release(&val);
  csp_buf_release(&fix);
}

/* Unquoted text wrapped in curly quotes (“...”, ‘...’, „...“, «...»,
 * and the mixed forms), or a quoted value whose first line ends with a
 * curly quote, so that it ran on to the next straight one. */
static void S_curly_quotes(csp_yaml_src *src, const yaml_event_t *ev,
                           csp_yaml_role role, const S_namer *shown)
{
  const char *v = (const char *)ev->data.scalar.value;
  size_t n = ev->data.scalar.length;
  csp_loc loc = S_loc(src, ev->start_mark.line, (int)ev->start_mark.column);
  if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) {
    if (ev->end_mark.line == ev->start_mark.line)
      return;
    const char *s = src->data;
    size_t a = csp_yaml_src_offset(src, ev->start_mark);
    size_t e = S_trim(s, a, S_eol(src, a));
    size_t at;
    if (e <= a + 1 || !S_curly(S_last_cp(s + a, e - a, &at)))
      return;
    csp_buf name, q;
    csp_buf_init(&name);
    csp_buf_init(&q);
    S_name(&name, shown);
    S_quote(&q, s, a + at, e);
    S_err(src, CSP_R_CURLY_QUOTES, &loc,
             "%s opens with a straight quote and ends on this line with a "
             "curly one (%s), which YAML does not take for a quote, so the "
             "value runs on to line %zu; end it with a straight quote",
             name.data, q.data, (size_t)ev->end_mark.line + 1);
    csp_buf_release(&name);
    csp_buf_release(&q);
    return;
  }
  if (n < 2)
    return;
  size_t flen, at;
  unsigned first = S_first_cp(v, n, &flen);
  unsigned last = S_last_cp(v, n, &at);
  if (!S_curly(first) || at < flen ||
      !(S_curly(last) || last == '"' || last == '\''))
    return;
  csp_buf name, q;
  csp_buf_init(&name);
  csp_buf_init(&q);
  if (role == CSP_YAML_KEY)
    csp_buf_puts(&name, "this key");
  else
    S_name(&name, shown);
  char *text = csp_xstrndup(v, n);
  csp_excerpt(&q, text, 60);
  free(text);
  S_err(src, CSP_R_CURLY_QUOTES, &loc,
           "%s is wrapped in curly quotes (%s), which YAML keeps as part of "
           "the text, so the policy would show them; use straight quotes "
           "(\"...\") or none",
           name.data, q.data);
  csp_buf_release(&name);
  csp_buf_release(&q);
}

/* An unquoted list item that runs on into the next lines, which YAML
 * joins into one item: often a second item without its '- '. */
static void S_join(csp_yaml_src *src, const yaml_event_t *ev,
                   const S_namer *shown)
{
  size_t l0 = ev->start_mark.line, l1 = ev->end_mark.line;
  if (l1 == l0)
    return;
  const char *s = src->data;
  size_t start = csp_yaml_src_offset(src, ev->start_mark);
  size_t stop = csp_yaml_src_offset(src, ev->end_mark);
  /* the first line after the item's with something on it */
  size_t next = l0, a = S_eol(src, start), e, bol;
  do {
    if (a >= src->len)
      return;
    a += S_break(s, src->len, a);
    next++;
    bol = a;
    e = S_eol(src, a);
    while (a < e && S_space(s[a]))
      a++;
  } while (a == e && next < l1);
  if (e > stop)
    e = stop;
  csp_buf name, cont, whole;
  csp_buf_init(&name);
  csp_buf_init(&cont);
  csp_buf_init(&whole);
  S_name(&name, shown);
  S_quote(&cont, s, a, S_trim(s, a, e));
  char *text = csp_xstrndup((const char *)ev->data.scalar.value,
                            ev->data.scalar.length);
  csp_excerpt(&whole, text, 60);
  free(text);
  csp_loc loc = S_loc(src, next, (int)(a - bol)); /* spaces before a */
  /* the item's own '- ', before its text on its line */
  size_t d = start;
  while (d > 0 && S_space(s[d - 1]))
    d--;
  if (e - a >= 2 && s[a] == '-' && S_space(s[a + 1]) && d > 0 &&
      s[d - 1] == '-')
    S_err(src, CSP_R_YAML_JOIN, &loc,
          "this '- ' is indented deeper than the '- ' of %s on line %zu, so "
          "YAML reads it as more of that item's text (\"%s\"); indent it to "
          "column %d",
          name.data, l0 + 1, whole.data,
          (int)ev->start_mark.column - (int)(start - d) - 1 + 1);
  else
    S_err(src, CSP_R_YAML_JOIN, &loc,
          "%s, the item of line %zu, continues on line %zu (\"%s\"): YAML "
          "joins the lines of an item into one (\"%s\"); to start a new "
          "item, write '- ' before it; to keep one item, put it in quotes",
          name.data, l0 + 1, next + 1, cont.data, whole.data);
  csp_buf_release(&name);
  csp_buf_release(&cont);
  csp_buf_release(&whole);
}

void csp_yaml_hint_scalar(csp_yaml_src *src, const yaml_event_t *ev,
                          csp_yaml_role role, csp_yaml_namer name,
                          void *ctx)
{
  S_namer nm = {name, ctx};
  yaml_scalar_style_t style = ev->data.scalar.style;
  if (style == YAML_LITERAL_SCALAR_STYLE || style == YAML_FOLDED_SCALAR_STYLE)
    return; /* a block: its lines are its own */
  if (role != CSP_YAML_KEY)
    S_comment(src, ev, &nm);
  S_curly_quotes(src, ev, role, &nm);
  if (role == CSP_YAML_ITEM &&
      ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
    S_join(src, ev, &nm);
}

/* ---- duplicate keys --------------------------------------------------- */

void csp_yaml_hint_duplicate(csp_diags *dg, const char *key,
                             const csp_loc *at, const csp_loc *first,
                             const csp_loc *dash)
{
  if (dash)
    csp_diag(dg, CSP_R_DUPLICATE_KEY, at,
             "duplicate key '%s' in one item of a list; if line %d starts "
             "the next item, write '- ' before '%s', in line with the '- ' "
             "on line %d (column %d); otherwise remove or rename one",
             key, at->line, key, dash->line, dash->col);
  else
    csp_diag(dg, CSP_R_DUPLICATE_KEY, at,
             "duplicate key '%s'; a key may appear once in a map, so "
             "remove or rename one",
             key);
  csp_diag_note(dg, first, "'%s' first appears here", key);
}
