/* zipio.h: the zip container of a DOCX package, written and read in
 * memory over zlib.
 *
 * The writer makes plain zip archives (no zip64, no data descriptors, no
 * extra fields, no comments) whose bytes depend only on the entries
 * given: every entry is deflated at level 6 and dated 1980-01-01
 * 00:00:00.  One writer is meant to serve a whole batch: it keeps one
 * deflate stream, and it remembers the last bytes it deflated under each
 * name, so a part that is the same in every document is compressed once.
 *
 * The reader takes one entry out of an archive that may come from
 * anyone (a --reference-doc), checking every offset and size against
 * the bytes it was given. */
#ifndef CSP_ZIPIO_H
#define CSP_ZIPIO_H

#include <stddef.h>

#include "util.h"

/* What a plain zip can hold.  0xFFFF and 0xFFFFFFFF in the count and
 * size fields mean "see the zip64 record", so neither is written. */
#define CSP_ZIP_MAX_ENTRIES 0xFFFEu     /* entries in one archive */
#define CSP_ZIP_MAX_SIZE 0xFFFFFFFEu    /* bytes of one entry, either size */
#define CSP_ZIP_MAX_ARCHIVE 0xFFFFFFFFu /* bytes of the whole archive */

/* ---- the writer ---------------------------------------------------- */

typedef struct csp_zipw csp_zipw;

/* A writer with its deflate stream (level 6, raw deflate, memLevel 8).
 * The caller frees it with csp_zipw_free.  Returns NULL, after
 * reporting, only when zlib refuses to start (a library version
 * mismatch); running out of memory aborts. */
csp_zipw *csp_zipw_new(void);
void csp_zipw_free(csp_zipw *z);

/* Starts an archive appended to out.  out is borrowed until
 * csp_zipw_end and must not be touched in between.  Starting again
 * abandons an archive not ended (out keeps what was written of it). */
void csp_zipw_begin(csp_zipw *z, csp_buf *out);

/* Adds one deflated entry named name (copied) holding data[0..len)
 * (read during the call only).  Entries appear in the order added; the
 * writer does not check names for duplicates.  Returns 0, or -1 after
 * reporting when the entry or the archive would be too large for a
 * plain zip (see the limits above) or the name is empty or longer than
 * 65,535 bytes.  After a failure out is as it was before csp_zipw_begin
 * and every later call on the archive returns -1 without reporting. */
int csp_zipw_add(csp_zipw *z, const char *name, const char *data, size_t len);

/* Appends the central directory and the end record.  Returns 0, or -1
 * when the archive failed before (already reported; out is then as it
 * was before csp_zipw_begin).  The writer is ready for csp_zipw_begin
 * again either way. */
int csp_zipw_end(csp_zipw *z);

/* How many entries were copied from the writer's cache rather than
 * deflated, since csp_zipw_new (for the tests and the benchmarks). */
size_t csp_zipw_cache_hits(const csp_zipw *z);

/* ---- the reader ---------------------------------------------------- */

/* Finds the entry named name in the zip archive data[0..len) and appends
 * its bytes to out.  Returns 1 when found and read, 0 when the archive
 * has no such entry, -1 when the archive is damaged or uses what this
 * reader does not read (zip64, several disks, encryption, a method other
 * than stored or deflated, an entry larger than max bytes); then *why
 * says what, as a static lower-case phrase such as "CRC mismatch", and
 * out is unchanged.  Nothing is reported through diag: the caller names
 * the file.  why must not be NULL; *why is NULL unless -1 is returned.
 * The first entry with the name wins. */
int csp_zip_read(const char *data, size_t len, const char *name, size_t max,
                 csp_buf *out, const char **why);

#endif
