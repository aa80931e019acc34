#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd/cmd.h"
#include "util/cleanup.h"

int
cmd_state (struct st_globals *g, int argc, char **argv, st_err *err)
{
  static const struct option opts[] = { { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
  cleanup_container struct st_container *c = NULL;
  cleanup_free char *json = NULL;
  const char *id;
  int ch;

  while ((ch = getopt_long (argc, argv, "h", opts, NULL)) != -1) {
    if (ch != 'h')
      return st_cmd_unknown_option ("state", argc, argv, err);
    st_usage ("state", "ID", "");
    return 0;
  }
  if (st_cmd_one_id ("state", argc, argv, &id, err) < 0
      || st_container_load (g->root, id, false, &c, err) < 0
      || st_container_state_json (c, st_container_status (c), &json, err) < 0)
    return -1;
  puts (json);
  return 0;
}
