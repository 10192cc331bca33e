/* test_zip.c: the zip writer and reader of zip.c.  Archives are written,
 * read back, compared with what fresh writers make, taken apart at known
 * offsets, damaged field by field, cut at every length, and (when the
 * machine has them) handed to python3's zipfile and to unzip -t. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "diag.h"
#include "tap.h"
#include "util.h"
#include "zipio.h"

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

/* Writes entries e[0..n) as one archive appended to out with z.  Returns
 * the sum of the calls' statuses (0 when all succeeded). */
static int write_zip(csp_zipw *z, csp_buf *out, const entry *e, size_t n)
{
  int rc = 0;
  csp_zipw_begin(z, out);
  for (size_t i = 0; i < n; i++)
    rc += csp_zipw_add(z, e[i].name, e[i].data, e[i].len);
  return rc + csp_zipw_end(z);
}

/* The same with a fresh writer, into out (cleared). */
static int write_fresh(csp_buf *out, const entry *e, size_t n)
{
  csp_zipw *z = csp_zipw_new();
  csp_buf_clear(out);
  int rc = write_zip(z, out, e, n);
  csp_zipw_free(z);
  return rc;
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

static void test_round_trip(void)
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
  OK(write_fresh(&a, e, n) == 0, "write an archive of %zu entries", n);
  OK(a.len < 100000, "compressible text shrinks (%zu bytes in all)", a.len);
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

  /* an archive in the middle of a buffer: offsets count from its start */
  csp_buf_clear(&a);
  csp_buf_puts(&a, "prefix");
  csp_zipw *z = csp_zipw_new();
  OK(write_zip(z, &a, e, n) == 0 && memcmp(a.data, "prefix", 6) == 0,
     "an archive appended after other bytes");
  OK(read_zip(a.data + 6, a.len - 6, "one", &out, &why) == 1 &&
         same(&out, "x", 1),
     "which reads from where it starts");
  csp_zipw_free(z);

  /* no entries at all */
  OK(write_fresh(&a, NULL, 0) == 0 && a.len == 22, "an empty archive");
  OK(read_zip(a.data, a.len, "one", &out, &why) == 0,
     "an empty archive has no entry");
  csp_buf_release(&a);
  csp_buf_release(&out);
  free(text);
  free(rnd);
}

/* One writer through several archives makes what fresh writers make,
 * whether the cache hit, missed on different bytes of the same length,
 * or lost names to eviction. */
