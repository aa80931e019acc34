/* stoke: global options, the command table, error reporting. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "cmd/cmd.h"
#include "util/cleanup.h"
#include "util/selfprotect.h"

struct command
{
  const char *name;
  st_cmd_fn fn;
  const char *summary;
};

#define ST_CMD_ENTRY(n, s) { #n, cmd_##n, s },
static const struct command commands[] = { ST_COMMANDS (ST_CMD_ENTRY) };

static void
print_version (void)
{
  printf ("stoke version %s\ncommit: %s\nspec: 1.3.0\n", STOKE_VERSION, STOKE_COMMIT);
}

static void
print_help (void)
{
  printf ("Usage: stoke [GLOBAL OPTIONS] COMMAND [OPTIONS] [ARGS]\n\n"
          "stoke runs OCI bundles: a daemonless container runtime.\n\nCommands:\n");
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
    printf ("  %-10s %s\n", commands[i].name, commands[i].summary);
  printf ("\nGlobal options:\n"
          "  --root DIR               state directory (default /run/stoke as root,\n"
          "                           $XDG_RUNTIME_DIR/stoke otherwise)\n"
          "  --log FILE               append log records to FILE\n"
          "  --log-format text|json   format of the log records (default text)\n"
          "  --log-level LEVEL        error, warning, info or debug (default warning)\n"
          "  --debug                  same as --log-level debug\n"
          "  --systemd-cgroup         same as --cgroup-manager systemd\n"
          "  --cgroup-manager M       cgroupfs, systemd or disabled (default cgroupfs)\n"
          "  --rootless true|false|auto  accepted for runc compatibility\n"
          "  -v, --version            print the version\n"
          "  -h, --help               print this help\n"
          "\nRun 'stoke COMMAND --help' for a command's options.\n");
}

static char *
default_root (void)
{
  const char *xdg;
  char *r = NULL;

  if (geteuid () == 0)
    return strdup ("/run/stoke");
  xdg = getenv ("XDG_RUNTIME_DIR");
  if (xdg && *xdg && asprintf (&r, "%s/stoke", xdg) >= 0)
    return r;
  if (asprintf (&r, "/tmp/stoke-%u", (unsigned) geteuid ()) >= 0)
    return r;
  return NULL;
}

enum
{
  OPT_ROOT = 256,
  OPT_LOG,
  OPT_LOG_FORMAT,
  OPT_LOG_LEVEL,
  OPT_DEBUG,
  OPT_SYSTEMD_CGROUP,
  OPT_CGROUP_MANAGER,
  OPT_ROOTLESS,
};

static const struct option global_options[] = {
  { "root", required_argument, NULL, OPT_ROOT },
  { "log", required_argument, NULL, OPT_LOG },
  { "log-format", required_argument, NULL, OPT_LOG_FORMAT },
  { "log-level", required_argument, NULL, OPT_LOG_LEVEL },
  { "debug", no_argument, NULL, OPT_DEBUG },
  { "systemd-cgroup", no_argument, NULL, OPT_SYSTEMD_CGROUP },
  { "cgroup-manager", required_argument, NULL, OPT_CGROUP_MANAGER },
  { "rootless", required_argument, NULL, OPT_ROOTLESS },
  { "version", no_argument, NULL, 'v' },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

static int
parse_globals (struct st_globals *g, int argc, char **argv, st_err *err)
{
  int c;

  opterr = 0;
  while ((c = getopt_long (argc, argv, "+vh", global_options, NULL)) != -1) {
    switch (c) {
    case OPT_ROOT:
      g->root = optarg;
      break;
    case OPT_LOG:
      g->log = optarg;
      break;
    case OPT_LOG_FORMAT:
      if (strcmp (optarg, "json") == 0)
        g->log_format = ST_LOG_JSON;
      else if (strcmp (optarg, "text") == 0)
        g->log_format = ST_LOG_TEXT;
      else
        return st_fail (err, 0, "--log-format: unknown format `%s` (text or json)", optarg);
      break;
    case OPT_LOG_LEVEL:
      if (st_log_parse_level (optarg, &g->log_level) < 0)
        return st_fail (err, 0, "--log-level: unknown level `%s`", optarg);
      break;
    case OPT_DEBUG:
      g->debug = true;
      g->log_level = ST_LOG_DEBUG;
      break;
    case OPT_SYSTEMD_CGROUP:
      g->cgroup_manager = ST_CGROUP_SYSTEMD;
      break;
    case OPT_CGROUP_MANAGER:
      if (strcmp (optarg, "cgroupfs") == 0)
        g->cgroup_manager = ST_CGROUP_CGROUPFS;
      else if (strcmp (optarg, "systemd") == 0)
        g->cgroup_manager = ST_CGROUP_SYSTEMD;
      else if (strcmp (optarg, "disabled") == 0)
        g->cgroup_manager = ST_CGROUP_DISABLED;
      else
        return st_fail (err, 0,
                        "--cgroup-manager: unknown manager `%s` (cgroupfs, systemd or disabled)",
                        optarg);
      break;
    case OPT_ROOTLESS:
      if (strcmp (optarg, "true") && strcmp (optarg, "false") && strcmp (optarg, "auto"))
        return st_fail (err, 0, "--rootless: expected true, false or auto, got `%s`", optarg);
      g->rootless = strcmp (optarg, "true") == 0;
      break;
    case 'v':
      print_version ();
      exit (0);
    case 'h':
      print_help ();
      exit (0);
    default:
      if (optopt)
        return st_fail (err, 0, "unknown global option `-%c`; see stoke --help", optopt);
      return st_fail (err, 0, "unknown or incomplete global option `%s`; see stoke --help",
                      argv[optind - 1]);
    }
  }
  return optind;
}

int
main (int argc, char **argv)
{
  cleanup_err st_err err = NULL;
  cleanup_free char *root = NULL;
  struct st_globals g = { .log_format = ST_LOG_TEXT, .log_level = ST_LOG_WARNING };
  int first, ret;

  first = parse_globals (&g, argc, argv, &err);
  if (first < 0)
    goto fail;
  if (st_log_open (g.log, g.log_format, g.log_level, &err) < 0)
    goto fail;
  if (first >= argc) {
    print_help ();
    return 0;
  }
  if (g.root == NULL) {
    root = default_root ();
    g.root = root;
  }
  /* The commands that put stoke processes inside a container run from a read-only copy of
   * the binary (CVE-2019-5736, util/selfprotect.h); as root only: a rootless stoke's container
   * cannot write a binary it does not own. */
  if (geteuid () == 0
      && (strcmp (argv[first], "create") == 0 || strcmp (argv[first], "run") == 0
          || strcmp (argv[first], "exec") == 0)
      && st_self_protect (argv, &err) < 0)
    goto fail;
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
    if (strcmp (argv[first], commands[i].name) == 0) {
      optind = 0; /* reset getopt for the command's own flags */
      ret = commands[i].fn (&g, argc - first, argv + first, &err);
      if (ret < 0)
        goto fail;
      return ret;
    }
  }
  if (strcmp (argv[first], "help") == 0) {
    print_help ();
    return 0;
  }
  st_fail (&err, 0, "unknown command `%s`; see stoke --help", argv[first]);
fail:
  st_report (err);
  return 1;
}
