/* zipio.c: a plain zip writer with a cache of deflated entries, and a
 * reader of one entry, both in memory over zlib's deflate, inflate and
 * crc32.  The format is PKWARE's APPNOTE.TXT; only what a DOCX needs is
 * written, and only what a DOCX saved by Word, LibreOffice or pandoc
 * uses is read. */
#define ZLIB_CONST /* next_in points to const bytes */
#include "zipio.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "diag.h"

/* Signatures of the records, as they read little-endian. */
#define S_SIG_LOCAL 0x04034b50u     /* local file header */
#define S_SIG_CENTRAL 0x02014b50u   /* central directory file header */
#define S_SIG_END 0x06054b50u       /* end of central directory */
#define S_SIG_END64_LOC 0x07064b50u /* zip64 end of central dir locator */

/* Fixed sizes of the records, before their variable parts. */
#define S_LOCAL_LEN 30
#define S_CENTRAL_LEN 46
#define S_END_LEN 22

/* What every written entry says about itself. */
#define S_VERSION_NEEDED 20            /* 2.0: deflate */
#define S_VERSION_MADE ((3 << 8) | 20) /* Unix, 2.0 */
#define S_METHOD_STORED 0
#define S_METHOD_DEFLATE 8
#define S_DOS_TIME 0                         /* 00:00:00 */
#define S_DOS_DATE ((0 << 9) | (1 << 5) | 1) /* 1980-01-01 */
#define S_EXT_ATTR (0100644u << 16)          /* a regular file, rw-r--r-- */

/* General purpose flags the reader looks at. */
#define S_FLAG_ENCRYPTED 0x0001u
#define S_FLAG_STRONG_ENCRYPTION 0x0040u

/* Names the writer remembers the last deflated bytes of.  A DOCX has
 * about a dozen parts. */
#define S_CACHE_SLOTS 32

/* zlib allocates through the aborting allocator, like everything else;
 * calloc's zeroes keep valgrind quiet about deflate's window. */
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

static void S_put16(unsigned char *p, unsigned v)
{
  p[0] = (unsigned char)(v & 0xFF);
  p[1] = (unsigned char)((v >> 8) & 0xFF);
}

static void S_put32(unsigned char *p, uint32_t v)
{
  S_put16(p, (unsigned)(v & 0xFFFF));
  S_put16(p + 2, (unsigned)(v >> 16));
}

