#include "init.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/keyctl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linux/exec_last.h"
#include "linux/process.h"
#include "linux/spawn.h"
#include "linux/rootfs.h"
#include "linux/sync.h"
#include "linux/sysctl.h"
#include "linux/terminal.h"
#include "util/cleanup.h"
#include "util/fs.h"

int
st_init_write_id_maps (pid_t pid, const struct oci_linux *lx, st_err *err)
{
  if (st_spawn_write_id_map (pid, "uid_map", lx->uid_mappings, lx->uid_mappings_len, err) < 0)
    return st_error_prefix (err, "linux.uidMappings");
  if (st_spawn_write_id_map (pid, "gid_map", lx->gid_mappings, lx->gid_mappings_len, err) < 0)
    return st_error_prefix (err, "linux.gidMappings");
  return 0;
}

static int
set_names (const struct oci_config *c, unsigned long new_ns, st_err *err)
{
  if (c->hostname && *c->hostname) {
    if (!(new_ns & CLONE_NEWUTS))
      return st_fail (err, 0, "hostname: needs a new uts namespace");
    if (sethostname (c->hostname, strlen (c->hostname)) < 0)
      return st_fail_sys (err, "hostname: set `%s`", c->hostname);
  }
  if (c->domainname && *c->domainname) {
    if (!(new_ns & CLONE_NEWUTS))
      return st_fail (err, 0, "domainname: needs a new uts namespace");
    if (setdomainname (c->domainname, strlen (c->domainname)) < 0)
      return st_fail_sys (err, "domainname: set `%s`", c->domainname);
  }
  return 0;
}

/* Everything up to the wait for `start`: the order is the kernel's. */
static int
init_prepare (struct st_init *in, int *master, st_err *err)
{
  const struct oci_config *c = in->config;
  const struct oci_process *p = c->process;
  bool userns = (in->new_ns & CLONE_NEWUSER) != 0;
  struct st_rootfs r
      = { .config = c, .path = in->rootfs, .fd = -1, .userns = userns, .mount_fds = in->mount_fds };
  struct st_sync_msg m;
  int slave = -1, ret = -1;

  umask (0); /* modes of what we create are exactly those asked for */
  if (userns && !in->two_stage) {
    if (st_sync_send (in->sync_fd, ST_SYNC_USERNS, 0, NULL, -1) < 0
        || st_sync_expect (in->sync_fd, ST_SYNC_MAPS_DONE, "user namespace maps", &m, NULL, err)
               < 0)
      return -1;
  }
  if (userns && st_spawn_become_root (err) < 0)
    return -1;
  if (!in->no_new_keyring && syscall (SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, in->id) < 0
      && errno != ENOSYS && errno != EACCES && errno != EPERM && errno != EDQUOT)
    return st_fail_sys (err, "join a new session keyring");
  if (set_names (c, in->new_ns, err) < 0 || st_exec_set_oom_score_adj (p, err) < 0)
    return -1;
  if ((in->new_ns & CLONE_NEWNS) && st_rootfs_mount (&r, err) < 0)
    goto out;
  if (st_sysctl_apply (c->linux, err) < 0)
    goto out;
  if (in->has_hooks) {
    /* The parent runs prestart and createRuntime now, in its namespaces. */
    if (st_sync_send (in->sync_fd, ST_SYNC_HOOKS, 0, NULL, -1) < 0
        || st_sync_expect (in->sync_fd, ST_SYNC_HOOKS_DONE, "hooks", &m, NULL, err) < 0)
      goto out;
    in->host_pid = m.value;
    if (in->run_hook (in, ST_INIT_HOOK_CREATE_CONTAINER, err) < 0)
      goto out;
  }
  if (in->new_ns & CLONE_NEWNS) {
    if (st_rootfs_restrict (&r, err) < 0 || st_rootfs_enter (&r, in->no_pivot, err) < 0)
      goto out;
  }
  if (setsid () < 0) {
    st_fail_sys (err, "setsid");
    goto out;
  }
  if (p->terminal) {
    if (st_terminal_open (p->console_size, master, &slave, err) < 0)
      goto out;
    if (in->console_fd >= 0) {
      if (st_terminal_send (in->console_fd, *master, err) < 0)
        goto out;
      close (*master);
      *master = -1;
    }
    if (st_terminal_attach (slave, err) < 0)
      goto out;
    slave = -1;
  }
  ret = st_exec_enter_cwd (p->cwd, err);
out:
  if (slave >= 0)
    close (slave);
  if (r.fd >= 0)
    close (r.fd);
  return ret;
}

