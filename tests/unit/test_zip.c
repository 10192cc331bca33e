/* test_zip.c: the zip container of our DOCX, which libzip writes
 * (docx_pkg.c), and the reader of zipread.c that takes word/styles.xml
 * out of a --reference-doc (going away with it).
 *
 * The packages csp_render_docx makes are taken apart at the offsets
 * APPNOTE gives, checked for the fixed parts copied compressed from the
 * run's kept archive, and handed to libzip, python3's zipfile and
 * unzip -t.  The reader gets archives libzip writes and archives made by
 * hand, damaged field by field and cut at every length. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmark.h>
#include <zip.h>
#include <zlib.h>

#include "diag.h"
#include "render.h"
#include "tap.h"
#include "util.h"
#include "zipread.h"

/* Writes a whole file with stdio: what the tests write is no output of
 * csecpol's, so it does not go through the output guard. */
static int S_put_file(const char *path, const char *data, size_t len)
{
  FILE *f = fopen(path, "wb");
  if (!f)
    return -1;
  int ok = fwrite(data, 1, len, f) == len;
  return fclose(f) == 0 && ok ? 0 : -1;
}


/* One entry to write. */
typedef struct {
  const char *name;
  const char *data;
  size_t len;
} entry;

static unsigned get16(const char *p)
{
  const unsigned char *u = (const unsigned char *)p;
  return (unsigned)u[0] | (unsigned)u[1] << 8;
}

static uint32_t get32(const char *p)
{
  return (uint32_t)get16(p) | (uint32_t)get16(p + 2) << 16;
}

static void set16(char *p, unsigned v)
{
  p[0] = (char)(v & 0xFF);
  p[1] = (char)(v >> 8 & 0xFF);
}

static void set32(char *p, uint32_t v)
{
  set16(p, v & 0xFFFF);
  set16(p + 2, v >> 16);
}

/* Pseudo-random bytes that deflate cannot shrink. */
static void noise(char *p, size_t n, uint32_t seed)
{
  for (size_t i = 0; i < n; i++) {
    seed = seed * 1103515245u + 12345u;
    p[i] = (char)(seed >> 16);
  }
}

/* Text that deflate shrinks well, of n bytes, varied by k. */
static char *xml(size_t n, int k)
{
  csp_buf b;
  csp_buf_init(&b);
  for (int i = 0; b.len < n; i++)
    csp_buf_printf(&b,
                   "<w:style w:styleId=\"S%d-%d\"><w:name w:val=\"x\"/>"
                   "</w:style>\n",
                   k, i % 97);
  b.len = n;
  b.data[n] = '\0';
  return csp_buf_detach(&b);
}

/* Writes entries e[0..n) as one archive into out (cleared) with
 * libzip, in memory, deflated, dated 1980-01-01.  Returns 0, or -1. */
static int write_fresh(csp_buf *out, const entry *e, size_t n)
{
  csp_buf_clear(out);
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *dst = zip_source_buffer_create(NULL, 0, 0, &ze);
  zip_t *za = dst ? zip_open_from_source(dst, ZIP_CREATE | ZIP_TRUNCATE, &ze)
                  : NULL;
  zip_error_fini(&ze);
  if (!za) {
    if (dst)
      zip_source_free(dst);
    return -1;
  }
  zip_source_keep(dst);
  int ok = 1;
  for (size_t i = 0; ok && i < n; i++) {
    zip_source_t *s = zip_source_buffer(za, e[i].data, e[i].len, 0);
    zip_int64_t at = s ? zip_file_add(za, e[i].name, s, 0) : -1;
    if (s && at < 0)
      zip_source_free(s);
    ok = at >= 0 &&
         zip_set_file_compression(za, (zip_uint64_t)at, ZIP_CM_DEFLATE, 6) ==
             0 &&
         zip_file_set_dostime(za, (zip_uint64_t)at, 0, (1 << 5) | 1, 0) == 0;
  }
  if (!ok || zip_close(za) < 0) {
    zip_discard(za);
    zip_source_free(dst);
    return -1;
  }
  zip_stat_t st;
  zip_stat_init(&st);
  ok = zip_source_stat(dst, &st) == 0 && zip_source_open(dst) == 0;
  if (ok) {
    char chunk[8192];
    zip_int64_t got;
    while ((got = zip_source_read(dst, chunk, sizeof chunk)) > 0)
      csp_buf_put(out, chunk, (size_t)got);
    ok = got == 0 && out->len == st.size;
    zip_source_close(dst);
  }
  zip_source_free(dst);
  return ok ? 0 : -1;
}

