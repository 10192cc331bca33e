/* render_common.c: what every renderer shares: the one rule for which
 * URLs may become links. */
#include <stddef.h>
#include <string.h>

#include "render.h"

/* The schemes a policy may link to.  Each keeps its colon so that
 * "https" does not match "httpsfoo:". */
static const char *const S_safe_schemes[] = {"http:", "https:", "tel:",
                                             "mailto:"};

static int S_lower(int c)
{
  return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Nonzero when s starts with prefix, ignoring ASCII case.  prefix is
 * lower case. */
static int S_has_prefix_ci(const char *s, const char *prefix)
{
  for (; *prefix; s++, prefix++)
    if (*s == '\0' || S_lower((unsigned char)*s) != *prefix)
      return 0;
  return 1;
}

/* A browser strips leading spaces and C0 controls, and ignores tabs and
 * newlines anywhere in a URL ("java\tscript:"), so a URL holding any
 * control character is refused outright rather than guessed at.  The
 * URL must then start with one of the four schemes above, in any case
 * ("HTTPS:", "Tel:"), so a leading space refuses it too; relative URLs
 * have no scheme and are refused, since a standalone page has no base
 * to resolve them against.  Nor may a URL hold a space, <, >, ", \ or
 * `, which no URL holds as such (check refuses them too): cmark's
 * CommonMark renderer writes a link whose text is its URL as an
 * autolink <URL> without escaping, so "https://x <img>" would come back
 * as raw HTML when the Markdown is read again (found by fuzz_render). */
int csp_url_is_safe(const char *url)
{
  if (url == NULL)
    return 0;
  for (const unsigned char *p = (const unsigned char *)url; *p; p++)
    if (*p <= 0x20 || *p == 0x7f || strchr("<>\"\\`", *p))
      return 0;
  for (size_t i = 0; i < sizeof S_safe_schemes / sizeof *S_safe_schemes; i++)
    if (S_has_prefix_ci(url, S_safe_schemes[i]))
      return 1;
  return 0;
}
