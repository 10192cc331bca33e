/* interview.c: csecpol init --interactive (interview.h). */
#define _GNU_SOURCE
#include "interview.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "site.h"
#include "value.h"

/* Paths are the table's, a few dozen bytes: the buffers hold them. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif

/* Set by the SIGINT handler: the one thing a handler may do. */
static volatile sig_atomic_t S_interrupted;

static void S_on_sigint(int sig)
{
  (void)sig;
  S_interrupted = 1;
}

typedef struct {
  csp_interview *iv;
  csp_buf answer;     /* the last answer read */
  const csp_node *shared; /* the statewide file taken, or NULL */
  const char *shared_rel;
} S_run;

int csp_interview_supplied(const csp_node *shared, const char *path)
{
  if (!shared)
    return 0;
  const csp_node *v = csp_node_path(shared, path);
  return v && (csp_node_has_text(v) ||
               ((v->kind == CSP_NODE_SEQ || v->kind == CSP_NODE_MAP) &&
                v->n > 0));
}

/* Prints what diag holds to the terminal, and forgets it. */
static void S_say(S_run *r)
{
  csp_diag_flush(r->iv->diags, r->iv->out, CSP_FORMAT_TEXT);
}

/* Reads one answer into r->answer, without its line end and the spaces
 * around it.  Returns 0, or -1 when the answers ended or Ctrl-C was
 * pressed (said). */
static int S_read(S_run *r)
{
  csp_interview *iv = r->iv;
  char *line = NULL;
  size_t cap = 0;
  errno = 0;
  ssize_t n = S_interrupted ? -1 : getline(&line, &cap, iv->in);
  if (n < 0 || S_interrupted) {
    free(line);
    if (S_interrupted)
      fputs("\ncsecpol init: interrupted; no file written\n", iv->out);
    else if (iv->name)
      fprintf(iv->out, "\ncsecpol init: %s ended before the interview "
                       "did; no file written\n",
              iv->name);
    else
      fputs("\ncsecpol init: the input ended before the interview did; no "
            "file written\n",
            iv->out);
    return -1;
  }
  iv->line++;
  while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
    n--;
  size_t start = 0;
  while (start < (size_t)n && (line[start] == ' ' || line[start] == '\t'))
    start++;
  while ((size_t)n > start && (line[n - 1] == ' ' || line[n - 1] == '\t'))
    n--;
  csp_buf_clear(&r->answer);
  csp_buf_put(&r->answer, line + start, (size_t)n - start);
  free(line);
  if (iv->echo)
    fprintf(iv->out, "%s\n", r->answer.data);
  return 0;
}

/* The prompt for the value at shown of field f. */
static void S_question(S_run *r, const csp_field *f, const char *shown,
                       int ends_list)
{
  FILE *out = r->iv->out;
  fprintf(out, "\n%s: %s%s\n", shown, f->doc,
          f->need == CSP_REQUIRED      ? " (required)"
          : f->need == CSP_RECOMMENDED ? " (recommended)"
                                       : "");
  if (f->sample)
    fprintf(out, "  e.g. %s\n", f->sample);
  if (ends_list)
    fputs("  an empty answer ends the list\n", out);
  else if (f->need != CSP_REQUIRED)
    fputs("  an empty answer leaves it out\n", out);
  fprintf(out, "%s> ", shown);
  fflush(out);
}

/* Asks for the value at path (shown as shown) until it passes, and sets
 * *v to it, or to NULL for an empty answer that may be (an optional or
 * recommended field, or one that ends a list).  Returns 0, or -1 when
 * the answers ended. */
