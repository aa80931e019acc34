#include <getopt.h>

#include "cmd/cmd.h"

int
cmd_delete (struct st_globals *g, int argc, char **argv, st_err *err)
{
  static const struct option opts[] = {
    { "force", no_argument, NULL, 'f' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
  };
  bool force = false;
  const char *id;
  int c;

  while ((c = getopt_long (argc, argv, "fh", opts, NULL)) != -1) {
    switch (c) {
    case 'f':
      force = true;
      break;
    case 'h':
      st_usage ("delete", "[-f|--force] ID",
                "  -f, --force   kill a running container before deleting it\n");
      return 0;
    default:
      return st_cmd_unknown_option ("delete", argc, argv, err);
    }
  }
  if (st_cmd_one_id ("delete", argc, argv, &id, err) < 0)
    return -1;
  return st_container_delete (g->root, id, force, err);
}
