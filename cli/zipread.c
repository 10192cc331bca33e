/* zipread.c: GOING AWAY.  The reader of one entry of a zip archive in
 * memory, over zlib, that takes word/styles.xml out of a --reference-doc
 * (docx_ref.c).  It is what is left of zipio.c, whose writer libzip
 * replaced (docx_pkg.c); the reading of a DOCX over libzip and libxml2
 * replaces it in turn (issue 15), and then this file and zipread.h are
 * removed.  Do not build on it.  The format is PKWARE's APPNOTE.TXT;
 * only what a DOCX saved by Word, LibreOffice or pandoc uses is read. */
#define ZLIB_CONST /* next_in points to const bytes */
#include "zipread.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

/* Signatures of the records, as they read little-endian. */
#define S_SIG_LOCAL 0x04034b50u     /* local file header */
#define S_SIG_CENTRAL 0x02014b50u   /* central directory file header */
#define S_SIG_END 0x06054b50u       /* end of central directory */
#define S_SIG_END64_LOC 0x07064b50u /* zip64 end of central dir locator */

/* Fixed sizes of the records, before their variable parts. */
#define S_LOCAL_LEN 30
#define S_CENTRAL_LEN 46
#define S_END_LEN 22

/* The compression methods it reads. */
#define S_METHOD_STORED 0
#define S_METHOD_DEFLATE 8

/* General purpose flags the reader looks at. */
#define S_FLAG_ENCRYPTED 0x0001u
#define S_FLAG_STRONG_ENCRYPTION 0x0040u

/* zlib allocates through the aborting allocator, like everything else;
 * calloc's zeroes keep valgrind quiet about zlib's window. */
static voidpf S_zalloc(voidpf opaque, uInt items, uInt size)
{
  (void)opaque;
  return csp_xcalloc(items, size);
}

static void S_zfree(voidpf opaque, voidpf p)
{
  (void)opaque;
  free(p);
}

static unsigned S_get16(const unsigned char *p)
{
  return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t S_get32(const unsigned char *p)
{
  return (uint32_t)S_get16(p) | (uint32_t)S_get16(p + 2) << 16;
}

/* Why a method is refused, for the methods APPNOTE names (and a few
 * more in use); the phrase must be static. */
static const char *S_method_why(unsigned method)
{
  switch (method) {
  case 1:
    return "compression method 1 (shrink) is not supported";
  case 2:
  case 3:
  case 4:
  case 5:
    return "compression methods 2 to 5 (reduce) are not supported";
  case 6:
    return "compression method 6 (implode) is not supported";
  case 9:
    return "compression method 9 (deflate64) is not supported";
  case 12:
    return "compression method 12 (bzip2) is not supported";
  case 14:
    return "compression method 14 (lzma) is not supported";
  case 93:
    return "compression method 93 (zstandard) is not supported";
  case 95:
    return "compression method 95 (xz) is not supported";
  case 98:
    return "compression method 98 (ppmd) is not supported";
  case 99:
    return "encrypted entry"; /* WinZip AES */
  default:
    return "unknown compression method";
  }
}

/* Finds the end of central directory record: the last one whose
 * comment ends the data, else the last one whose comment fits in it.
 * Returns its offset, or SIZE_MAX. */
static size_t S_find_end(const unsigned char *p, size_t len)
{
  if (len < S_END_LEN)
    return SIZE_MAX;
  size_t last = len - S_END_LEN;
  size_t lo = last > 0xFFFF ? last - 0xFFFF : 0;
  size_t fits = SIZE_MAX;
  for (size_t i = last + 1; i-- > lo;) {
    if (p[i] != 'P' || S_get32(p + i) != S_SIG_END)
      continue;
    size_t comment = S_get16(p + i + 20);
    if (comment == last - i)
      return i;
    if (fits == SIZE_MAX && comment <= last - i)
      fits = i;
  }
  return fits;
}

/* Inflates the raw deflate stream src[0..clen) into out, which must
 * come to exactly ulen bytes.  Returns NULL, or why not. */
static const char *S_inflate(const unsigned char *src, size_t clen, size_t ulen,
                             csp_buf *out)
{
  z_stream zs;
  memset(&zs, 0, sizeof zs);
  zs.zalloc = S_zalloc;
  zs.zfree = S_zfree;
  if (inflateInit2(&zs, -15) != Z_OK)
    return "cannot start zlib's inflate";
  zs.next_in = src;
  zs.avail_in = (uInt)clen; /* clen < 0xFFFFFFFF fits */
  const char *why = NULL;
  unsigned char chunk[16384];
  for (;;) {
    zs.next_out = chunk;
    zs.avail_out = sizeof chunk;
    int rc = inflate(&zs, Z_NO_FLUSH);
    size_t got = sizeof chunk - zs.avail_out;
    if (got > ulen - out->len) {
      why = "entry larger than its declared size";
      break;
    }
    csp_buf_put(out, (const char *)chunk, got);
    if (rc == Z_STREAM_END)
      break;
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      why = "damaged compressed data";
      break;
    }
    if (zs.avail_out != 0) { /* inflate stopped for want of input */
      why = "truncated compressed data";
      break;
    }
  }
  if (!why && zs.avail_in != 0)
    why = "compressed data shorter than its declared size";
  if (!why && out->len != ulen)
    why = "entry smaller than its declared size";
  inflateEnd(&zs);
  return why;
}

