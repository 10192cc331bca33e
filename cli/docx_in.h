/* docx_in.h: reading a DOCX that may come from anyone (a file given to
 * `csecpol diff`, a --reference-doc).
 *
 * libzip opens the archive from memory (read only, with its stricter
 * consistency checks); libxml2 parses each part, with no network, no
 * DTD loading and no entity expansion, and a DOCTYPE refused.  Every
 * size is checked as the bytes come out of the decompressor, never
 * taken from the archive's own headers, so a zip bomb stops at the
 * limit.  libxml2 prints nothing itself: its errors become our
 * diagnostics, naming the file, the part and the line.  Every error is
 * reported through diag with the rule the caller gives. */
#ifndef CSP_DOCX_IN_H
#define CSP_DOCX_IN_H

#include <stddef.h>

#include <libxml/tree.h>
#include <zip.h>

#include "diag.h"
#include "rules.h"
#include "util.h"

/* The limits, listed in csecpol(1) LIMITS. */
#define CSP_MAX_DOCX_FILE (64 * 1024 * 1024)  /* bytes of the .docx */
#define CSP_MAX_DOCX_ENTRIES 10000            /* entries in its zip */
#define CSP_MAX_DOCX_PART (32 * 1024 * 1024)  /* bytes of one part,
                                                    uncompressed */
#define CSP_MAX_DOCX_TOTAL (128 * 1024 * 1024) /* bytes of all parts
                                                     read, uncompressed */

/* WordprocessingML's namespaces, as a reader matches them. */
#define CSP_DOCX_IN_NS_W                                                   \
  "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define CSP_DOCX_IN_NS_R                                                   \
  "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define CSP_DOCX_IN_NS_PKG_RELS                                            \
  "http://schemas.openxmlformats.org/package/2006/relationships"

/* An open package.  The caller owns the struct; csp_docx_in_close frees
 * what it holds. */
typedef struct csp_docx_in {
  const char *file; /* for messages (borrowed) */
  csp_diags *diags; /* where its errors go (borrowed) */
  csp_rule_id rule; /* the rule of its errors */
  zip_t *zip;
  size_t total; /* uncompressed bytes read so far */
} csp_docx_in;

/* Nonzero when data starts like a zip archive ("PK\3\4") or like an
 * OLE2 compound file, which is what Word makes of a password-protected
 * .docx (and of a .doc). */
int csp_docx_in_sniff(const char *data, size_t len);

/* Opens the archive data[0..len) (borrowed until csp_docx_in_close).
 * Refuses what is not a zip archive, a damaged one, one with more than
 * CSP_MAX_DOCX_ENTRIES entries, and one with an encrypted entry.
 * Returns 0, or -1 after reporting (in is then closed). */
int csp_docx_in_open(csp_docx_in *in, csp_diags *dg, const char *file,
                     csp_rule_id rule, const char *data, size_t len);

/* Appends the uncompressed bytes of the part named name (a zip entry
 * name without a leading "/", matched ignoring case as OPC says) to
 * out.  Returns 1, 0 when the package has no such part, or -1 after
 * reporting (damaged, or over CSP_MAX_DOCX_PART or what is left of
 * CSP_MAX_DOCX_TOTAL; out then holds what was read). */
int csp_docx_in_read(csp_docx_in *in, const char *name, csp_buf *out);

/* Parses data[0..len), the part named part of the package file, as XML.
 * Returns the document (the caller frees it with xmlFreeDoc), or NULL
 * after reporting: not well-formed (file, part, line and column and
 * libxml2's message), or holding a DOCTYPE. */
xmlDoc *csp_docx_in_parse(csp_diags *dg, const char *file, csp_rule_id rule,
                          const char *part, const char *data, size_t len);

/* csp_docx_in_read and csp_docx_in_parse together.  Returns the
 * document, or NULL: after reporting, or without reporting when the
 * part is absent and required is 0 (then *absent is set when absent is
 * not NULL). */
xmlDoc *csp_docx_in_xml(csp_docx_in *in, const char *name, int required,
                        int *absent);

void csp_docx_in_close(csp_docx_in *in);

/* Stops libxml2 from printing anything itself (its generic and
 * structured error handlers do nothing).  csp_docx_in_parse calls it;
 * safe to call any number of times. */
void csp_docx_in_quiet(void);

/* ---- helpers for the readers of a parsed part ---------------------- */

/* Nonzero when node is an element named local in namespace ns. */
int csp_docx_in_is(const xmlNode *node, const char *ns, const char *local);

/* The value of the attribute local in namespace ns (NULL: no namespace)
 * of node, or NULL; the caller frees it with xmlFree. */
char *csp_docx_in_attr(const xmlNode *node, const char *ns,
                       const char *local);

/* The part a relationship of part points to: target resolved against
 * the folder of part ("word/document.xml" + "styles.xml" is
 * "word/styles.xml"; "/word/x.xml" is "word/x.xml"; ".." steps up).
 * The caller frees the result.  NULL when it steps above the root. */
char *csp_docx_in_resolve(const char *part, const char *target);

#endif
