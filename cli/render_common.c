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
 * control character or starting with a space is refused outright rather
 * than guessed at.  The scheme must then be one of the four above, in
 * any case ("HTTPS:", "Tel:"); relative URLs have no scheme and are
 * refused too, since a standalone page has no base to resolve them. */
int csp_url_is_safe(const char *url)
{
  if (url == NULL || *url == '\0' || *url == ' ')
    return 0;
  for (const unsigned char *p = (const unsigned char *)url; *p; p++)
    if (*p < 0x20 || *p == 0x7f)
      return 0;
  for (size_t i = 0; i < sizeof S_safe_schemes / sizeof *S_safe_schemes; i++)
    if (S_has_prefix_ci(url, S_safe_schemes[i]))
      return 1;
  return 0;
}