/* Reads name out of a[0..len) into out (cleared) with a generous max. */
static int read_zip(const char *a, size_t len, const char *name, csp_buf *out,
                    const char **why)
{
  csp_buf_clear(out);
  return csp_zip_read(a, len, name, 1u << 24, out, why);
}

/* Checks that a read, an expression that sets why, refused with the
 * phrase want. */
#define REFUSED(call, want, what)                                              \
  do {                                                                         \
    int r_ = (call);                                                           \
    OK(r_ == -1 && why && strcmp(why, want) == 0, "%s (%s)", what,             \
       why ? why : "not refused");                                             \
  } while (0)

static int same(const csp_buf *b, const char *data, size_t len)
{
  return b->len == len && (len == 0 || memcmp(b->data, data, len) == 0);
}

/* Offsets in a written archive: the end record and the directory. */
static size_t end_at(const csp_buf *a) { return a->len - 22; }
static size_t cd_at(const csp_buf *a)
{
  return get32(a->data + end_at(a) + 16);
}

/* ---- our packages ---------------------------------------------- */

static const csp_meta meta = {
    .site_name = "Child Advocacy Center of Oswego County",
    .title = "CSEC Policy",
    .version = "1.2",
    .effective_date = "2024-07-01",
    .state = "NY",
};

/* The parts of every package, in the order they are zipped. */
static const char *const parts[] = {
    "[Content_Types].xml", "_rels/.rels",          "word/document.xml",
    "word/_rels/document.xml.rels", "word/styles.xml", "word/numbering.xml",
    "word/settings.xml",   "word/fontTable.xml",   "word/header1.xml",
    "word/footer1.xml",    "docProps/core.xml",    "docProps/app.xml"};
#define NPARTS (sizeof parts / sizeof *parts)

/* The parts that are the same in every package of a run. */
static int kept(const char *name)
{
  return strcmp(name, "[Content_Types].xml") == 0 ||
         strcmp(name, "_rels/.rels") == 0 ||
         strcmp(name, "word/styles.xml") == 0 ||
         strcmp(name, "word/settings.xml") == 0 ||
         strcmp(name, "word/fontTable.xml") == 0;
}

/* Renders md with m into out (cleared).  Returns the renderer's status. */
static int render(const char *md, const csp_meta *m, csp_buf *out)
{
  cmark_node *doc =
      cmark_parse_document(md, strlen(md), CMARK_OPT_VALIDATE_UTF8);
  csp_buf_clear(out);
  int rc = csp_render_docx(doc, m, out);
  cmark_node_free(doc);
  return rc;
}

/* One local entry of a package: where its header is, and how long the
 * header, name and data are together. */
typedef struct {
  size_t at, len;
  unsigned flags;
} local;

/* Walks the local headers of a package into l[0..NPARTS).  Returns how
 * many there were, stopping at the first that is not a local header. */
static size_t locals(const csp_buf *a, local *l)
{
  size_t n = 0, at = 0;
  while (n < NPARTS && a->len - at >= 30 && get32(a->data + at) == 0x04034b50) {
    const char *h = a->data + at;
    size_t len = 30 + get16(h + 26) + get16(h + 28) + get32(h + 18);
    if (len > a->len - at)
      break;
    l[n++] = (local){at, len, get16(h + 6)};
    at += len;
  }
  return n;
}

