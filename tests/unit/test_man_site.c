/* test_man_site.c: csecpol-site(5) documents the fields the program
 * knows, and no others.
 *
 * Reads man/csecpol-site.5 (run from the repository root, as
 * tests/run.sh does) and takes the field list of its SITE FIELDS
 * section: one line ".It Ic PATH Pq TYPE, NEED" per field.  Then checks
 * that every field of csp_fields has exactly one such line with the
 * same type and need, and that every line names a field of the
 * table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "tap.h"

#define PAGE "man/csecpol-site.5"
#define MAX_ITEMS 512

typedef struct {
  char path[128];
  char type[64];
  char need[32];
  int line;
  int matched;
} S_item;

static const char *S_need_name(csp_need n)
{
  return n == CSP_REQUIRED ? "required"
         : n == CSP_RECOMMENDED ? "recommended"
                                : "optional";
}

/* Parses ".It Ic PATH Pq TYPE, NEED" into it; returns 0, or -1 when the
 * line has another shape. */
static int S_parse(const char *line, S_item *it)
{
  static const char head[] = ".It Ic ";
  if (strncmp(line, head, sizeof head - 1) != 0)
    return -1;
  const char *p = line + sizeof head - 1;
  const char *sp = strchr(p, ' ');
  if (!sp || (size_t)(sp - p) >= sizeof it->path)
    return -1;
  memcpy(it->path, p, (size_t)(sp - p));
  it->path[sp - p] = '\0';
  if (strncmp(sp, " Pq ", 4) != 0)
    return -1;
  p = sp + 4;
  const char *comma = strrchr(p, ',');
  if (!comma || (size_t)(comma - p) >= sizeof it->type)
    return -1;
  memcpy(it->type, p, (size_t)(comma - p));
  it->type[comma - p] = '\0';
  p = comma + 1;
  while (*p == ' ')
    p++;
  size_t n = strcspn(p, " \n");
  if (n >= sizeof it->need || p[n] == ' ')
    return -1;
  memcpy(it->need, p, n);
  it->need[n] = '\0';
  return 0;
}

int main(void)
{
  FILE *f = fopen(PAGE, "r");
  if (!OK(f != NULL, "%s can be opened (run from the repository root)",
          PAGE))
    return tap_done();
  static S_item items[MAX_ITEMS];
  size_t nitems = 0;
  char line[1024];
  int in_section = 0, in_list = 0, lineno = 0, bad = 0;
  while (fgets(line, sizeof line, f)) {
    lineno++;
    if (strncmp(line, ".Sh ", 4) == 0) {
      in_section = strcmp(line, ".Sh SITE FIELDS\n") == 0;
      in_list = 0;
      continue;
    }
    if (!in_section)
      continue;
    /* the field list is the first list of the section; the Types
     * subsection that follows is not fields */
    if (strncmp(line, ".Ss ", 4) == 0)
      in_section = 0;
    else if (strncmp(line, ".Bl ", 4) == 0)
      in_list++;
    else if (strncmp(line, ".El", 3) == 0)
      in_list--;
    else if (in_list == 1 && strncmp(line, ".It ", 4) == 0) {
      if (nitems == MAX_ITEMS) {
        OK(0, "at most %d fields in %s", MAX_ITEMS, PAGE);
        break;
      }
      S_item *it = &items[nitems];
      if (S_parse(line, it) < 0) {
        OK(0, "%s:%d has the shape \".It Ic PATH Pq TYPE, NEED\": %s",
           PAGE, lineno, line);
        bad++;
        continue;
      }
      it->line = lineno;
      nitems++;
    }
  }
  fclose(f);
  OK(nitems > 0, "%s lists fields under SITE FIELDS", PAGE);
  OK(!bad, "every item of the field list has the expected shape");

  /* every field of the table, once, with its type and need */
  for (size_t i = 0; i < csp_nfields; i++) {
    const csp_field *fl = &csp_fields[i];
    S_item *found = NULL;
    int count = 0;
    for (size_t j = 0; j < nitems; j++) {
      if (strcmp(items[j].path, fl->path) == 0) {
        found = found ? found : &items[j];
        items[j].matched = 1;
        count++;
      }
    }
    const char *type = csp_type_name(fl->type);
    const char *need = S_need_name(fl->need);
    int same = count == 1 && strcmp(found->type, type) == 0 &&
               strcmp(found->need, need) == 0;
    if (!OK(same, "%s is documented once in %s as (%s, %s)", fl->path, PAGE,
            type, need)) {
      if (count != 1)
        printf("#   found %d times\n", count);
      else
        printf("#   %s:%d says (%s, %s)\n", PAGE, found->line, found->type,
               found->need);
    }
  }
  /* and no field the program does not know */
  for (size_t j = 0; j < nitems; j++)
    if (!items[j].matched)
      OK(0, "%s:%d documents '%s', which is not a field of csp_fields",
         PAGE, items[j].line, items[j].path);
  OK(nitems == csp_nfields, "%s lists %zu fields, the table has %zu", PAGE,
     nitems, csp_nfields);
  return tap_done();
}
