/* What the commands share: usage text, the single-id argument, create/run's options. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"

void
st_usage (const char *name, const char *usage, const char *options)
{
  printf ("Usage: stoke %s %s\n", name, usage);
  if (options && *options)
    printf ("\nOptions:\n%s", options);
}

int
st_cmd_unknown_option (const char *cmd, int argc, char **argv, st_err *err)
{
  const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "?";
  if (optopt && optopt < 256)
    return st_fail (err, 0, "%s: unknown option or missing value for `-%c`; see stoke %s --help",
                    cmd, optopt, cmd);
  return st_fail (err, 0, "%s: unknown option or missing value for `%s`; see stoke %s --help", cmd,
                  arg, cmd);
}

int
st_cmd_one_id (const char *cmd, int argc, char **argv, const char **id, st_err *err)
{
  if (optind >= argc)
    return st_fail (err, 0, "%s: a container id is required; see stoke %s --help", cmd, cmd);
  if (optind + 1 < argc)
    return st_fail (err, 0, "%s: unexpected argument `%s`", cmd, argv[optind + 1]);
  *id = argv[optind];
  return 0;
}

static int
parse_count (const char *s, int *out)
{
  char *end;
  long v = strtol (s, &end, 10);
  if (*s == '\0' || *end || v < 0 || v > 65535)
    return -1;
  *out = v;
  return 0;
}

enum
{
  OPT_BUNDLE = 'b',
  OPT_DETACH = 'd',
  OPT_HELP = 'h',
  OPT_CONFIG = 256,
  OPT_PID_FILE,
  OPT_CONSOLE_SOCKET,
  OPT_PRESERVE_FDS,
  OPT_NO_PIVOT,
  OPT_NO_NEW_KEYRING,
  OPT_KEEP,
  OPT_NO_SUBREAPER,
};

static const struct option create_options[] = {
  { "bundle", required_argument, NULL, OPT_BUNDLE },
  { "config", required_argument, NULL, OPT_CONFIG },
  { "pid-file", required_argument, NULL, OPT_PID_FILE },
  { "console-socket", required_argument, NULL, OPT_CONSOLE_SOCKET },
  { "preserve-fds", required_argument, NULL, OPT_PRESERVE_FDS },
  { "no-pivot", no_argument, NULL, OPT_NO_PIVOT },
  { "no-new-keyring", no_argument, NULL, OPT_NO_NEW_KEYRING },
  { "help", no_argument, NULL, OPT_HELP },
  /* run only */
  { "detach", no_argument, NULL, OPT_DETACH },
  { "keep", no_argument, NULL, OPT_KEEP },
  { "no-subreaper", no_argument, NULL, OPT_NO_SUBREAPER },
  { NULL, 0, NULL, 0 },
};

static const char create_help[]
    = "  -b, --bundle DIR          the bundle (default: the current directory)\n"
      "      --config FILE         the config (default: BUNDLE/config.json)\n"
      "      --pid-file FILE       write the container's init pid to FILE\n"
      "      --console-socket S    send the pty master to the unix socket S\n"
      "      --preserve-fds N      pass N extra fds (from fd 3) to the process\n"
      "      --no-pivot            chroot instead of pivot_root\n"
      "      --no-new-keyring      keep the caller's session keyring\n";

static const char run_help[]
    = "  -d, --detach              return once the container runs\n"
      "      --keep                keep the stopped container (run only)\n";

int
st_cmd_parse_create (struct st_globals *g, bool run, int argc, char **argv,
                     struct st_create_opts *o, bool *detach, bool *keep, st_err *err)
{
  const char *cmd = run ? "run" : "create";
  int c;

  memset (o, 0, sizeof *o);
  o->root = g->root;
  o->cgroup_manager = g->cgroup_manager;
  while ((c = getopt_long (argc, argv, run ? "b:dh" : "b:h", create_options, NULL)) != -1) {
    switch (c) {
    case OPT_BUNDLE:
      o->bundle = optarg;
      break;
    case OPT_CONFIG:
      o->config_path = optarg;
      break;
    case OPT_PID_FILE:
      o->pid_file = optarg;
      break;
    case OPT_CONSOLE_SOCKET:
      o->console_socket = optarg;
      break;
    case OPT_PRESERVE_FDS:
      if (parse_count (optarg, &o->preserve_fds) < 0)
        return st_fail (err, 0, "%s: --preserve-fds: expected a number, got `%s`", cmd, optarg);
      break;
    case OPT_NO_PIVOT:
      o->no_pivot = true;
      break;
    case OPT_NO_NEW_KEYRING:
      o->no_new_keyring = true;
      break;
    case OPT_DETACH:
    case OPT_KEEP:
    case OPT_NO_SUBREAPER:
      if (!run)
        return st_cmd_unknown_option (cmd, argc, argv, err);
      if (c == OPT_DETACH)
        *detach = true;
      else if (c == OPT_KEEP)
        *keep = true;
      break;
    case OPT_HELP:
      st_usage (cmd, "[OPTIONS] ID", create_help);
      if (run)
        fputs (run_help, stdout);
      return 1;
    default:
      return st_cmd_unknown_option (cmd, argc, argv, err);
    }
  }
  if (st_cmd_one_id (cmd, argc, argv, &o->id, err) < 0)
    return -1;
  return 0;
}
