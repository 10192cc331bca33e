/* zipread.h: GOING AWAY (see zipread.c): one entry out of a zip archive
 * in memory, for --reference-doc, until libzip reads it. */
#ifndef CSP_ZIPREAD_H
#define CSP_ZIPREAD_H

#include <stddef.h>

#include "util.h"

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
