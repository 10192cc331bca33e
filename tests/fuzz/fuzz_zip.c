/* fuzz_zip.c: libFuzzer harness for the zip reader.
 *
 * Input: the bytes of an archive, as a --reference-doc gives them.
 * csp_zip_read looks for word/styles.xml and for "a" in them, under a
 * size bound that the input's length picks (small, so the limit is hit,
 * or large).  Properties: no read outside the input (ASan: libFuzzer's
 * buffer is exactly the input); -1 comes with a reason, 0 with none,
 * and either leaves out as it was; 1 appends at most max bytes, and
 * those bytes, zipped by the writer (one writer for the whole run, so
 * its reuse and cache are exercised too), read back the same. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "zipio.h"

/* Zips data[0..len) as name and reads it back: the same bytes. */
static void S_round_trip(const char *name, const char *data, size_t len)
{
  static csp_zipw *z;
  if (!z)
    z = csp_zipw_new();
  FUZZ_ASSERT(z != NULL, "a writer");
  csp_buf a, back;
  csp_buf_init(&a);
  csp_buf_init(&back);
  csp_zipw_begin(z, &a);
  FUZZ_ASSERT(csp_zipw_add(z, name, data, len) == 0, "the writer adds");
  FUZZ_ASSERT(csp_zipw_end(z) == 0, "the writer ends");
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