/* The fields libzip writes for us, read where APPNOTE puts them. */
static void test_package_fields(void)
{
  csp_buf a, out;
  csp_buf_init(&a);
  csp_buf_init(&out);
  if (!OK(render("# T\n\n- [a](https://example.org)\n", &meta, &a) == 0,
          "a package renders"))
    return;
  local l[NPARTS];
  size_t n = locals(&a, l);
  OK(n == NPARTS, "%zu local entries, one after another from 0", n);
  int names = 1, fixed = 1, sizes = 1, crcs = 1;
  for (size_t i = 0; i < n; i++) {
    const char *h = a.data + l[i].at;
    size_t nl = get16(h + 26);
    names &= nl == strlen(parts[i]) && memcmp(h + 30, parts[i], nl) == 0;
    /* version 2.0, no data descriptor, deflated, 1980-01-01 00:00:00,
     * no extra field */
    fixed &= get16(h + 4) == 20 && (l[i].flags & 0x0008) == 0 &&
             get16(h + 8) == 8 && get16(h + 10) == 0 &&
             get16(h + 12) == ((1 << 5) | 1) && get16(h + 28) == 0;
    const char *why = NULL;
    csp_buf_clear(&out);
    int rc = csp_zip_read(a.data, a.len, parts[i], 1 << 24, &out, &why);
    sizes &= rc == 1 && get32(h + 22) == out.len && get32(h + 18) > 0 &&
             get32(h + 18) < out.len;
    crcs &= rc == 1 && get32(h + 14) == (uint32_t)crc32(
                                            0, (const Bytef *)out.data,
                                            (uInt)out.len);
  }
  OK(names, "entries named and ordered as the parts are");
  OK(fixed, "each: version 2.0, no data descriptor, deflated, "
            "1980-01-01 00:00:00, no extra field");
  OK(sizes, "each: sizes in the local header, the data smaller deflated");
  OK(crcs, "each: the CRC-32 of its bytes in the local header");

  size_t end = end_at(&a), cd = cd_at(&a);
  const char *e = a.data + end;
  OK(get32(e) == 0x06054b50 && get16(e + 4) == 0 && get16(e + 6) == 0 &&
         get16(e + 8) == NPARTS && get16(e + 10) == NPARTS &&
         get16(e + 20) == 0,
     "end record: the last 22 bytes, one disk, %zu entries, no comment",
     NPARTS);
  OK(n == NPARTS && cd == l[n - 1].at + l[n - 1].len &&
         cd + get32(e + 12) == end,
     "the directory follows the last entry's data, up to the end record");
  int central = 1;
  size_t at = cd;
  for (size_t i = 0; central && i < n; i++) {
    const char *c = a.data + at, *h = a.data + l[i].at;
    size_t nl = get16(c + 28);
    central = get32(c) == 0x02014b50 && c[5] == 3 /* Unix */ &&
              get16(c + 6) == 20 && get16(c + 8) == l[i].flags &&
              memcmp(c + 10, h + 8, 16) == 0 /* method .. sizes */ &&
              get16(c + 30) == 0 && get16(c + 32) == 0 &&
              get16(c + 34) == 0 && get32(c + 38) == (0100644u << 16) &&
              get32(c + 42) == l[i].at && nl == strlen(parts[i]) &&
              memcmp(c + 46, parts[i], nl) == 0;
    at += 46 + nl;
  }
  OK(central && at == end,
     "directory: made by Unix, -rw-r--r--, no extra field or comment, "
     "each entry as its local header says and at its offset");
  csp_buf_release(&a);
  csp_buf_release(&out);
}

/* The parts that are the same in every document are compressed once a
 * run, at zlib's best (general purpose flag bit 1), into an archive kept
 * for the run, and copied from it as they are: the bytes of their local
 * entries are the same in every package.  A document's own parts are
 * deflated with it, at the default level. */
static void test_package_kept(void)
{
  csp_buf a, b, c;
  csp_buf_init(&a);
  csp_buf_init(&b);
  csp_buf_init(&c);
  csp_meta other = meta;
  other.site_name = "Another Site";
  other.title = "Another Policy";
  int ok = render("# One\n\ntext\n", &meta, &a) == 0 &&
           render("# Two\n\n1. other text\n2. and more\n", &other, &b) == 0;
  OK(ok, "two documents render");
  local la[NPARTS], lb[NPARTS];
  if (ok && locals(&a, la) == NPARTS && locals(&b, lb) == NPARTS) {
    int same = 1, level = 1, own = 1;
    for (size_t i = 0; i < NPARTS; i++) {
      if (kept(parts[i])) {
        same &= la[i].len == lb[i].len &&
                memcmp(a.data + la[i].at, b.data + lb[i].at, la[i].len) == 0;
        level &= (la[i].flags & 6) == 2;
      } else {
        own &= (la[i].flags & 6) == 0;
      }
    }
    OK(same, "the kept parts' entries are byte for byte the same in both");
    OK(level, "the kept parts are compressed at the best level");
    OK(own, "a document's own parts are compressed at the default level");
    OK(la[2].len != lb[2].len ||
           memcmp(a.data + la[2].at, b.data + lb[2].at, la[2].len) != 0,
       "word/document.xml differs (the test can tell)");
  }
  /* another paper makes other styles, and the first paper the first
   * package again */
  csp_meta a4 = meta;
  a4.paper = CSP_PAPER_A4;
  local lc[NPARTS];
  ok = render("# One\n\ntext\n", &a4, &c) == 0 && locals(&c, lc) == NPARTS;
  OK(ok && (lc[4].len != la[4].len ||
            memcmp(c.data + lc[4].at, a.data + la[4].at, la[4].len) != 0),
     "A4: other styles");
  ok = render("# One\n\ntext\n", &meta, &c) == 0;
  OK(ok && c.len == a.len && memcmp(c.data, a.data, a.len) == 0,
     "Letter again: the first package's bytes");
  csp_render_release();
  ok = render("# One\n\ntext\n", &meta, &c) == 0;
  OK(ok && c.len == a.len && memcmp(c.data, a.data, a.len) == 0,
     "after csp_render_release: the same bytes again");
  csp_buf_release(&a);
  csp_buf_release(&b);
  csp_buf_release(&c);
}