int csp_zip_read(const char *data, size_t len, const char *name, size_t max,
                 csp_buf *out, const char **why)
{
  const unsigned char *p = (const unsigned char *)data;
  *why = NULL;
#define S_REFUSE(phrase)                                                       \
  do {                                                                         \
    *why = (phrase);                                                           \
    return -1;                                                                 \
  } while (0)

  /* the end record */
  size_t end = S_find_end(p, len);
  if (end == SIZE_MAX)
    S_REFUSE("not a zip archive");
  if (end >= 20 && S_get32(p + end - 20) == S_SIG_END64_LOC)
    S_REFUSE("zip64 archives are not supported");
  unsigned disk = S_get16(p + end + 4), cd_disk = S_get16(p + end + 6);
  unsigned n_here = S_get16(p + end + 8), n = S_get16(p + end + 10);
  uint32_t cd_size = S_get32(p + end + 12), cd_off = S_get32(p + end + 16);
  if (disk == 0xFFFF || cd_disk == 0xFFFF || n_here == 0xFFFF || n == 0xFFFF ||
      cd_size == 0xFFFFFFFFu || cd_off == 0xFFFFFFFFu)
    S_REFUSE("zip64 archives are not supported");
  if (disk != 0 || cd_disk != 0 || n_here != n)
    S_REFUSE("multi-disk archives are not supported");
  if (cd_off > end || cd_size > end - cd_off)
    S_REFUSE("truncated central directory");

  /* the central directory: the first entry with the name */
  size_t namelen = strlen(name);
  size_t pos = cd_off, cd_end = cd_off + (size_t)cd_size;
  const unsigned char *c = NULL;
  for (unsigned i = 0; i < n; i++) {
    if (cd_end - pos < S_CENTRAL_LEN)
      S_REFUSE("truncated central directory");
    const unsigned char *q = p + pos;
    if (S_get32(q) != S_SIG_CENTRAL)
      S_REFUSE("damaged central directory");
    size_t nl = S_get16(q + 28), el = S_get16(q + 30), cl = S_get16(q + 32);
    if (cd_end - pos - S_CENTRAL_LEN < nl + el + cl)
      S_REFUSE("truncated central directory");
    if (nl == namelen && memcmp(q + S_CENTRAL_LEN, name, nl) == 0) {
      c = q;
      break;
    }
    pos += S_CENTRAL_LEN + nl + el + cl;
  }
  if (!c)
    return 0;

  /* the entry, as the central directory gives it */
  unsigned flags = S_get16(c + 8), method = S_get16(c + 10);
  uint32_t crc = S_get32(c + 16);
  uint32_t csize = S_get32(c + 20), usize = S_get32(c + 24);
  unsigned entry_disk = S_get16(c + 34);
  uint32_t local = S_get32(c + 42);
  if (csize == 0xFFFFFFFFu || usize == 0xFFFFFFFFu || local == 0xFFFFFFFFu ||
      entry_disk == 0xFFFF)
    S_REFUSE("zip64 archives are not supported");
  if (entry_disk != 0)
    S_REFUSE("multi-disk archives are not supported");
  if (flags & (S_FLAG_ENCRYPTED | S_FLAG_STRONG_ENCRYPTION))
    S_REFUSE("encrypted entry");
  if (method != S_METHOD_STORED && method != S_METHOD_DEFLATE)
    S_REFUSE(S_method_why(method));
  if (usize > max)
    S_REFUSE("entry larger than the size limit");

  /* its local header: the same name, then the data, all before the
   * central directory */
  if (local > cd_off || cd_off - local < S_LOCAL_LEN)
    S_REFUSE("local header outside the archive");
  const unsigned char *h = p + local;
  if (S_get32(h) != S_SIG_LOCAL)
    S_REFUSE("bad local header signature");
  size_t lnl = S_get16(h + 26), lel = S_get16(h + 28);
  if (cd_off - local - S_LOCAL_LEN < lnl + lel)
    S_REFUSE("local header outside the archive");
  if (lnl != namelen || memcmp(h + S_LOCAL_LEN, name, lnl) != 0)
    S_REFUSE("local header names another entry");
  size_t at = local + S_LOCAL_LEN + lnl + lel;
  if (csize > cd_off - at)
    S_REFUSE("truncated entry data");

  csp_buf tmp;
  csp_buf_init(&tmp);
  const char *bad = NULL;
  if (method == S_METHOD_STORED || (csize == 0 && usize == 0)) {
    if (csize != usize)
      bad = "stored entry with two sizes";
    else
      csp_buf_put(&tmp, data + at, csize);
  } else {
    bad = S_inflate(p + at, csize, usize, &tmp);
  }
  if (!bad && (uint32_t)crc32_z(0, (const Bytef *)tmp.data, tmp.len) != crc)
    bad = "CRC mismatch";
  if (!bad)
    csp_buf_put(out, tmp.data, tmp.len);
  csp_buf_release(&tmp);
  if (bad)
    S_REFUSE(bad);
  return 1;
#undef S_REFUSE
}
