/* test_zip.c: the zip container of our DOCX, which libzip writes
 * (docx_pkg.c).
 *
 * The packages csp_render_docx makes are taken apart at the offsets
 * APPNOTE gives, checked for the fixed parts copied compressed from the
 * run's kept archive, read back through docx_in.c, and handed to
 * libzip, python3's zipfile and unzip -t.  (Reading untrusted archives
 * is test_docx_read.c's.) */
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
#include "docx_in.h"

/* the test run's diagnostics: made in main, handed to what reports */
static csp_diags *dg;

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


static unsigned get16(const char *p)
{
  const unsigned char *u = (const unsigned char *)p;
  return (unsigned)u[0] | (unsigned)u[1] << 8;
}

static uint32_t get32(const char *p)
{
  return (uint32_t)get16(p) | (uint32_t)get16(p + 2) << 16;
}

/* Reads the part name out of the package a with docx_in.c (libzip, as
 * csecpol reads any DOCX) into out.  Returns what csp_docx_in_read does,
 * or -1 when the package does not open. */
static int read_part(const csp_buf *a, const char *name, csp_buf *out)
{
  csp_docx_in in;
  if (csp_docx_in_open(&in, dg, "test.docx", CSP_R_DOCX_INPUT, a->data,
                       a->len) < 0)
    return -1;
  int rc = csp_docx_in_read(&in, name, out);
  csp_docx_in_close(&in);
  return rc;
}

static size_t end_at(const csp_buf *a) { return a->len - 22; }
static size_t cd_at(const csp_buf *a)
{
  return get32(a->data + end_at(a) + 16);
}

/* ---- our packages ---------------------------------------------- */

static csp_meta meta = { /* .diags set in main */
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
    csp_buf_clear(&out);
    int rc = read_part(&a, parts[i], &out);
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
 * in the caller's cache, and copied from it as they are: the bytes of
 * their local entries are the same in every package.  A document's own
 * parts are deflated with it, at level 3 (bits 1-2 clear: libzip marks
 * levels 3 to 7 "normal"). */
static void test_package_kept(void)
{
  csp_buf a, b, c;
  csp_buf_init(&a);
  csp_buf_init(&b);
  csp_buf_init(&c);
  csp_meta cached = meta;
  cached.docx_cache = csp_docx_cache_new();
  csp_meta other = cached;
  other.site_name = "Another Site";
  other.title = "Another Policy";
  int ok = render("# One\n\ntext\n", &cached, &a) == 0 &&
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
    OK(own, "a document's own parts are compressed at a normal level");
    OK(la[2].len != lb[2].len ||
           memcmp(a.data + la[2].at, b.data + lb[2].at, la[2].len) != 0,
       "word/document.xml differs (the test can tell)");
  }
  /* another paper makes other styles, and the first paper the first
   * package again */
  csp_meta a4 = cached;
  a4.paper = CSP_PAPER_A4;
  local lc[NPARTS];
  ok = render("# One\n\ntext\n", &a4, &c) == 0 && locals(&c, lc) == NPARTS;
  OK(ok && (lc[4].len != la[4].len ||
            memcmp(c.data + lc[4].at, a.data + la[4].at, la[4].len) != 0),
     "A4: other styles");
  ok = render("# One\n\ntext\n", &cached, &c) == 0;
  OK(ok && c.len == a.len && memcmp(c.data, a.data, a.len) == 0,
     "Letter again: the first package's bytes");
  csp_docx_cache_free(cached.docx_cache);
  cached.docx_cache = csp_docx_cache_new();
  ok = render("# One\n\ntext\n", &cached, &c) == 0;
  OK(ok && c.len == a.len && memcmp(c.data, a.data, a.len) == 0,
     "in a new cache: the same bytes again");
  ok = render("# One\n\ntext\n", &meta, &c) == 0;
  OK(ok && c.len == a.len && memcmp(c.data, a.data, a.len) == 0,
     "with no cache: the same bytes again");
  csp_docx_cache_free(cached.docx_cache);
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

int main(void)
{
  dg = csp_diags_new();
  meta.diags = dg;
  test_package_fields();
  test_package_kept();
  test_package_readers();
  csp_diag_release(dg);
  csp_diags_free(dg);
  return tap_done();
}