static unsigned S_get16(const unsigned char *p)
{
  return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t S_get32(const unsigned char *p)
{
  return (uint32_t)S_get16(p) | (uint32_t)S_get16(p + 2) << 16;
}

/* ---- the writer ---------------------------------------------------- */

/* The last bytes deflated under one name, and what came of them.  All
 * owned by the slot. */
typedef struct S_slot {
  char *name; /* NULL: unused */
  char *raw;  /* the uncompressed bytes */
  size_t rawlen;
  unsigned char *comp; /* the raw deflate stream */
  size_t complen, compcap;
  uint32_t crc;
} S_slot;

struct csp_zipw {
  z_stream zs;  /* deflateInit2 once, deflateReset per entry */
  csp_buf *out; /* the archive's buffer, borrowed; NULL between */
  size_t start; /* out->len when the archive began */
  csp_buf cd;   /* the central directory so far */
  size_t n;     /* entries so far */
  int failed;   /* the archive failed: out is back at start */
  S_slot cache[S_CACHE_SLOTS];
  size_t evict; /* the slot a new name takes when all are used */
  size_t hits;
};

csp_zipw *csp_zipw_new(void)
{
  csp_zipw *z = csp_xcalloc(1, sizeof *z);
  z->zs.zalloc = S_zalloc;
  z->zs.zfree = S_zfree;
  int rc = deflateInit2(&z->zs, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
  if (rc != Z_OK) {
    csp_diag(CSP_ERROR, NULL, "docx",
             "cannot start zlib's deflate (%s, zlib %s); rebuild csecpol "
             "against the installed zlib",
             z->zs.msg ? z->zs.msg : zError(rc), zlibVersion());
    free(z);
    return NULL;
  }
  csp_buf_init(&z->cd);
  return z;
}

static void S_slot_clear(S_slot *s)
{
  free(s->name);
  free(s->raw);
  free(s->comp);
  memset(s, 0, sizeof *s);
}

void csp_zipw_free(csp_zipw *z)
{
  if (!z)
    return;
  deflateEnd(&z->zs);
  csp_buf_release(&z->cd);
  for (size_t i = 0; i < S_CACHE_SLOTS; i++)
    S_slot_clear(&z->cache[i]);
  free(z);
}

size_t csp_zipw_cache_hits(const csp_zipw *z) { return z->hits; }

void csp_zipw_begin(csp_zipw *z, csp_buf *out)
{
  z->out = out;
  z->start = out->len;
  csp_buf_clear(&z->cd);
  z->n = 0;
  z->failed = 0;
}

/* Puts out back as it was at csp_zipw_begin and fails the archive. */
static int S_fail(csp_zipw *z)
{
  z->out->len = z->start;
  z->out->data[z->start] = '\0';
  z->failed = 1;
  return -1;
}

/* The slot for name holding data[0..len): *hit is 1 when it holds them
 * already.  Otherwise the slot (the name's own, a free one, or the next
 * one to evict) is named name and must be filled by the caller. */
static S_slot *S_lookup(csp_zipw *z, const char *name, const char *data,
                        size_t len, int *hit)
{
  S_slot *free_slot = NULL;
  for (size_t i = 0; i < S_CACHE_SLOTS; i++) {
    S_slot *s = &z->cache[i];
    if (!s->name) {
      if (!free_slot)
        free_slot = s;
      continue;
    }
    if (strcmp(s->name, name) == 0) {
      *hit = s->rawlen == len && (len == 0 || memcmp(s->raw, data, len) == 0);
      return s;
    }
  }
  *hit = 0;
  S_slot *s = free_slot;
  if (!s) {
    s = &z->cache[z->evict];
    z->evict = (z->evict + 1) % S_CACHE_SLOTS;
    free(s->name);
    s->name = NULL;
  }
  s->name = csp_xstrdup(name);
  return s;
}

/* Deflates data[0..len) into s->comp and remembers the bytes and their
 * CRC in s.  Returns 0, or -1 with s emptied. */
static int S_deflate(csp_zipw *z, S_slot *s, const char *data, size_t len)
{
  z_stream *zs = &z->zs;
  s->rawlen = 0;
  s->complen = 0;
  if (deflateReset(zs) != Z_OK)
    return -1;
  size_t bound = (size_t)deflateBound(zs, (uLong)len);
  if (s->compcap < bound) {
    s->compcap = bound;
    s->comp = csp_xrealloc(s->comp, s->compcap);
  }
  zs->next_in = (const Bytef *)data;
  zs->avail_in = (uInt)len; /* len <= CSP_ZIP_MAX_SIZE fits */
  size_t have = 0;
  for (;;) {
    if (have == s->compcap) {
      s->compcap = s->compcap ? s->compcap * 2 : 64;
      s->comp = csp_xrealloc(s->comp, s->compcap);
    }
    size_t room = s->compcap - have;
    if (room > UINT_MAX)
      room = UINT_MAX;
    zs->next_out = s->comp + have;
    zs->avail_out = (uInt)room;
    int rc = deflate(zs, Z_FINISH);
    have += room - zs->avail_out;
    if (rc == Z_STREAM_END)
      break;
    if (rc != Z_OK && rc != Z_BUF_ERROR)
      return -1;
  }
  s->complen = have;
  s->crc = (uint32_t)crc32_z(0, (const Bytef *)data, len);
  s->raw = csp_xrealloc(s->raw, len ? len : 1);
  if (len)
    memcpy(s->raw, data, len);
  s->rawlen = len;
  return 0;
}

/* The fields a local and a central header share, from "version needed"
 * to "extra field length", at p (26 bytes). */
static void S_put_common(unsigned char *p, const S_slot *s, size_t namelen)
{
  S_put16(p, S_VERSION_NEEDED);
  S_put16(p + 2, 0); /* flags: no data descriptor, names in CP437 */
  S_put16(p + 4, S_METHOD_DEFLATE);
  S_put16(p + 6, S_DOS_TIME);
  S_put16(p + 8, S_DOS_DATE);
  S_put32(p + 10, s->crc);
  S_put32(p + 14, (uint32_t)s->complen);
  S_put32(p + 18, (uint32_t)s->rawlen);
  S_put16(p + 22, (unsigned)namelen);
  S_put16(p + 24, 0); /* no extra field */
}

int csp_zipw_add(csp_zipw *z, const char *name, const char *data, size_t len)
{
  if (!z->out || z->failed)
    return -1;
  size_t namelen = strlen(name);
  if (namelen == 0 || namelen > 0xFFFF) {
    csp_diag(CSP_ERROR, NULL, "docx",
             "cannot zip an entry with a name of %zu bytes; a zip entry "
             "needs a name of 1 to 65535 bytes",
             namelen);
    return S_fail(z);
  }
  if (z->n >= CSP_ZIP_MAX_ENTRIES) {
    csp_diag(CSP_ERROR, NULL, "docx",
             "cannot zip %s: a zip archive without zip64 holds at most %u "
             "entries",
             name, CSP_ZIP_MAX_ENTRIES);
    return S_fail(z);
  }
  if (len > CSP_ZIP_MAX_SIZE) {
    csp_diag(CSP_ERROR, NULL, "docx",
             "cannot zip %s: %zu bytes is more than a zip entry without "
             "zip64 holds (%u)",
             name, len, CSP_ZIP_MAX_SIZE);
    return S_fail(z);
  }
  int hit;
  S_slot *s = S_lookup(z, name, data, len, &hit);
  if (hit) {
    z->hits++;
  } else if (S_deflate(z, s, data, len) < 0) {
    csp_diag(CSP_ERROR, NULL, "docx", "cannot deflate %s: %s", name,
             z->zs.msg ? z->zs.msg : "zlib failed");
    S_slot_clear(s);
    return S_fail(z);
  }
  if (s->complen > CSP_ZIP_MAX_SIZE) {
    csp_diag(CSP_ERROR, NULL, "docx",
             "cannot zip %s: %zu bytes deflated is more than a zip entry "
             "without zip64 holds (%u)",
             name, s->complen, CSP_ZIP_MAX_SIZE);
    return S_fail(z);
  }
  /* The archive once ended: every entry, the central directory, the end
   * record.  Within the limit, every offset written fits in 32 bits. */
  size_t offset = z->out->len - z->start;
  uint64_t total = (uint64_t)offset + S_LOCAL_LEN + namelen + s->complen +
                   z->cd.len + S_CENTRAL_LEN + namelen + S_END_LEN;
  if (total > CSP_ZIP_MAX_ARCHIVE) {
    csp_diag(CSP_ERROR, NULL, "docx",
             "cannot zip %s: the archive would pass 4 GiB, more than a zip "
             "without zip64 holds",
             name);
    return S_fail(z);
  }

  unsigned char h[S_CENTRAL_LEN];
  S_put32(h, S_SIG_LOCAL);
  S_put_common(h + 4, s, namelen);
  csp_buf_put(z->out, (const char *)h, S_LOCAL_LEN);
  csp_buf_put(z->out, name, namelen);
  csp_buf_put(z->out, (const char *)s->comp, s->complen);

  S_put32(h, S_SIG_CENTRAL);
  S_put16(h + 4, S_VERSION_MADE);
  S_put_common(h + 6, s, namelen);
  S_put16(h + 32, 0); /* no comment */
  S_put16(h + 34, 0); /* disk number */
  S_put16(h + 36, 0); /* internal attributes */
  S_put32(h + 38, S_EXT_ATTR);
  S_put32(h + 42, (uint32_t)offset);
  csp_buf_put(&z->cd, (const char *)h, S_CENTRAL_LEN);
  csp_buf_put(&z->cd, name, namelen);
  z->n++;
  return 0;
}

int csp_zipw_end(csp_zipw *z)
{
  if (!z->out)
    return -1;
  csp_buf *out = z->out;
  z->out = NULL;
  if (z->failed)
    return -1;
  /* csp_zipw_add kept the total within CSP_ZIP_MAX_ARCHIVE */
  size_t cd_offset = out->len - z->start;
  csp_buf_put(out, z->cd.data, z->cd.len);
  unsigned char e[S_END_LEN];
  S_put32(e, S_SIG_END);
  S_put16(e + 4, 0);               /* this disk */
  S_put16(e + 6, 0);               /* the disk with the directory */
  S_put16(e + 8, (unsigned)z->n);  /* entries on this disk */
  S_put16(e + 10, (unsigned)z->n); /* entries in all */
  S_put32(e + 12, (uint32_t)z->cd.len);
  S_put32(e + 16, (uint32_t)cd_offset);
  S_put16(e + 20, 0); /* no comment */
  csp_buf_put(out, (const char *)e, S_END_LEN);
  return 0;
}

/* ---- the reader ---------------------------------------------------- */

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
