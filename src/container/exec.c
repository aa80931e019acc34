/* exec: a new process in a running container, with the container's namespaces, root, cgroup and
 * (unless told otherwise) the process settings of its config. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "container/internal.h"
#include "container/supervise.h"
#include "linux/affinity.h"
#include "linux/exec.h"
#include "linux/process.h"
#include "linux/seccomp.h"
#include "linux/sync.h"
#include "oci-spec/names.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "util/names.h"
#include "util/strv.h"

static void
oci_process_freep (struct oci_process **p)
{
  oci_process_free (*p);
}
#define cleanup_process __attribute__ ((cleanup (oci_process_freep)))

/* The process to run: --process FILE as given, or the container's own process; then the
 * command line's overrides. */
static int
build_process (const struct st_exec_opts *o, struct oci_config *cfg, struct oci_process **out,
               st_err *err)
{
  cleanup_process struct oci_process *p = NULL;
  cleanup_free char *buf = NULL;
  size_t len;

  if (o->process_path) {
    if (st_read_file_at (AT_FDCWD, o->process_path, &buf, &len, err) < 0
        || oci_process_parse (buf, len, o->process_path, &p, err) < 0)
      return -1;
  } else {
    p = steal_ptr (cfg->process);
    if (o->nargs == 0)
      return st_fail (err, 0, "exec: a command is required (or --process FILE)");
    st_strv_free (p->args, p->args_len);
    p->args = NULL;
    p->args_len = 0;
  }
  for (size_t i = 0; i < o->nargs; i++)
    if (st_strv_append (&p->args, &p->args_len, o->args[i]) < 0)
      return st_fail_sys (err, "exec");
  for (size_t i = 0; i < o->nenv; i++)
    if (st_strv_setenv (&p->env, &p->env_len, o->env[i]) < 0)
      return st_fail_sys (err, "exec");
  if (o->cwd) {
    free (p->cwd);
    if ((p->cwd = strdup (o->cwd)) == NULL)
      return st_fail_sys (err, "exec");
  }
  if (o->tty)
    p->terminal = true;
  if (o->no_new_privs)
    p->no_new_privileges = p->has_no_new_privileges = true;
  if (o->user) {
    uint32_t uid, gid;
    bool has_gid;
    if (st_user_parse (o->user, &uid, &gid, &has_gid, err) < 0)
      return st_error_prefix (err, "exec: -u");
    p->user->uid = uid;
    if (has_gid)
      p->user->gid = gid;
  }
  for (size_t i = 0; i < o->ngroups; i++) {
    uint32_t gid, *ng;
    if (st_id_number_parse (o->groups[i], &gid) < 0)
      return st_fail (err, 0, "exec: -g: expected a numeric gid, got `%s`", o->groups[i]);
    ng = realloc (p->user->additional_gids, (p->user->additional_gids_len + 1) * sizeof *ng);
    if (ng == NULL)
      return st_fail_sys (err, "exec");
    ng[p->user->additional_gids_len++] = gid;
    p->user->additional_gids = ng;
  }
  if (o->ncaps && p->capabilities == NULL
      && (p->capabilities = calloc (1, sizeof *p->capabilities)) == NULL)
    return st_fail_sys (err, "exec");
  for (size_t i = 0; i < o->ncaps; i++) {
    struct oci_capabilities *c = p->capabilities;
    if (st_strv_append (&c->bounding, &c->bounding_len, o->caps[i]) < 0
        || st_strv_append (&c->effective, &c->effective_len, o->caps[i]) < 0
        || st_strv_append (&c->permitted, &c->permitted_len, o->caps[i]) < 0)
      return st_fail_sys (err, "exec");
  }
  if ((o->process_label && (p->selinux_label = strdup (o->process_label)) == NULL)
      || (o->apparmor && (p->apparmor_profile = strdup (o->apparmor)) == NULL))
    return st_fail_sys (err, "exec");
  if (p->args_len == 0)
    return st_fail (err, 0, "exec: process.args: must name the program to run");
  if (p->cwd == NULL || p->cwd[0] != '/')
    return st_fail (err, 0, "exec: process.cwd: must be an absolute path");
  if (p->user == NULL)
    return st_fail (err, 0, "exec: process.user: required field missing");
  if (st_process_check (p, o->process_path ? o->process_path : "exec", err) < 0)
    return -1;
  *out = steal_ptr (p);
  return 0;
}

