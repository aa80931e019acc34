#include <getopt.h>
#include <signal.h>

#include "cmd/cmd.h"
#include "util/names.h"

int
cmd_kill (struct st_globals *g, int argc, char **argv, st_err *err)
{
  static const struct option opts[] = {
    { "all", no_argument, NULL, 'a' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
  };
  bool all = false;
  int c, sig = SIGTERM;

  while ((c = getopt_long (argc, argv, "ah", opts, NULL)) != -1) {
    switch (c) {
    case 'a':
      all = true;
      break;
    case 'h':
      st_usage ("kill", "[-a|--all] ID [SIGNAL]",
                "  -a, --all   signal every process of the container\n"
                "SIGNAL is a name (TERM, SIGTERM) or a number; the default is SIGTERM.\n");
      return 0;
    default:
      return st_cmd_unknown_option ("kill", argc, argv, err);
    }
  }
  if (optind >= argc)
    return st_fail (err, 0, "kill: a container id is required; see stoke kill --help");
  if (optind + 2 < argc)
    return st_fail (err, 0, "kill: unexpected argument `%s`", argv[optind + 2]);
  if (optind + 1 < argc && st_signal_parse (argv[optind + 1], &sig, err) < 0)
    return st_error_prefix (err, "kill");
  return st_container_kill (g->root, argv[optind], sig, all, err);
}