static int S_ask_value(S_run *r, const csp_field *f, const char *path,
                       const char *shown, int ends_list, csp_node **v)
{
  csp_interview *iv = r->iv;
  *v = NULL;
  for (;;) {
    S_question(r, f, shown, ends_list);
    if (S_read(r) < 0)
      return -1;
    csp_loc loc = {iv->name, iv->line, 0};
    if (r->answer.len == 0) {
      if (ends_list)
        return 0;
      int errors = csp_schema_check_at(iv->diags, NULL, path, shown, &loc,
                                       iv->opts);
      S_say(r);
      if (errors)
        continue;
      return 0;
    }
    if (csp_site_check_text(iv->diags, r->answer.data, r->answer.len,
                            &loc) < 0) {
      S_say(r);
      continue;
    }
    csp_node *n = csp_node_new_scalar(r->answer.data, r->answer.len, &loc);
    int errors =
        csp_schema_check_at(iv->diags, n, path, shown, &loc, iv->opts);
    S_say(r);
    if (errors) {
      csp_node_free(n);
      continue;
    }
    *v = n;
    return 0;
  }
}

/* Asks yes or no; an empty answer is yes.  Returns 1, 0, or -1 when the
 * answers ended. */
static int S_ask_yes(S_run *r, const char *question)
{
  for (;;) {
    fprintf(r->iv->out, "\n%s [Y/n] ", question);
    fflush(r->iv->out);
    if (S_read(r) < 0)
      return -1;
    const char *a = r->answer.data;
    if (!*a || strcasecmp(a, "y") == 0 || strcasecmp(a, "yes") == 0)
      return 1;
    if (strcasecmp(a, "n") == 0 || strcasecmp(a, "no") == 0)
      return 0;
    fputs("  answer y or n\n", r->iv->out);
  }
}

/* Offers the statewide file of the state just answered. */
static int S_offer_state(S_run *r, csp_node *answers, csp_node *site)
{
  csp_interview *iv = r->iv;
  const char *st = csp_node_text(site, "state");
  if (!st)
    return 0;
  snprintf(iv->state, sizeof iv->state, "%s", st);
  const char *rel;
  int shipped;
  const csp_node *shared;
  int rc = iv->shared(iv->ctx, st, &shared, &rel, &shipped);
  S_say(r);
  if (rc < 0) {
    fputs("csecpol init: no file written\n", iv->out);
    return -1;
  }
  if (!shared)
    return 0;
  char q[512];
  snprintf(q, sizeof q,
           "%s %s, the statewide file for %s: the state's abuse\n"
           "report line and hotlines, which every %s site shares.  Extend "
           "it, so that\nthis file leaves to it what it supplies?",
           shipped ? "csecpol ships" : "There is", rel, st, st);
  int yes = S_ask_yes(r, q);
  if (yes <= 0)
    return yes;
  r->shared = shared;
  r->shared_rel = rel;
  iv->extends = 1;
  /* init writes the extended file's state as "supplied by" it */
  if (csp_interview_supplied(shared, "site.state"))
    csp_node_remove(site, "state");
  csp_node_set(answers, "extends",
               csp_node_new_scalar(rel, strlen(rel), NULL));
  return 0;
}

static int S_ask_map(S_run *r, csp_node *answers, csp_node *map,
                     const char *prefix, const char *shown);

/* Asks for the items of the list field f, shown as shown, into a list
 * node (*list: NULL when no item was given). */
static int S_ask_list(S_run *r, csp_node *answers, const csp_field *f,
                      const char *shown, csp_node **list)
{
  csp_interview *iv = r->iv;
  char item_path[256], item_shown[256];
  snprintf(item_path, sizeof item_path, "%s[]", f->path);
  *list = csp_node_new(CSP_NODE_SEQ, NULL);
  for (size_t k = 1;; k++) {
    snprintf(item_shown, sizeof item_shown, "%s[%zu]", shown, k);
    csp_node *item = NULL;
    if (f->type == CSP_T_TEXTS) {
      if (S_ask_value(r, f, item_path, item_shown, 1, &item) < 0)
        goto fail;
    } else {
      item = csp_node_new(CSP_NODE_MAP, NULL);
      int rc = S_ask_map(r, answers, item, item_path, item_shown);
      if (rc < 0) {
        csp_node_free(item);
        goto fail;
      }
      if (rc == 0) { /* the first question had an empty answer */
        csp_node_free(item);
        item = NULL;
      } else {
        /* the item's own rules: a phone or an e-mail */
        csp_loc loc = {iv->name, iv->line, 0};
        item->loc = loc;
        int errors = csp_schema_check_at(iv->diags, item, item_path,
                                         item_shown, &loc, iv->opts);
        S_say(r);
        if (errors) {
          fprintf(iv->out, "  so %s once more:\n", item_shown);
          csp_node_free(item);
          k--;
          continue;
        }
      }
    }
    if (!item) {
      if ((*list)->n == 0 && f->need == CSP_REQUIRED) {
        csp_loc loc = {iv->name, iv->line, 0};
        csp_schema_check_at(iv->diags, NULL, f->path, shown, &loc,
                            iv->opts);
        S_say(r);
        k--;
        continue;
      }
      break;
    }
    csp_node_append(*list, NULL, NULL, item);
  }
  if ((*list)->n == 0) {
    csp_node_free(*list);
    *list = NULL;
  }
  return 0;
fail:
  csp_node_free(*list);
  *list = NULL;
  return -1;
}