static _Noreturn void
init_main (struct st_init *in)
{
  cleanup_err st_err err = NULL;
  const struct oci_process *p = in->config->process;
  cleanup_free char *exe = NULL;
  struct st_sync_msg m;
  int master = -1, report = in->sync_fd, conn = -1;

  sigset_t none;

  /* Until the parent has recorded us, its death is ours. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  /* While this is stoke, nothing in the container may reach it through /proc (CVE-2019-5736). */
  prctl (PR_SET_DUMPABLE, 0);
  /* A foreground run blocks every signal to forward it: the workload gets a clean mask. */
  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
  if (init_prepare (in, &master, &err) < 0 || st_process_find_exec (p, &exe, &err) < 0)
    goto fail;
  if (st_sync_send (in->sync_fd, ST_SYNC_READY, 0, NULL, in->relay_tty ? master : -1) < 0) {
    st_fail_sys (&err, "report ready");
    goto fail;
  }
  if (master >= 0)
    close (master);
  if (st_sync_expect (in->sync_fd, ST_SYNC_DETACH, "wait for the parent", &m, NULL, &err) < 0)
    _exit (1);
  /* The parent waits for this answer before it exits: only then may its death not be ours. */
  prctl (PR_SET_PDEATHSIG, 0);
  if (st_sync_send (in->sync_fd, ST_SYNC_DETACH, 0, NULL, -1) < 0)
    _exit (1);
  close (in->sync_fd);
  report = -1;

  /* Parked: no CPU until `start` connects. */
  do
    conn = accept4 (in->start_fd, NULL, NULL, SOCK_CLOEXEC);
  while (conn < 0 && errno == EINTR);
  if (conn < 0)
    _exit (1);
  close (in->start_fd);
  report = conn;
  if (in->has_hooks && in->run_hook (in, ST_INIT_HOOK_START_CONTAINER, &err) < 0)
    goto fail;
  if (st_process_apply_linux (in->config->linux, &err) < 0)
    goto fail;
  st_exec_process (p, exe, (in->new_ns & CLONE_NEWUSER) != 0, in->preserve_fds, in->seccomp, conn,
                   &err);
fail:
  if (report >= 0)
    st_sync_send (report, ST_SYNC_ERROR, 0, err ? err->msg : "container init failed", -1);
  _exit (1);
}

/* Offsets can only be written into a time namespace nobody has entered yet: unshare makes it
 * for our children, the init will be the first. */
static int
enter_time_ns (struct st_init *in, st_err *err)
{
  const struct oci_linux *lx = in->config->linux;
  char buf[256];
  size_t len = 0;

  if (unshare (CLONE_NEWTIME) < 0)
    return st_fail_sys (err, "create time namespace");
  if (lx->time_offsets_len == 0)
    return 0;
  for (size_t i = 0; i < lx->time_offsets_len && len < sizeof buf; i++)
    len += snprintf (buf + len, sizeof buf - len, "%s %lld %u\n", lx->time_offsets_keys[i],
                     (long long) lx->time_offsets[i]->secs, lx->time_offsets[i]->nanosecs);
  cleanup_close int fd = open ("/proc/self/timens_offsets", O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write (fd, buf, len) != (ssize_t) len)
    return st_fail_sys (err, "linux.timeOffsets: write offsets");
  return 0;
}

/* The first stage of a two-stage spawn: join, make the user namespace, clone the init as a
 * sibling (CLONE_PARENT) so stoke stays its parent, report its pid, leave. */
static _Noreturn void
stage1_main (struct st_init *in)
{
  cleanup_err st_err err = NULL;
  struct st_sync_msg m;
  pid_t pid;

  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (st_spawn_join_ns (in->join_fd, in->join_type, in->n_join, &err) < 0)
    goto fail;
  if (in->new_ns & CLONE_NEWUSER) {
    if (unshare (CLONE_NEWUSER) < 0) {
      st_fail_sys (&err, "create user namespace");
      goto fail;
    }
    if (st_sync_send (in->sync_fd, ST_SYNC_USERNS, 0, NULL, -1) < 0
        || st_sync_expect (in->sync_fd, ST_SYNC_MAPS_DONE, "user namespace maps", &m, NULL, &err)
               < 0
        || st_spawn_become_root (&err) < 0)
      goto fail;
  }
  if ((in->new_ns & CLONE_NEWTIME) && enter_time_ns (in, &err) < 0)
    goto fail;
  bool unused;
  pid = st_spawn_clone ((in->new_ns & ~(CLONE_NEWUSER | CLONE_NEWTIME)) | CLONE_PARENT, -1,
                        &unused);
  if (pid < 0) {
    st_fail_sys (&err, "clone container init");
    goto fail;
  }
  if (pid == 0)
    init_main (in);
  st_sync_send (in->sync_fd, ST_SYNC_PID, pid, NULL, -1);
  _exit (0);
fail:
  st_sync_send (in->sync_fd, ST_SYNC_ERROR, 0, err->msg, -1);
  _exit (1);
}

int
st_init_spawn (struct st_init *in, pid_t *pid, bool *two_stage, st_err *err)
{
  pid_t child;

  bool in_cgroup;
  struct st_sync_msg m;

  in->two_stage = in->n_join > 0 || (in->config->linux && in->config->linux->time_offsets_len);
  child = st_spawn_clone (in->two_stage ? 0 : in->new_ns, in->cgroup_fd, &in_cgroup);
  if (child < 0)
    return st_fail_sys (err, "clone container init");
  if (child == 0) {
    /* The state dir's flock is shared by every copy of its fd: ours must go, or `start` and
     * `delete` would wait for this process. */
    if (in->parent_only_fd >= 0)
      close (in->parent_only_fd);
    if (in->cgroup_fd >= 0 && !in_cgroup
        && st_sync_expect (in->sync_fd, ST_SYNC_CGROUP, "cgroup", &m, NULL, NULL) < 0)
      _exit (1);
    if (in->two_stage)
      stage1_main (in);
    init_main (in);
  }
  if (in->cgroup_fd >= 0 && !in_cgroup) {
    if (st_spawn_join_cgroup (in->cgroup_fd, child, err) < 0
        || st_sync_send (in->parent_sync_fd, ST_SYNC_CGROUP, 0, NULL, -1) < 0) {
      kill (child, SIGKILL);
      waitpid (child, NULL, 0);
      return st_fail_sys (err, "container init");
    }
  }
  *pid = child;
  *two_stage = in->two_stage;
  return 0;
}
