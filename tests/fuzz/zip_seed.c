/* zip_seed.c: writes the seed archives of fuzz_zip into a directory:
 * what the writer makes of a DOCX's parts and of a few smaller sets, and
 * by hand what other writers make (stored entries, a data descriptor,
 * an archive comment), so that the fuzzer starts from every path of the
 * reader.  Usage: zip_seed DIR */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <zlib.h>

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
  csp_zipw *z = csp_zipw_new();
  if (!z)
    return 1;
  csp_buf b;
  csp_buf_init(&b);

  csp_zipw_begin(z, &b);
  for (size_t i = 0; i < sizeof docx / sizeof docx[0]; i++) {
    int styles = strcmp(docx[i], "word/styles.xml") == 0;
    failed |= csp_zipw_add(z, docx[i], styles ? S_styles : S_part,
                           styles ? strlen(S_styles) : strlen(S_part)) < 0;
  }
  failed |= csp_zipw_end(z) < 0;
  S_save(dir, "docx.zip", &b);

  csp_buf_clear(&b);
  csp_zipw_begin(z, &b);
  failed |= csp_zipw_add(z, "a", "hello, world\n", 13) < 0;
  failed |= csp_zipw_add(z, "word/styles.xml", S_styles, 40) < 0;
  failed |= csp_zipw_end(z) < 0;
  S_save(dir, "two.zip", &b);

  csp_buf_clear(&b);
  csp_zipw_begin(z, &b);
  failed |= csp_zipw_add(z, "a", "", 0) < 0;
  failed |= csp_zipw_end(z) < 0;
  S_save(dir, "empty-entry.zip", &b);

  csp_buf_clear(&b);
  csp_zipw_begin(z, &b);
  failed |= csp_zipw_end(z) < 0;
  S_save(dir, "no-entries.zip", &b);

  S_stored(&b, "word/styles.xml", S_styles, 0, "");
  S_save(dir, "stored.zip", &b);
  S_stored(&b, "a", "stored with a data descriptor", 8, "a comment");
  S_save(dir, "descriptor.zip", &b);

  csp_buf_release(&b);
  csp_zipw_free(z);
  return failed;
}