static const char *
ns_proc_name (int type)
{
  switch (type) {
  case CLONE_NEWPID:
    return "pid";
  case CLONE_NEWNET:
    return "net";
  case CLONE_NEWNS:
    return "mnt";
  case CLONE_NEWIPC:
    return "ipc";
  case CLONE_NEWUTS:
    return "uts";
  case CLONE_NEWUSER:
    return "user";
  case CLONE_NEWCGROUP:
    return "cgroup";
  default:
    return "time";
  }
}

/* Every namespace the container has of its own, and its root, taken from its init; then the
 * init's start time is checked again, so none of it can come from a recycled pid. */
static int
open_container (struct st_container *c, const struct oci_config *cfg, struct st_exec *ex,
                st_err *err)
{
  const struct oci_linux *lx = cfg->linux;
  pid_t pid = c->state->pid;
  char path[64];

  for (size_t i = 0; lx && i < lx->namespaces_len && ex->n_join < ST_MAX_NS; i++) {
    int type = oci_namespace_flag (lx->namespaces[i]->type);
    snprintf (path, sizeof path, "/proc/%d/ns/%s", pid, ns_proc_name (type));
    int fd = open (path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      return st_fail_sys (err, "exec: open %s", path);
    ex->join_fd[ex->n_join] = fd;
    ex->join_type[ex->n_join++] = type;
    if (type == CLONE_NEWUSER)
      ex->userns = true;
  }
  snprintf (path, sizeof path, "/proc/%d/root", pid);
  ex->root_fd = open (path, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (ex->root_fd < 0)
    return st_fail_sys (err, "exec: open %s", path);
  if (st_pid_start_time (pid) != c->state->start_time)
    return st_fail (err, 0, "container `%s` is not running", c->id);
  return 0;
}

static int
open_cgroup (struct st_container *c, const char *sub, st_err *err)
{
  cleanup_free char *dir = NULL;
  int fd;

  if (c->state->cgroup_path == NULL) {
    if (sub)
      return st_fail (err, 0, "exec: --cgroup: container `%s` has no cgroup", c->id);
    return -1;
  }
  if (sub && (strstr (sub, "..") || sub[0] == '/'))
    return st_fail (err, 0, "exec: --cgroup: `%s` must be a path below the container's cgroup",
                    sub);
  if (asprintf (&dir, "%s%s%s", c->state->cgroup_path, sub ? "/" : "", sub ? sub : "") < 0)
    return st_fail_sys (err, "exec");
  fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    st_fail_sys (err, "exec: open cgroup `%s`", dir);
  return fd;
}

static bool
is_paused (struct st_container *c)
{
  char path[4096], v = '0';
  if (c->state->cgroup_path == NULL)
    return false;
  snprintf (path, sizeof path, "%s/cgroup.freeze", c->state->cgroup_path);
  cleanup_close int fd = open (path, O_RDONLY | O_CLOEXEC);
  return fd >= 0 && read (fd, &v, 1) == 1 && v == '1';
}

static void
close_exec_fds (struct st_exec *ex)
{
  for (size_t i = 0; i < ex->n_join; i++)
    close (ex->join_fd[i]);
  ex->n_join = 0;
  if (ex->root_fd >= 0)
    close (ex->root_fd);
  ex->root_fd = -1;
}

/* Follow the exec process until its program runs (the sync socket closes on exec). */
static int
drive_exec (struct st_container *c, const struct oci_config *cfg, int sock, pid_t first, pid_t *pid,
            int *master, st_err *err)
{
  struct st_sync_msg m;
  int fd, r;

  for (;;) {
    r = st_sync_recv (sock, &m, &fd);
    if (r < 0)
      return st_fail_sys (err, "exec");
    if (r == 0)
      break;
    if (m.type == ST_SYNC_PID) {
      *pid = m.value;
    } else if (m.type == ST_SYNC_READY) {
      *master = fd;
    } else if (m.type == ST_SYNC_SECCOMP && fd >= 0) {
      if (st_container_forward_listener (c, cfg, *pid, fd, sock, err) < 0)
        return -1;
    } else {
      if (fd >= 0)
        close (fd);
      return st_fail (err, 0, "%s", m.type == ST_SYNC_ERROR ? m.text : "exec: protocol error");
    }
  }
  if (*pid <= 0)
    return st_fail (err, 0, "exec: the process ended before its program ran");
  /* Without a pid namespace to enter, our child is the process itself: it is not ours to reap
   * now (a foreground exec waits for it, a detached one leaves it to the subreaper). */
  if (*pid != first && waitpid (first, NULL, 0) < 0)
    return st_fail (err, 0, "exec: the process ended before its program ran");
  return 0;
}

int
st_container_exec (const struct st_exec_opts *o, st_err *err)
{
  cleanup_container struct st_container *c = NULL;
  cleanup_config struct oci_config *cfg = NULL;
  cleanup_process struct oci_process *p = NULL;
  cleanup_free char *pid_file = NULL, *console = NULL;
  cleanup_close int cgroup_fd = -1, console_fd = -1, sigfd = -1;
  cleanup_seccomp struct st_seccomp *seccomp = NULL;
  struct st_exec ex = { .root_fd = -1, .console_fd = -1, .cgroup_fd = -1 };
  int sock[2] = { -1, -1 }, master = -1, ret = -1;
  enum st_status s;
  pid_t first = 0, pid = 0;
  sigset_t old;
  bool blocked = false;

  if (st_caller_path (&pid_file, o->pid_file, err) < 0
      || st_caller_path (&console, o->console_socket, err) < 0
      || st_container_load (o->root, o->id, false, &c, err) < 0)
    return -1;
  s = st_container_status (c);
  if (s != ST_RUNNING && s != ST_CREATED)
    return st_fail (err, 0, "cannot exec in container `%s`: it is %s", o->id, st_status_name (s));
  if (!o->ignore_paused && is_paused (c))
    return st_fail (err, 0, "cannot exec in container `%s`: it is paused", o->id);
  if (st_container_load_config (c, &cfg, err) < 0 || build_process (o, cfg, &p, err) < 0)
    return -1;
  if (p->terminal && !console && o->detach)
    return st_fail (err, 0, "exec: a detached process with a terminal needs --console-socket");
  if (!p->terminal && console)
    return st_fail (err, 0, "exec: --console-socket given but the process has no terminal");
  cgroup_fd = open_cgroup (c, o->cgroup, err);
  if (cgroup_fd < 0 && *err)
    return -1;
  if (console && (console_fd = st_console_connect (console, err)) < 0)
    return -1;
  if (cfg->linux && cfg->linux->seccomp) {
    cleanup_free char *cache = NULL;
    if (asprintf (&cache, "%s/.seccomp", o->root) < 0) {
      st_fail_sys (err, "seccomp cache");
      goto out;
    }
    if (st_seccomp_prepare (cfg->linux->seccomp, cache, &seccomp, err) < 0)
      goto out;
  }
  if (open_container (c, cfg, &ex, err) < 0)
    goto out;
  if (!o->detach) {
    if (st_supervise_prepare (&old, &sigfd, err) < 0)
      goto out;
    blocked = true;
  }
  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sock) < 0) {
    st_fail_sys (err, "exec: sync socket");
    goto out;
  }
  /* execCPUAffinity.initial is this process' own, before its child enters the cgroup. */
  if (st_exec_affinity_initial (p->exec_cpu_affinity, err) < 0)
    goto out;
  ex.process = p;
  ex.linux = cfg->linux;
  ex.sync_fd = sock[1];
  ex.parent_sync_fd = sock[0];
  ex.cgroup_fd = cgroup_fd;
  ex.console_fd = console_fd;
  ex.preserve_fds = o->preserve_fds;
  ex.relay_tty = p->terminal && console_fd < 0;
  ex.seccomp = seccomp;
  if (st_exec_spawn (&ex, &first, err) < 0)
    goto out;
  close (sock[1]);
  sock[1] = -1;
  close_exec_fds (&ex);
  if (drive_exec (c, cfg, sock[0], first, &pid, &master, err) < 0) {
    if (pid > 0)
      kill (pid, SIGKILL);
    waitpid (first, NULL, 0);
    if (pid > 0)
      waitpid (pid, NULL, 0);
    goto out;
  }
  if (pid_file && st_write_pid_file (pid_file, pid, err) < 0)
    goto out;
  if (o->detach) {
    ret = 0;
    goto out;
  }
  ret = st_supervise (pid, sigfd, master);
  master = -1;
out:
  close_exec_fds (&ex);
  if (master >= 0)
    close (master);
  if (sock[0] >= 0)
    close (sock[0]);
  if (sock[1] >= 0)
    close (sock[1]);
  if (blocked)
    sigprocmask (SIG_SETMASK, &old, NULL);
  return ret;
}
