#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "util/cleanup.h"

struct row
{
  struct st_container *c;
  enum st_status status;
};

static int
cmp_rows (const void *a, const void *b)
{
  return strcmp (((const struct row *) a)->c->id, ((const struct row *) b)->c->id);
}

static void
print_table (struct row *rows, size_t n)
{
  int w = 2;
  for (size_t i = 0; i < n; i++)
    if ((int) strlen (rows[i].c->id) > w)
      w = strlen (rows[i].c->id);
  printf ("%-*s   %-8s %-10s %-40s %-31s %s\n", w, "ID", "PID", "STATUS", "BUNDLE", "CREATED",
          "OWNER");
  for (size_t i = 0; i < n; i++) {
    const struct oci_state *s = rows[i].c->state;
    printf ("%-*s   %-8d %-10s %-40s %-31s %s\n", w, rows[i].c->id,
            rows[i].status == ST_STOPPED || !s ? 0 : s->pid, st_status_name (rows[i].status),
            s && s->bundle ? s->bundle : "", s && s->created ? s->created : "",
            s && s->owner ? s->owner : "");
  }
}

static int
print_json (struct row *rows, size_t n, st_err *err)
{
  fputs ("[", stdout);
  for (size_t i = 0; i < n; i++) {
    cleanup_free char *json = NULL;
    if (st_container_state_json (rows[i].c, rows[i].status, &json, err) < 0)
      return -1;
    printf ("%s%s", i ? "," : "", json);
  }
  fputs ("]\n", stdout);
  return 0;
}

int
cmd_list (struct st_globals *g, int argc, char **argv, st_err *err)
{
  static const struct option opts[] = {
    { "format", required_argument, NULL, 'f' },
    { "quiet", no_argument, NULL, 'q' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
  };
  cleanup_dir DIR *d = NULL;
  struct row *rows = NULL;
  size_t n = 0, cap = 0;
  bool quiet = false, json = false;
  struct dirent *de;
  int ch, ret = 0;

  while ((ch = getopt_long (argc, argv, "f:qh", opts, NULL)) != -1) {
    switch (ch) {
    case 'f':
      if (strcmp (optarg, "json") == 0)
        json = true;
      else if (strcmp (optarg, "table") != 0)
        return st_fail (err, 0, "list: --format: expected table or json, got `%s`", optarg);
      break;
    case 'q':
      quiet = true;
      break;
    case 'h':
      st_usage ("list", "[--format table|json] [-q]",
                "  -f, --format F   table (default) or json\n"
                "  -q, --quiet      print only the ids\n");
      return 0;
    default:
      return st_cmd_unknown_option ("list", argc, argv, err);
    }
  }
  if (optind < argc)
    return st_fail (err, 0, "list: unexpected argument `%s`", argv[optind]);
  d = opendir (g->root);
  if (d == NULL && errno != ENOENT)
    return st_fail_sys (err, "list: open state root `%s`", g->root);
  while (d && (de = readdir (d)) != NULL) {
    struct st_container *c = NULL;
    cleanup_err st_err ignored = NULL;
    if (de->d_name[0] == '.' || de->d_type != DT_DIR)
      continue;
    if (st_container_load (g->root, de->d_name, false, &c, &ignored) < 0)
      continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 16;
      struct row *nr = realloc (rows, cap * sizeof *rows);
      if (nr == NULL) {
        st_container_free (c);
        ret = st_fail_sys (err, "list");
        goto out;
      }
      rows = nr;
    }
    rows[n].c = c;
    rows[n++].status = st_container_status (c);
  }
  if (n > 1)
    qsort (rows, n, sizeof *rows, cmp_rows);
  if (quiet) {
    for (size_t i = 0; i < n; i++)
      puts (rows[i].c->id);
  } else if (json) {
    /* Containers caught between mkdir and their first state file have nothing to show. */
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
      if (rows[i].c->state)
        rows[k++] = rows[i];
      else
        st_container_free (rows[i].c);
    n = k;
    ret = print_json (rows, n, err);
  } else {
    print_table (rows, n);
  }
out:
  for (size_t i = 0; i < n; i++)
    st_container_free (rows[i].c);
  free (rows);
  return ret;
}