/* Nonzero when command cmd is on the PATH. */
static int have(const char *cmd)
{
  char line[256];
  snprintf(line, sizeof line, "command -v %s >/dev/null 2>&1", cmd);
  return system(line) == 0;
}

/* Other readers of a package: libzip, python3's zipfile (every field
 * it parses), unzip -t. */
static void test_package_readers(void)
{
  char dir[] = "/tmp/csecpol-test-zip.XXXXXX";
  if (!OK(mkdtemp(dir) != NULL, "make a directory"))
    return;
  csp_buf a;
  csp_buf_init(&a);
  render("# T\n\nSome *text*, [a link](https://example.org) and\n\n"
         "- a list\n",
         &meta, &a);
  char path[256], zpath[256], cmd[4096];
  snprintf(zpath, sizeof zpath, "%s/test.docx", dir);
  OK(S_put_file(zpath, a.data, a.len) == 0, "write %s", zpath);

  /* libzip, checking the archive's consistency as it opens it */
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(a.data, a.len, 0, &ze);
  zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze)
                  : NULL;
  zip_error_fini(&ze);
  int all = za && zip_get_num_entries(za, 0) == (zip_int64_t)NPARTS;
  for (size_t i = 0; all && i < NPARTS; i++) {
    zip_stat_t st;
    char *d = NULL;
    zip_file_t *f = NULL;
    all = zip_stat_index(za, i, 0, &st) == 0 &&
          strcmp(st.name, parts[i]) == 0 &&
          (f = zip_fopen_index(za, i, 0)) != NULL &&
          (d = csp_xmalloc(st.size + 1)) != NULL &&
          zip_fread(f, d, st.size) == (zip_int64_t)st.size;
    if (f)
      zip_fclose(f);
    free(d);
  }
  OK(all, "libzip opens it (ZIP_CHECKCONS) and reads every part");
  if (za)
    zip_discard(za);
  else if (src)
    zip_source_free(src);

  if (have("python3")) {
    static const char script[] =
        "import sys, zipfile\n"
        "z = zipfile.ZipFile(sys.argv[1])\n"
        "assert z.testzip() is None, 'testzip'\n"
        "assert z.namelist() == sys.argv[2:], z.namelist()\n"
        "assert z.comment == b''\n"
        "for info in z.infolist():\n"
        "    assert len(z.read(info)) == info.file_size, info.filename\n"
        "    assert info.date_time == (1980, 1, 1, 0, 0, 0), info.date_time\n"
        "    assert info.compress_type == zipfile.ZIP_DEFLATED\n"
        "    assert info.create_system == 3, info.create_system\n"
        "    assert info.extract_version == 20\n"
        "    assert info.flag_bits & ~0x6 == 0, info.flag_bits\n"
        "    assert info.external_attr == 0o100644 << 16\n"
        "    assert info.extra == b'' and info.comment == b''\n"
        "    assert info.volume == 0 and info.internal_attr == 0\n"
        "print('python3 zipfile: ok')\n";
    snprintf(path, sizeof path, "%s/check.py", dir);
    S_put_file(path, script, sizeof script - 1);
    snprintf(cmd, sizeof cmd, "python3 %s %s", path, zpath);
    for (size_t i = 0; i < NPARTS; i++) {
      size_t l = strlen(cmd);
      snprintf(cmd + l, sizeof cmd - l, " '%s'", parts[i]);
    }
    snprintf(cmd + strlen(cmd), sizeof cmd - strlen(cmd), " >%s/py.log 2>&1",
             dir);
    int rc = system(cmd);
    if (!OK(rc == 0, "python3's zipfile reads the package, fields as meant")) {
      snprintf(cmd, sizeof cmd, "sed 's/^/#   /' %s/py.log", dir);
      if (system(cmd) != 0)
        printf("#   (no log)\n");
    }
  } else {
    OK(1, "python3's zipfile reads the package # skip no python3");
  }

  if (have("unzip")) {
    snprintf(cmd, sizeof cmd, "unzip -tq %s >%s/unzip.log 2>&1", zpath, dir);
    int rc = system(cmd);
    if (!OK(rc == 0, "unzip -t finds no error")) {
      snprintf(cmd, sizeof cmd, "sed 's/^/#   /' %s/unzip.log", dir);
      if (system(cmd) != 0)
        printf("#   (no log)\n");
    }
  } else {
    OK(1, "unzip -t finds no error # skip no unzip");
  }

  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  OK(system(cmd) == 0, "remove %s", dir);
  csp_buf_release(&a);
}