static void test_reuse(void)
{
  char *t1 = xml(30000, 1), *t2 = xml(30000, 1), *t3 = xml(5000, 3);
  t2[29999] = 'Y'; /* same length as t1, last byte differs */
  char *rnd = csp_xmalloc(4000);
  noise(rnd, 4000, 3);
  static char names[40][16];
  entry many[40];
  for (int i = 0; i < 40; i++) {
    snprintf(names[i], sizeof names[i], "part%02d.xml", i);
    many[i] = (entry){names[i], t3 + i, 1000 + (size_t)i * 10};
  }
  /* a batch: the same parts again, a part changed, a part of the same
   * length changed, a part renamed, an empty part, more names than the
   * cache has slots, and the first archive once more */
  const entry a1[] = {
      {"styles", t1, 30000}, {"doc", t3, 5000}, {"rnd", rnd, 4000}};
  const entry a2[] = {
      {"styles", t1, 30000}, {"doc", t3, 4000}, {"rnd", rnd, 4000}};
  const entry a3[] = {{"styles", t2, 30000},
                      {"doc", t3, 4000},
                      {"rnd2", rnd, 4000},
                      {"empty", "", 0}};
  const entry a4[] = {
      {"doc", t1, 30000}, {"styles", t3, 5000}, {"empty", "", 0}};
  struct {
    const entry *e;
    size_t n;
    const char *what;
  } batch[] = {
      {a1, 3, "first archive"},
      {a2, 3, "the same parts, one changed"},
      {a3, 4, "a part changed at its last byte, one renamed"},
      {a4, 3, "the same bytes under other names"},
      {many, 40, "more names than the cache holds"},
      {many, 40, "the same again"},
      {a1, 3, "the first archive again"},
  };
  csp_zipw *z = csp_zipw_new();
  csp_buf got, want, out;
  csp_buf_init(&got);
  csp_buf_init(&want);
  csp_buf_init(&out);
  for (size_t k = 0; k < sizeof batch / sizeof batch[0]; k++) {
    csp_buf_clear(&got);
    int rc = write_zip(z, &got, batch[k].e, batch[k].n);
    OK(rc == 0 && write_fresh(&want, batch[k].e, batch[k].n) == 0 &&
           got.len == want.len && memcmp(got.data, want.data, got.len) == 0,
       "reused writer, %s: the bytes of a fresh writer", batch[k].what);
    int all = 1;
    for (size_t i = 0; i < batch[k].n; i++) {
      const char *why;
      const entry *e = &batch[k].e[i];
      all &= read_zip(got.data, got.len, e->name, &out, &why) == 1 &&
             same(&out, e->data, e->len);
    }
    OK(all, "reused writer, %s: every entry reads back", batch[k].what);
  }
  /* hits: a2 styles+rnd, a3 none, a4 none (names moved), many#2: 8 still
   * cached of 40 (32 slots, round robin), a1 again: all 3 evicted */
  size_t hits = csp_zipw_cache_hits(z);
  OK(hits >= 2, "the cache was used (%zu hits)", hits);

  /* a hit in isolation: same name, same bytes, second archive */
  csp_zipw *h = csp_zipw_new();
  csp_buf_clear(&got);
  write_zip(h, &got, a1, 1);
  csp_buf_clear(&got);
  OK(write_zip(h, &got, a1, 1) == 0 && csp_zipw_cache_hits(h) == 1,
     "the same part twice: one cache hit");
  OK(write_fresh(&want, a1, 1) == 0 && got.len == want.len &&
         memcmp(got.data, want.data, got.len) == 0,
     "a cache hit gives the bytes of a deflate");
  const entry changed[] = {{"styles", t2, 30000}};
  csp_buf_clear(&got);
  OK(write_zip(h, &got, changed, 1) == 0 && csp_zipw_cache_hits(h) == 1,
     "same name and length, other bytes: no hit");
  const char *why;
  OK(read_zip(got.data, got.len, "styles", &out, &why) == 1 &&
         same(&out, t2, 30000),
     "and the new bytes are what is stored");
  csp_zipw_free(h);
  csp_zipw_free(z);
  csp_buf_release(&got);
  csp_buf_release(&want);
  csp_buf_release(&out);
  free(t1);
  free(t2);
  free(t3);
  free(rnd);
}

/* The fixed fields, read where APPNOTE puts them. */
static void test_fields(void)
{
  char *text = xml(3000, 2);
  const entry e[] = {{"word/styles.xml", text, 3000}, {"b", "hello", 5}};
  csp_buf a;
  csp_buf_init(&a);
  OK(write_fresh(&a, e, 2) == 0, "write two entries");
  const char *p = a.data;
  uint32_t crc = (uint32_t)crc32(0, (const Bytef *)text, 3000);
  uint32_t csize = get32(p + 18);
  OK(get32(p) == 0x04034b50, "local header signature at 0");
  OK(get16(p + 4) == 20, "version needed 20");
  OK(get16(p + 6) == 0, "flags 0: no data descriptor");
  OK(get16(p + 8) == 8, "method 8");
  OK(get16(p + 10) == 0 && get16(p + 12) == ((1 << 5) | 1),
     "time 00:00:00, date 1980-01-01");
  OK(get32(p + 14) == crc, "CRC-32 in the local header");
  OK(get32(p + 22) == 3000 && csize > 0 && csize < 3000,
     "sizes in the local header (%u deflated)", (unsigned)csize);
  OK(get16(p + 26) == 15 && get16(p + 28) == 0 &&
         memcmp(p + 30, "word/styles.xml", 15) == 0,
     "name, no extra field");
  size_t second = 30 + 15 + csize;
  OK(get32(p + second) == 0x04034b50 && memcmp(p + second + 30, "b", 1) == 0,
     "the second entry follows the first's data");

  size_t end = end_at(&a), cd = cd_at(&a);
  const char *c = p + cd;
  OK(get32(p + end) == 0x06054b50, "end record in the last 22 bytes");
  OK(get16(p + end + 4) == 0 && get16(p + end + 6) == 0 &&
         get16(p + end + 8) == 2 && get16(p + end + 10) == 2,
     "one disk, two entries");
  OK(get32(p + end + 12) == 2 * 46 + 15 + 1 && cd + 2 * 46 + 16 == end,
     "directory size, directly before the end record");
  OK(get16(p + end + 20) == 0, "no archive comment");
  OK(get32(c) == 0x02014b50, "central header signature");
  OK(get16(c + 4) == ((3 << 8) | 20), "made by Unix, version 2.0");
  OK(get16(c + 6) == 20 && get16(c + 8) == 0 && get16(c + 10) == 8,
     "central: version needed 20, flags 0, method 8");
  OK(get16(c + 12) == 0 && get16(c + 14) == ((1 << 5) | 1),
     "central: 1980-01-01 00:00:00");
  OK(get32(c + 16) == crc && get32(c + 20) == csize && get32(c + 24) == 3000,
     "central: CRC and sizes as in the local header");
  OK(get16(c + 28) == 15 && get16(c + 30) == 0 && get16(c + 32) == 0 &&
         memcmp(c + 46, "word/styles.xml", 15) == 0,
     "central: name, no extra field, no comment");
  OK(get16(c + 34) == 0 && get16(c + 36) == 0 &&
         get32(c + 38) == (0100644u << 16),
     "central: disk 0, attributes -rw-r--r--");
  OK(get32(c + 42) == 0, "central: local header at 0");
  const char *c2 = c + 46 + 15;
  OK(get32(c2) == 0x02014b50 && get32(c2 + 42) == second &&
         memcmp(c2 + 46, "b", 1) == 0,
     "entries in the order added, each at its offset");
  OK(get32(c2 + 16) == (uint32_t)crc32(0, (const Bytef *)"hello", 5),
     "the second entry's CRC");
  csp_buf_release(&a);
  free(text);
}

