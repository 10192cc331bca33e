/* render.c: the table of output formats the renderers fill. */
#include "render.h"

#include <string.h>
#include <strings.h>

const csp_format csp_formats[CSP_NFORMATS] = {
    [CSP_FMT_MD] = {"md", csp_render_md},
    [CSP_FMT_HTML] = {"html", csp_render_html},
    [CSP_FMT_DOCX] = {"docx", csp_render_docx},
};

int csp_format_find(const char *name)
{
  for (int i = 0; i < CSP_NFORMATS; i++)
    if (strcasecmp(name, csp_formats[i].name) == 0)
      return i;
  if (strcasecmp(name, "markdown") == 0)
    return CSP_FMT_MD;
  return -1;
}

int csp_format_of_path(const char *path)
{
  const char *slash = strrchr(path, '/');
  const char *dot = strrchr(slash ? slash + 1 : path, '.');
  if (!dot || dot[1] == '\0')
    return -1;
  if (strcasecmp(dot + 1, "htm") == 0)
    return CSP_FMT_HTML;
  return csp_format_find(dot + 1);
}
