/* zip_seed.c: writes the seed archives of fuzz_zip into a directory:
 * what libzip makes of a DOCX's parts and of a few smaller sets, and
 * by hand what other writers make (stored entries, a data descriptor,
 * an archive comment), so that the fuzzer starts from every path of the
 * reader.  Usage: zip_seed DIR */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <zip.h>
#include <zlib.h>

#include "util.h"

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


static const char S_styles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/"
    "wordprocessingml/2006/main\"><w:style w:type=\"paragraph\" "
    "w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style><w:style "
    "w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name "
    "w:val=\"heading 1\"/></w:style></w:styles>";

static const char S_part[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<x/>";

static int failed;

static void S_save(const char *dir, const char *name, const csp_buf *b)
{
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  if (S_put_file(path, b->data, b->len) < 0) {
    perror(path);
    failed = 1;
  }
}

static void S_put16(csp_buf *b, unsigned v)
{
  csp_buf_putc(b, (int)(v & 0xFF));
  csp_buf_putc(b, (int)(v >> 8 & 0xFF));
}

static void S_put32(csp_buf *b, uint32_t v)
{
  S_put16(b, v & 0xFFFF);
  S_put16(b, v >> 16);
}

/* One stored entry by hand: flags 8 puts the sizes in a data
 * descriptor; comment is the archive's. */
static void S_stored(csp_buf *b, const char *name, const char *data,
                     unsigned flags, const char *comment)
{
  size_t nl = strlen(name), len = strlen(data);
  uint32_t crc = (uint32_t)crc32(0, (const Bytef *)data, (uInt)len);
  int desc = (flags & 8) != 0;
  csp_buf_clear(b);
  S_put32(b, 0x04034b50);
  S_put16(b, 10);
  S_put16(b, flags);
  S_put16(b, 0);
  S_put32(b, 0);
  S_put32(b, desc ? 0 : crc);
  S_put32(b, desc ? 0 : (uint32_t)len);
  S_put32(b, desc ? 0 : (uint32_t)len);
  S_put16(b, (unsigned)nl);
  S_put16(b, 0);
  csp_buf_put(b, name, nl);
  csp_buf_put(b, data, len);
  if (desc) {
    S_put32(b, 0x08074b50);
    S_put32(b, crc);
    S_put32(b, (uint32_t)len);
    S_put32(b, (uint32_t)len);
  }
  size_t cd = b->len;
  S_put32(b, 0x02014b50);
  S_put16(b, 10);
  S_put16(b, 10);
  S_put16(b, flags);
  S_put16(b, 0);
  S_put32(b, 0);
  S_put32(b, crc);
  S_put32(b, (uint32_t)len);
  S_put32(b, (uint32_t)len);
  S_put16(b, (unsigned)nl);
  for (int i = 0; i < 4; i++) /* extra, comment, disk, internal */
    S_put16(b, 0);
  S_put32(b, 0);
  S_put32(b, 0);
  csp_buf_put(b, name, nl);
  size_t cd_len = b->len - cd;
  S_put32(b, 0x06054b50);
  S_put32(b, 0);
  S_put16(b, 1);
  S_put16(b, 1);
  S_put32(b, (uint32_t)cd_len);
  S_put32(b, (uint32_t)cd);
  S_put16(b, (unsigned)strlen(comment));
  csp_buf_puts(b, comment);
}

/* One archive written by libzip, in memory, into b (cleared): entries
 * names[i] => data[i] of lens[i] bytes, deflated.  Returns 0, or -1. */
static int S_libzip(csp_buf *b, const char *const *names,
                    const char *const *data, const size_t *lens, size_t n)
{
  csp_buf_clear(b);
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
    zip_source_t *s = zip_source_buffer(za, data[i], lens[i], 0);
    zip_int64_t at = s ? zip_file_add(za, names[i], s, 0) : -1;
    if (s && at < 0)
      zip_source_free(s);
    ok = at >= 0 && zip_set_file_compression(za, (zip_uint64_t)at,
                                             ZIP_CM_DEFLATE, 6) == 0;
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
      csp_buf_put(b, chunk, (size_t)got);
    ok = got == 0 && b->len == st.size;
    zip_source_close(dst);
  }
  zip_source_free(dst);
  return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
  if (argc != 2) {
    fputs("usage: zip_seed DIR\n", stderr);
    return 2;
  }
  const char *dir = argv[1];
  static const char *const docx[] = {
      "[Content_Types].xml", "_rels/.rels",        "word/document.xml",
      "word/_rels/document.xml.rels", "word/styles.xml",
      "word/numbering.xml",  "word/settings.xml",  "word/fontTable.xml",
      "word/header1.xml",    "word/footer1.xml",   "docProps/core.xml",
      "docProps/app.xml"};
  enum { N = sizeof docx / sizeof docx[0] };
  const char *data[N];
  size_t lens[N];
  for (size_t i = 0; i < N; i++) {
    int styles = strcmp(docx[i], "word/styles.xml") == 0;
    data[i] = styles ? S_styles : S_part;
    lens[i] = strlen(data[i]);
  }
  csp_buf b;
  csp_buf_init(&b);
  failed |= S_libzip(&b, docx, data, lens, N) < 0;
  S_save(dir, "docx.zip", &b);

  static const char *const two[] = {"a", "word/styles.xml"};
  const char *two_data[] = {"hello, world\n", S_styles};
  const size_t two_lens[] = {13, 40};
  failed |= S_libzip(&b, two, two_data, two_lens, 2) < 0;
  S_save(dir, "two.zip", &b);

  const char *empty_data[] = {""};
  const size_t empty_len[] = {0};
  failed |= S_libzip(&b, two, empty_data, empty_len, 1) < 0;
  S_save(dir, "empty-entry.zip", &b);

  /* no entries: libzip writes nothing for that, so the end record alone */
  csp_buf_clear(&b);
  S_put32(&b, 0x06054b50);
  for (int i = 0; i < 9; i++)
    S_put16(&b, 0);
  S_save(dir, "no-entries.zip", &b);

  S_stored(&b, "word/styles.xml", S_styles, 0, "");
  S_save(dir, "stored.zip", &b);
  S_stored(&b, "a", "stored with a data descriptor", 8, "a comment");
  S_save(dir, "descriptor.zip", &b);

  csp_buf_release(&b);
  return failed;
}