/* ---- the reader (zipread.c) ---------------------------------------- */

/* Archives libzip writes read back, entry by entry. */
static void test_reader_round_trip(void)
{
  char *text = xml(100000, 1);
  char *rnd = csp_xmalloc(70000);
  noise(rnd, 70000, 7);
  const entry e[] = {
      {"[Content_Types].xml", text, 2000},
      {"word/document.xml", text, 100000},
      {"word/media/noise.bin", rnd, 70000},
      {"word/empty.xml", "", 0},
      {"one", "x", 1},
  };
  const size_t n = sizeof e / sizeof e[0];
  csp_buf a, out;
  csp_buf_init(&a);
  csp_buf_init(&out);
  OK(write_fresh(&a, e, n) == 0, "libzip writes an archive of %zu entries", n);
  for (size_t i = 0; i < n; i++) {
    const char *why = "unset";
    int rc = read_zip(a.data, a.len, e[i].name, &out, &why);
    OK(rc == 1 && why == NULL && same(&out, e[i].data, e[i].len),
       "read back %s (%zu bytes)", e[i].name, e[i].len);
  }
  const char *why = "unset";
  OK(read_zip(a.data, a.len, "word/styles.xml", &out, &why) == 0 &&
         why == NULL && out.len == 0,
     "an entry that is not there: 0, nothing appended");
  OK(read_zip(a.data, a.len, "word/document.xm", &out, &why) == 0,
     "a name's prefix is not the name");
  csp_buf_clear(&out);
  csp_buf_puts(&out, "before:");
  OK(csp_zip_read(a.data, a.len, "one", 100, &out, &why) == 1 &&
         strcmp(out.data, "before:x") == 0,
     "the reader appends to out");

  /* no entries at all: the end record alone */
  csp_buf_clear(&a);
  csp_buf_put(&a, "PK\5\6", 4);
  for (int i = 0; i < 18; i++)
    csp_buf_putc(&a, 0);
  OK(read_zip(a.data, a.len, "one", &out, &why) == 0,
     "an empty archive has no entry");
  csp_buf_release(&a);
  csp_buf_release(&out);
  free(text);
  free(rnd);
}