/* What the writer refuses: out goes back to where the archive began. */
static void test_writer_limits(void)
{
  csp_zipw *z = csp_zipw_new();
  csp_buf a;
  csp_buf_init(&a);
  int errors = csp_diag_count(CSP_ERROR);
  csp_buf_puts(&a, "kept");
  csp_zipw_begin(z, &a);
  OK(csp_zipw_add(z, "a", "x", 1) == 0, "an entry before the refusal");
  OK(csp_zipw_add(z, "", "x", 1) < 0, "an empty name is refused");
  OK(csp_diag_count(CSP_ERROR) == errors + 1, "and reported");
  OK(strcmp(a.data, "kept") == 0 && a.len == 4,
     "out is as it was before the archive");
  OK(csp_zipw_add(z, "b", "x", 1) < 0 && csp_zipw_end(z) < 0 &&
         csp_diag_count(CSP_ERROR) == errors + 1 && a.len == 4,
     "later calls fail without another report");

  char *longname = csp_xmalloc(70000);
  memset(longname, 'n', 69999);
  longname[69999] = '\0';
  csp_zipw_begin(z, &a);
  OK(csp_zipw_add(z, longname, "x", 1) < 0 && csp_zipw_end(z) < 0,
     "a name over 65535 bytes is refused");
  longname[65535] = '\0';
  csp_buf_clear(&a);
  csp_zipw_begin(z, &a);
  OK(csp_zipw_add(z, longname, "x", 1) == 0 && csp_zipw_end(z) == 0,
     "a name of 65535 bytes is not");
  free(longname);

#if SIZE_MAX > 0xFFFFFFFFu
  /* the size is refused before a byte is read, so a short buffer does */
  csp_buf_clear(&a);
  csp_zipw_begin(z, &a);
  OK(csp_zipw_add(z, "big", "x", (size_t)0xFFFFFFFFu) < 0 &&
         csp_zipw_end(z) < 0 && a.len == 0,
     "an entry of 4 GiB is refused");
#else
  OK(1, "an entry of 4 GiB is refused # skip 32-bit size_t");
#endif

  /* the writer is fine for the next archive */
  csp_buf_clear(&a);
  const entry e[] = {{"a", "x", 1}};
  csp_buf want;
  csp_buf_init(&want);
  OK(write_zip(z, &a, e, 1) == 0 && write_fresh(&want, e, 1) == 0 &&
         a.len == want.len && memcmp(a.data, want.data, a.len) == 0,
     "after refusals the writer makes a fresh writer's bytes");

  /* 65534 entries fit; the next would need zip64.  All but the last
   * are one empty part again and again, which the cache makes cheap. */
  csp_buf out;
  csp_buf_init(&out);
  const char *why;
  for (int more = 0; more < 2; more++) {
    csp_buf_clear(&a);
    csp_zipw_begin(z, &a);
    int rc = 0;
    for (unsigned i = 0; i < CSP_ZIP_MAX_ENTRIES - 1; i++)
      rc |= csp_zipw_add(z, "same", "", 0);
    rc |= csp_zipw_add(z, "last", "x", 1);
    if (more) {
      OK(rc == 0 && csp_zipw_add(z, "one-more", "", 0) < 0 && a.len == 0 &&
             csp_zipw_end(z) < 0,
         "entry %u is refused", CSP_ZIP_MAX_ENTRIES + 1);
    } else {
      OK(rc == 0 && csp_zipw_end(z) == 0 &&
             get16(a.data + end_at(&a) + 10) == CSP_ZIP_MAX_ENTRIES &&
             read_zip(a.data, a.len, "last", &out, &why) == 1 &&
             same(&out, "x", 1),
         "an archive of %u entries reads back", CSP_ZIP_MAX_ENTRIES);
    }
  }
  csp_buf_release(&out);
  csp_buf_release(&want);
  csp_buf_release(&a);
  csp_zipw_free(z);
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

  /* the first of two entries with the name wins */
  const entry dup[] = {{"x", "first", 5}, {"x", "second", 6}};
  write_fresh(&a, dup, 2);
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

/* Nonzero when command cmd is on the PATH. */
static int have(const char *cmd)
{
  char line[256];
  snprintf(line, sizeof line, "command -v %s >/dev/null 2>&1", cmd);
  return system(line) == 0;
}

/* Other readers: python3's zipfile (every field it parses), unzip -t. */
static void test_other_readers(void)
{
  char dir[] = "/tmp/csecpol-test-zip.XXXXXX";
  if (!OK(mkdtemp(dir) != NULL, "make a directory"))
    return;
  char *text = xml(50000, 6);
  char rnd[3000];
  noise(rnd, sizeof rnd, 5);
  const entry e[] = {{"[Content_Types].xml", text, 1000},
                     {"word/document.xml", text, 50000},
                     {"word/media/x.bin", rnd, sizeof rnd},
                     {"word/empty.xml", "", 0}};
  const size_t n = sizeof e / sizeof e[0];
  csp_buf a;
  csp_buf_init(&a);
  write_fresh(&a, e, n);
  char path[4096], zpath[4096], cmd[8192];
  snprintf(zpath, sizeof zpath, "%s/test.zip", dir);
  OK(S_put_file(zpath, a.data, a.len) == 0, "write %s", zpath);
  for (size_t i = 0; i < n; i++) {
    snprintf(path, sizeof path, "%s/%zu", dir, i);
    S_put_file(path, e[i].data, e[i].len);
  }

  if (have("python3")) {
    /* each entry's name, data and fields; names in order */
    static const char script[] =
        "import sys, zipfile\n"
        "d = sys.argv[1]\n"
        "names = sys.argv[2:]\n"
        "z = zipfile.ZipFile(d + '/test.zip')\n"
        "assert z.testzip() is None, 'testzip'\n"
        "assert z.namelist() == names, z.namelist()\n"
        "assert z.comment == b''\n"
        "for i, info in enumerate(z.infolist()):\n"
        "    want = open(d + '/' + str(i), 'rb').read()\n"
        "    assert z.read(info) == want, info.filename\n"
        "    assert info.date_time == (1980, 1, 1, 0, 0, 0), info.date_time\n"
        "    assert info.compress_type == zipfile.ZIP_DEFLATED\n"
        "    assert info.create_system == 3 and info.create_version == 20\n"
        "    assert info.extract_version == 20 and info.flag_bits == 0\n"
        "    assert info.external_attr == 0o100644 << 16\n"
        "    assert info.extra == b'' and info.comment == b''\n"
        "    assert info.volume == 0 and info.internal_attr == 0\n"
        "print('python3 zipfile: ok')\n";
    snprintf(path, sizeof path, "%s/check.py", dir);
    S_put_file(path, script, sizeof script - 1);
    snprintf(cmd, sizeof cmd, "python3 %s/check.py %s", dir, dir);
    for (size_t i = 0; i < n; i++) {
      size_t l = strlen(cmd);
      snprintf(cmd + l, sizeof cmd - l, " '%s'", e[i].name);
    }
    snprintf(cmd + strlen(cmd), sizeof cmd - strlen(cmd), " >%s/py.log 2>&1",
             dir);
    int rc = system(cmd);
    if (!OK(rc == 0, "python3's zipfile reads the archive, fields as meant")) {
      snprintf(cmd, sizeof cmd, "sed 's/^/#   /' %s/py.log", dir);
      if (system(cmd) != 0)
        printf("#   (no log)\n");
    }
  } else {
    OK(1, "python3's zipfile reads the archive # skip no python3");
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
  free(text);
}

int main(void)
{
  test_round_trip();
  test_reuse();
  test_fields();
  test_writer_limits();
  test_reader_forms();
  test_reader_damage();
  test_other_readers();
  csp_diag_release();
  return tap_done();
}
