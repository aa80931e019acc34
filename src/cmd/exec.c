#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"

static const char exec_help[]
    = "  -p, --process FILE        the process as JSON (runtime-spec `process`)\n"
      "  -t, --tty                 allocate a pty\n"
      "      --console-socket S    send the pty master to the unix socket S\n"
      "  -d, --detach              return once the process runs\n"
      "      --pid-file FILE       write the process' pid to FILE\n"
      "      --cwd DIR             working directory inside the container\n"
      "  -e, --env K=V             set an environment variable (repeatable)\n"
      "  -u, --user UID[:GID]      run as this uid (and gid), numbers only\n"
      "  -g, --additional-gids G   add a supplementary group (repeatable)\n"
      "  -c, --cap CAP             add a capability (repeatable)\n"
      "      --no-new-privs        set no_new_privs\n"
      "      --preserve-fds N      pass N extra fds (from fd 3)\n"
      "      --process-label L     SELinux label of the process\n"
      "      --apparmor P          AppArmor profile of the process\n"
      "      --cgroup PATH         join this sub-cgroup of the container's cgroup\n"
      "      --ignore-paused       exec even if the container is paused\n";

enum
{
  OPT_CONSOLE_SOCKET = 256,
  OPT_PID_FILE,
  OPT_CWD,
  OPT_NO_NEW_PRIVS,
  OPT_PRESERVE_FDS,
  OPT_PROCESS_LABEL,
  OPT_APPARMOR,
  OPT_CGROUP,
  OPT_IGNORE_PAUSED,
};

static const struct option opts[] = {
  { "process", required_argument, NULL, 'p' },
  { "tty", no_argument, NULL, 't' },
  { "console-socket", required_argument, NULL, OPT_CONSOLE_SOCKET },
  { "detach", no_argument, NULL, 'd' },
  { "pid-file", required_argument, NULL, OPT_PID_FILE },
  { "cwd", required_argument, NULL, OPT_CWD },
  { "env", required_argument, NULL, 'e' },
  { "user", required_argument, NULL, 'u' },
  { "additional-gids", required_argument, NULL, 'g' },
  { "cap", required_argument, NULL, 'c' },
  { "no-new-privs", no_argument, NULL, OPT_NO_NEW_PRIVS },
  { "preserve-fds", required_argument, NULL, OPT_PRESERVE_FDS },
  { "process-label", required_argument, NULL, OPT_PROCESS_LABEL },
  { "apparmor", required_argument, NULL, OPT_APPARMOR },
  { "cgroup", required_argument, NULL, OPT_CGROUP },
  { "ignore-paused", no_argument, NULL, OPT_IGNORE_PAUSED },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

/* Repeatable flags point into argv: nothing to copy. */
static int
push (char ***v, size_t *n, char *s)
{
  char **nv = realloc (*v, (*n + 1) * sizeof *nv);
  if (nv == NULL)
    return -1;
  nv[(*n)++] = s;
  *v = nv;
  return 0;
}

int
cmd_exec (struct st_globals *g, int argc, char **argv, st_err *err)
{
  struct st_exec_opts o = { .root = g->root };
  int c, ret = -1;

  /* '+': stop at the id, the command's own arguments may look like options. */
  while ((c = getopt_long (argc, argv, "+p:tde:u:g:c:h", opts, NULL)) != -1) {
    switch (c) {
    case 'p':
      o.process_path = optarg;
      break;
    case 't':
      o.tty = true;
      break;
    case OPT_CONSOLE_SOCKET:
      o.console_socket = optarg;
      break;
    case 'd':
      o.detach = true;
      break;
    case OPT_PID_FILE:
      o.pid_file = optarg;
      break;
    case OPT_CWD:
      o.cwd = optarg;
      break;
    case 'e':
      if (strchr (optarg, '=') == NULL) {
        st_fail (err, 0, "exec: --env: expected K=V, got `%s`", optarg);
        goto out;
      }
      if (push (&o.env, &o.nenv, optarg) < 0)
        goto oom;
      break;
    case 'u':
      o.user = optarg;
      break;
    case 'g':
      if (push (&o.groups, &o.ngroups, optarg) < 0)
        goto oom;
      break;
    case 'c':
      if (push (&o.caps, &o.ncaps, optarg) < 0)
        goto oom;
      break;
    case OPT_NO_NEW_PRIVS:
      o.no_new_privs = true;
      break;
    case OPT_PRESERVE_FDS: {
      char *end;
      long n = strtol (optarg, &end, 10);
      if (*optarg == '\0' || *end || n < 0 || n > 65535) {
        st_fail (err, 0, "exec: --preserve-fds: expected a number, got `%s`", optarg);
        goto out;
      }
      o.preserve_fds = n;
      break;
    }
    case OPT_PROCESS_LABEL:
      o.process_label = optarg;
      break;
    case OPT_APPARMOR:
      o.apparmor = optarg;
      break;
    case OPT_CGROUP:
      o.cgroup = optarg;
      break;
    case OPT_IGNORE_PAUSED:
      o.ignore_paused = true;
      break;
    case 'h':
      st_usage ("exec", "[OPTIONS] ID [COMMAND [ARG...]]", exec_help);
      ret = 0;
      goto out;
    default:
      st_cmd_unknown_option ("exec", argc, argv, err);
      goto out;
    }
  }
  if (optind >= argc) {
    st_fail (err, 0, "exec: a container id is required; see stoke exec --help");
    goto out;
  }
  o.id = argv[optind];
  o.args = argv + optind + 1;
  o.nargs = argc - optind - 1;
  ret = st_container_exec (&o, err);
  goto out;
oom:
  st_fail_sys (err, "exec");
out:
  free (o.env);
  free (o.groups);
  free (o.caps);
  return ret;
}