/* Raw deflate of data[0..len), appended to out. */
static void deflate_raw(const char *data, size_t len, csp_buf *out)
{
  z_stream zs;
  memset(&zs, 0, sizeof zs);
  deflateInit2(&zs, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
  unsigned char buf[65536];
  zs.next_in = (Bytef *)(uintptr_t)data;
  zs.avail_in = (uInt)len;
  int rc;
  do {
    zs.next_out = buf;
    zs.avail_out = sizeof buf;
    rc = deflate(&zs, Z_FINISH);
    csp_buf_put(out, (const char *)buf, sizeof buf - zs.avail_out);
  } while (rc == Z_OK);
  deflateEnd(&zs);
}

/* A one-entry archive made by hand: payload[0..plen) as the entry's data
 * under method, flags, crc and usize; desc appends a data descriptor. */
static void handmade(csp_buf *a, const char *name, unsigned method,
                     unsigned flags, const char *payload, size_t plen,
                     uint32_t crc, uint32_t usize, int desc)
{
  size_t nl = strlen(name);
  char h[46];
  csp_buf_clear(a);
  memset(h, 0, sizeof h);
  set32(h, 0x04034b50);
  set16(h + 4, 20);
  set16(h + 6, flags);
  set16(h + 8, method);
  set32(h + 14, desc ? 0 : crc);
  set32(h + 18, desc ? 0 : (uint32_t)plen);
  set32(h + 22, desc ? 0 : usize);
  set16(h + 26, (unsigned)nl);
  csp_buf_put(a, h, 30);
  csp_buf_put(a, name, nl);
  csp_buf_put(a, payload, plen);
  if (desc) {
    set32(h, 0x08074b50);
    set32(h + 4, crc);
    set32(h + 8, (uint32_t)plen);
    set32(h + 12, usize);
    csp_buf_put(a, h, 16);
  }
  size_t cd = a->len;
  memset(h, 0, sizeof h);
  set32(h, 0x02014b50);
  set16(h + 4, 20);
  set16(h + 6, 20);
  set16(h + 8, flags);
  set16(h + 10, method);
  set32(h + 16, crc);
  set32(h + 20, (uint32_t)plen);
  set32(h + 24, usize);
  set16(h + 28, (unsigned)nl);
  csp_buf_put(a, h, 46);
  csp_buf_put(a, name, nl);
  memset(h, 0, 22);
  set32(h, 0x06054b50);
  set16(h + 8, 1);
  set16(h + 10, 1);
  set32(h + 12, (uint32_t)(a->len - cd));
  set32(h + 16, (uint32_t)cd);
  csp_buf_put(a, h, 22);
}

/* Archives other writers make: stored entries, data descriptors. */
static void test_reader_forms(void)
{
  char *text = xml(5000, 4);
  uint32_t crc = (uint32_t)crc32(0, (const Bytef *)text, 5000);
  csp_buf a, out, def;
  csp_buf_init(&a);
  csp_buf_init(&out);
  csp_buf_init(&def);
  deflate_raw(text, 5000, &def);
  const char *why;

  handmade(&a, "s", 0, 0, text, 5000, crc, 5000, 0);
  OK(read_zip(a.data, a.len, "s", &out, &why) == 1 && same(&out, text, 5000),
     "a stored entry");
  handmade(&a, "s", 0, 0, text, 5000, crc, 4999, 0);
  REFUSED(read_zip(a.data, a.len, "s", &out, &why),
          "stored entry with two sizes", "a stored entry whose sizes differ");
  handmade(&a, "d", 8, 0, def.data, def.len, crc, 5000, 0);
  OK(read_zip(a.data, a.len, "d", &out, &why) == 1 && same(&out, text, 5000),
     "a deflated entry at level 9");
  handmade(&a, "d", 8, 8, def.data, def.len, crc, 5000, 1);
  OK(read_zip(a.data, a.len, "d", &out, &why) == 1 && same(&out, text, 5000),
     "a data descriptor: sizes from the directory");
  handmade(&a, "s", 0, 8, text, 5000, crc, 5000, 1);
  OK(read_zip(a.data, a.len, "s", &out, &why) == 1 && same(&out, text, 5000),
     "a stored entry with a data descriptor");
  handmade(&a, "e", 8, 0, "", 0, 0, 0, 0);
  OK(read_zip(a.data, a.len, "e", &out, &why) == 1 && out.len == 0,
     "an empty deflated entry with no data at all");
  handmade(&a, "e", 0, 0, "", 0, 0, 0, 0);
  OK(read_zip(a.data, a.len, "e", &out, &why) == 1 && out.len == 0,
     "an empty stored entry");

  /* deflate data that ends before its declared size, or runs past it */
  csp_buf_put(&def, "junk", 4);
  handmade(&a, "d", 8, 0, def.data, def.len, crc, 5000, 0);
  REFUSED(read_zip(a.data, a.len, "d", &out, &why),
          "compressed data shorter than its declared size",
          "bytes after the end of the deflate stream");
  handmade(&a, "d", 8, 0, def.data, def.len - 6, crc, 5000, 0);
  REFUSED(read_zip(a.data, a.len, "d", &out, &why), "truncated compressed data",
          "a deflate stream cut short");
  handmade(&a, "d", 8, 0, "\xff\xff\xff", 3, 0, 10, 0);
  REFUSED(read_zip(a.data, a.len, "d", &out, &why), "damaged compressed data",
          "not a deflate stream");

  /* the first of two entries with the name wins (libzip refuses to
   * write two, so the second is renamed afterwards) */
  const entry dup[] = {{"x", "first", 5}, {"y", "second", 6}};
  write_fresh(&a, dup, 2);
  a.data[30 + 1 + get32(a.data + 18) + 30] = 'x';
  a.data[cd_at(&a) + 46 + 1 + 46] = 'x';
  OK(read_zip(a.data, a.len, "x", &out, &why) == 1 && same(&out, "first", 5),
     "the first of two entries with one name");

  /* a comment after the end record, and bytes after that */
  const entry one[] = {{"x", "data", 4}};
  write_fresh(&a, one, 1);
  set16(a.data + end_at(&a) + 20, 7);
  csp_buf_puts(&a, "comment");
  OK(read_zip(a.data, a.len, "x", &out, &why) == 1 && same(&out, "data", 4),
     "an archive comment");
  csp_buf_puts(&a, "trailing");
  OK(read_zip(a.data, a.len, "x", &out, &why) == 1 && same(&out, "data", 4),
     "bytes after the comment");

  /* the size limit: max itself is fine */
  write_fresh(&a, one, 1);
  csp_buf_clear(&out);
  OK(csp_zip_read(a.data, a.len, "x", 4, &out, &why) == 1,
     "an entry of exactly max bytes");
  csp_buf_clear(&out);
  REFUSED(csp_zip_read(a.data, a.len, "x", 3, &out, &why),
          "entry larger than the size limit", "an entry over max bytes");
  OK(out.len == 0, "and nothing is appended");

  csp_buf_release(&a);
  csp_buf_release(&out);
  csp_buf_release(&def);
  free(text);
}

/* A field of the test archive to damage: where it is, how wide, and
 * what to make it. */
enum { LOCAL, CENTRAL, END };
enum { SET, ADD, XOR };
static const struct {
  const char *what;
  int rec, off, width, op;
  long v;
  const char *why; /* NULL: still reads */
} damage[] = {
    {"a flipped CRC", CENTRAL, 16, 4, XOR, 1, "CRC mismatch"},
    {"a bad local header signature", LOCAL, 0, 1, XOR, 0xFF,
     "bad local header signature"},
    {"the encrypted flag", CENTRAL, 8, 2, SET, 1, "encrypted entry"},
    {"the strong encryption flag", CENTRAL, 8, 2, SET, 0x41, "encrypted entry"},
    {"method 12", CENTRAL, 10, 2, SET, 12,
     "compression method 12 (bzip2) is not supported"},
    {"method 77", CENTRAL, 10, 2, SET, 77, "unknown compression method"},
    {"method 99 (AES)", CENTRAL, 10, 2, SET, 99, "encrypted entry"},
    {"a compressed size of 0xFFFFFFFF", CENTRAL, 20, 4, SET, 0xFFFFFFFF,
     "zip64 archives are not supported"},
    {"a size of 0xFFFFFFFF", CENTRAL, 24, 4, SET, 0xFFFFFFFF,
     "zip64 archives are not supported"},
    {"a local offset of 0xFFFFFFFF", CENTRAL, 42, 4, SET, 0xFFFFFFFF,
     "zip64 archives are not supported"},
    {"an entry count of 0xFFFF", END, 8, 4, SET, 0xFFFFFFFF,
     "zip64 archives are not supported"},
    {"a directory offset of 0xFFFFFFFF", END, 16, 4, SET, 0xFFFFFFFF,
     "zip64 archives are not supported"},
    {"disk 1", END, 4, 2, SET, 1, "multi-disk archives are not supported"},
    {"no entries on this disk", END, 8, 2, SET, 0,
     "multi-disk archives are not supported"},
    {"an entry on disk 1", CENTRAL, 34, 2, SET, 1,
     "multi-disk archives are not supported"},
    {"a directory past the end", END, 16, 4, SET, 0x7FFFFFFF,
     "truncated central directory"},
    {"a directory one byte short", END, 12, 4, ADD, -1,
     "truncated central directory"},
    {"a bad central header signature", CENTRAL, 0, 1, XOR, 0xFF,
     "damaged central directory"},
    {"a local header past the directory", CENTRAL, 42, 4, SET, 0x7FFFFFFF,
     "local header outside the archive"},
    {"a huge local extra field", LOCAL, 28, 2, SET, 0xFFFF,
     "local header outside the archive"},
    {"another name in the local header", LOCAL, 30, 1, XOR, 1,
     "local header names another entry"},
    {"a compressed size past the directory", CENTRAL, 20, 4, ADD, 1000,
     "truncated entry data"},
    {"a size one byte short", CENTRAL, 24, 4, ADD, -1,
     "entry larger than its declared size"},
    {"a size one byte long", CENTRAL, 24, 4, ADD, 1,
     "entry smaller than its declared size"},
    {"stored, though deflated", CENTRAL, 10, 2, SET, 0,
     "stored entry with two sizes"},
    {"a time in the local header", LOCAL, 10, 2, SET, 0x1234, NULL},
    {"a data descriptor flag", CENTRAL, 8, 2, SET, 8, NULL},
    {"a UTF-8 name flag", CENTRAL, 8, 2, SET, 0x800, NULL},
};

static void test_reader_damage(void)
{
  char *text = xml(2000, 5);
  const entry e[] = {{"word/styles.xml", text, 2000}};
  csp_buf good, a, out;
  csp_buf_init(&good);
  csp_buf_init(&a);
  csp_buf_init(&out);
  write_fresh(&good, e, 1);
  for (size_t i = 0; i < sizeof damage / sizeof damage[0]; i++) {
    csp_buf_clear(&a);
    csp_buf_put(&a, good.data, good.len);
    size_t at = damage[i].rec == LOCAL     ? 0
                : damage[i].rec == CENTRAL ? cd_at(&good)
                                           : end_at(&good);
    char *p = a.data + at + damage[i].off;
    uint32_t v = damage[i].width == 1   ? (unsigned char)*p
                 : damage[i].width == 2 ? get16(p)
                                        : get32(p);
    v = damage[i].op == SET   ? (uint32_t)damage[i].v
        : damage[i].op == ADD ? v + (uint32_t)damage[i].v
                              : v ^ (uint32_t)damage[i].v;
    if (damage[i].width == 1)
      *p = (char)v;
    else if (damage[i].width == 2)
      set16(p, v);
    else
      set32(p, v);
    const char *why = "unset";
    csp_buf_clear(&out);
    int rc =
        csp_zip_read(a.data, a.len, "word/styles.xml", 1 << 20, &out, &why);
    if (damage[i].why)
      OK(rc == -1 && why && strcmp(why, damage[i].why) == 0 && out.len == 0,
         "%s: refused (%s)", damage[i].what, why ? why : "(null)");
    else
      OK(rc == 1 && same(&out, text, 2000), "%s: still reads", damage[i].what);
  }

  /* two entries counted, one there, and the name not in the first */
  const char *why;
  csp_buf_clear(&a);
  csp_buf_put(&a, good.data, good.len);
  set32(a.data + end_at(&a) + 8, 0x00020002);
  REFUSED(read_zip(a.data, a.len, "word/other.xml", &out, &why),
          "truncated central directory", "two entries counted, one there");

  /* a zip64 end locator before the end record */
  csp_buf_clear(&a);
  size_t end = end_at(&good);
  csp_buf_put(&a, good.data, end);
  char loc[20] = {'P', 'K', 6, 7};
  csp_buf_put(&a, loc, sizeof loc);
  csp_buf_put(&a, good.data + end, 22);
  REFUSED(read_zip(a.data, a.len, "word/styles.xml", &out, &why),
          "zip64 archives are not supported", "a zip64 end locator");

  /* nothing, and noise */
  REFUSED(read_zip("", 0, "x", &out, &why), "not a zip archive", "empty input");
  char junk[5000];
  noise(junk, sizeof junk, 11);
  REFUSED(read_zip(junk, sizeof junk, "x", &out, &why), "not a zip archive",
          "noise");
  OK(read_zip("PK\5\6", 4, "x", &out, &why) == -1,
     "an end signature with no record");

  /* every byte damaged in turn: refused, missing, or the right bytes;
   * each copy sits in a buffer of its own exact size so that the
   * sanitizers see any read past it */
  const entry two[] = {{"a", "first entry", 11},
                       {"word/styles.xml", text, 300}};
  write_fresh(&good, two, 2);
  int bad = 0, reads = 0, refusals = 0;
  for (size_t i = 0; i < good.len; i++) {
    for (int x = 0; x < 2; x++) {
      char *c = csp_xmalloc(good.len);
      memcpy(c, good.data, good.len);
      c[i] ^= x ? 0x01 : 0xFF;
      csp_buf_clear(&out);
      why = NULL;
      int rc =
          csp_zip_read(c, good.len, "word/styles.xml", 1 << 20, &out, &why);
      if (rc == 1)
        reads++, bad += !same(&out, text, 300);
      else if (rc == -1)
        refusals++, bad += why == NULL || out.len != 0;
      else
        bad += rc != 0 || out.len != 0;
      free(c);
    }
  }
  OK(bad == 0, "each byte of %zu flipped: %d reads, all right; %d refusals",
     good.len, reads, refusals);

  /* cut at every length, from the end and from the start */
  bad = 0;
  for (size_t n = 0; n < good.len; n++) {
    for (int from_start = 0; from_start < 2; from_start++) {
      char *c = csp_xmalloc(n ? n : 1);
      memcpy(c, good.data + (from_start ? good.len - n : 0), n);
      csp_buf_clear(&out);
      why = NULL;
      int rc = csp_zip_read(c, n, "word/styles.xml", 1 << 20, &out, &why);
      bad += rc == 1 || (rc == -1 && why == NULL) || out.len != 0;
      free(c);
    }
  }
  OK(bad == 0, "cut at each of %zu lengths, either end: never read", good.len);

  csp_buf_release(&good);
  csp_buf_release(&a);
  csp_buf_release(&out);
  free(text);
}

int main(void)
{
  test_package_fields();
  test_package_kept();
  test_package_readers();
  test_reader_round_trip();
  test_reader_forms();
  test_reader_damage();
  csp_render_release();
  csp_diag_release();
  return tap_done();
}
