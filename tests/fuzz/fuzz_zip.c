/* fuzz_zip.c: libFuzzer harness for the zip reader of zipread.c (going
 * away with it).
 *
 * Input: the bytes of an archive, as a --reference-doc gives them.
 * csp_zip_read looks for word/styles.xml and for "a" in them, under a
 * size bound that the input's length picks (small, so the limit is hit,
 * or large).  Properties: no read outside the input (ASan: libFuzzer's
 * buffer is exactly the input); -1 comes with a reason, 0 with none,
 * and either leaves out as it was; 1 appends at most max bytes, and
 * those bytes, zipped by libzip, read back the same. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <zip.h>

#include "fuzz.h"
#include "zipread.h"

/* Zips data[0..len) as name with libzip, in memory, and reads it back
 * with csp_zip_read: the same bytes. */
static void S_round_trip(const char *name, const char *data, size_t len)
{
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *dst = zip_source_buffer_create(NULL, 0, 0, &ze);
  zip_t *za = dst ? zip_open_from_source(dst, ZIP_CREATE | ZIP_TRUNCATE, &ze)
                  : NULL;
  zip_error_fini(&ze);
  FUZZ_ASSERT(za != NULL, "libzip starts an archive");
  zip_source_keep(dst);
  zip_source_t *s = zip_source_buffer(za, data, len, 0);
  zip_int64_t at = s ? zip_file_add(za, name, s, 0) : -1;
  FUZZ_ASSERT(at >= 0, "libzip adds the entry");
  FUZZ_ASSERT(zip_set_file_compression(za, (zip_uint64_t)at, ZIP_CM_DEFLATE,
                                       6) == 0,
              "libzip deflates it");
  FUZZ_ASSERT(zip_close(za) == 0, "libzip writes the archive");
  zip_stat_t st;
  zip_stat_init(&st);
  FUZZ_ASSERT(zip_source_stat(dst, &st) == 0 && zip_source_open(dst) == 0,
              "the archive can be read");
  csp_buf a, back;
  csp_buf_init(&a);
  csp_buf_init(&back);
  char chunk[8192];
  zip_int64_t got;
  while ((got = zip_source_read(dst, chunk, sizeof chunk)) > 0)
    csp_buf_put(&a, chunk, (size_t)got);
  FUZZ_ASSERT(got == 0 && a.len == st.size, "the whole archive is read");
  zip_source_close(dst);
  zip_source_free(dst);
  const char *why = NULL;
  int rc = csp_zip_read(a.data, a.len, name, len, &back, &why);
  FUZZ_ASSERT(rc == 1 && why == NULL, "what was written reads back");
  FUZZ_ASSERT(back.len == len && memcmp(back.data, data, len) == 0,
              "the same bytes come back");
  csp_buf_release(&a);
  csp_buf_release(&back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const char *const names[] = {"word/styles.xml", "a"};
  size_t max = (size & 1) ? 100 : 1 << 20;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    csp_buf out;
    csp_buf_init(&out);
    csp_buf_puts(&out, "kept");
    const char *why = "unset";
    int rc =
        csp_zip_read((const char *)data, size, names[i], max, &out, &why);
    FUZZ_ASSERT(rc == -1 || rc == 0 || rc == 1, "returns -1, 0 or 1");
    if (rc == -1)
      FUZZ_ASSERT(why != NULL && why[0] != '\0', "a refusal says why");
    else
      FUZZ_ASSERT(why == NULL, "no reason without a refusal");
    FUZZ_ASSERT(memcmp(out.data, "kept", 4) == 0, "out is appended to");
    if (rc != 1)
      FUZZ_ASSERT(out.len == 4, "out as it was when nothing is read");
    else {
      FUZZ_ASSERT(out.len - 4 <= max, "at most max bytes are read");
      S_round_trip(names[i], out.data + 4, out.len - 4);
    }
    csp_buf_release(&out);
  }
  fuzz_diag_done(size);
  return 0;
}
