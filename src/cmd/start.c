#include <getopt.h>

#include "cmd/cmd.h"

int
cmd_start (struct st_globals *g, int argc, char **argv, st_err *err)
{
  static const struct option opts[] = { { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
  const char *id;
  int c;

  while ((c = getopt_long (argc, argv, "h", opts, NULL)) != -1) {
    if (c != 'h')
      return st_cmd_unknown_option ("start", argc, argv, err);
    st_usage ("start", "ID", "");
    return 0;
  }
  if (st_cmd_one_id ("start", argc, argv, &id, err) < 0)
    return -1;
  return st_container_start (g->root, id, err);
}