/* Asks for the fields under prefix into map.  In a list item, an empty
 * answer to the first question ends the list: returns 0 then.  Returns
 * 1 when the fields were asked, -1 when the answers ended. */
static int S_ask_map(S_run *r, csp_node *answers, csp_node *map,
                     const char *prefix, const char *shown)
{
  int in_item = strstr(prefix, "[]") != NULL;
  int first = 1;
  char path[256], sh[256];
  for (size_t i = 0; i < csp_nfields; i++) {
    const csp_field *f = &csp_fields[i];
    const char *key;
    if (!csp_field_child(f->path, prefix, &key))
      continue;
    if (f->flags & CSP_F_FILE)
      continue; /* init writes the one, the state offer sets the other;
                   a site is no shared file */
    snprintf(path, sizeof path, "%s", f->path);
    if (*shown)
      snprintf(sh, sizeof sh, "%s.%s", shown, key);
    else
      snprintf(sh, sizeof sh, "%s", key);
    /* what the statewide file supplies is not asked; a map is asked
     * field by field, since a site may add to it */
    if (!in_item && f->type != CSP_T_MAP &&
        csp_interview_supplied(r->shared, path)) {
      fprintf(r->iv->out, "\n%s: supplied by %s\n", sh, r->shared_rel);
      continue;
    }
    csp_node *v = NULL;
    switch (f->type) {
    case CSP_T_MAP:
      v = csp_node_new(CSP_NODE_MAP, NULL);
      if (S_ask_map(r, answers, v, path, sh) < 0) {
        csp_node_free(v);
        return -1;
      }
      if (v->n == 0) {
        csp_node_free(v);
        v = NULL;
      }
      break;
    case CSP_T_LIST:
    case CSP_T_TEXTS:
      if (S_ask_list(r, answers, f, sh, &v) < 0)
        return -1;
      break;
    default:
      if (S_ask_value(r, f, path, sh, in_item && first, &v) < 0)
        return -1;
      if (in_item && first && !v)
        return 0;
      break;
    }
    first = 0;
    if (v)
      csp_node_append(map, key, NULL, v);
    if (strcmp(f->path, "site.state") == 0 && v &&
        S_offer_state(r, answers, map) < 0)
      return -1;
  }
  return 1;
}

int csp_interview_run(csp_interview *iv, csp_node **answers)
{
  S_run r = {iv, {0}, NULL, NULL};
  csp_buf_init(&r.answer);
  iv->line = 0;
  iv->state[0] = '\0';
  iv->extends = 0;
  iv->interrupted = 0;
  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = S_on_sigint;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0; /* no SA_RESTART: the read in progress stops */
  S_interrupted = 0;
  sigaction(SIGINT, &sa, &old);

  fputs("csecpol init: the site file, one question a field.  Each answer "
        "is checked\nas 'csecpol check' would; press Ctrl-C to stop "
        "without writing a file.\n",
        iv->out);
  *answers = csp_node_new(CSP_NODE_MAP, NULL);
  int rc = S_ask_map(&r, *answers, *answers, "", "");
  sigaction(SIGINT, &old, NULL);
  iv->interrupted = S_interrupted;
  csp_buf_release(&r.answer);
  if (rc < 0) {
    csp_node_free(*answers);
    *answers = NULL;
    return -1;
  }
  return 0;
}
