#include "init.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
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

#include "linux/process.h"
#include "linux/rootfs.h"
#include "linux/sync.h"
#include "linux/sysctl.h"
#include "linux/terminal.h"
#include "util/cleanup.h"
#include "util/fs.h"

static pid_t
clone3_into (unsigned long long flags, int cgroup_fd)
{
  /* With CLONE_PARENT the kernel takes the exit signal from the caller (SIGCHLD) and refuses
   * one given here. */
  struct clone_args args = { .flags = flags, .exit_signal = flags & CLONE_PARENT ? 0 : SIGCHLD };
  if (cgroup_fd >= 0) {
    args.flags |= CLONE_INTO_CGROUP;
    args.cgroup = cgroup_fd;
  }
  return syscall (SYS_clone3, &args, sizeof args);
}

/* clone3 where the kernel (or valgrind) has it; else plain clone, and then *in_cgroup is false:
 * the parent must move the child into the cgroup while the child waits. */
static pid_t
clone_child (unsigned long long flags, int cgroup_fd, bool *in_cgroup)
{
  pid_t pid = clone3_into (flags, cgroup_fd);
  *in_cgroup = cgroup_fd >= 0;
  if (pid >= 0 || errno != ENOSYS)
    return pid;
  *in_cgroup = false;
  return syscall (SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, 0);
}

static int
join_cgroup (int cgroup_fd, pid_t pid, st_err *err)
{
  char buf[16];
  int n = snprintf (buf, sizeof buf, "%d", pid);
  cleanup_close int fd = openat (cgroup_fd, "cgroup.procs", O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write (fd, buf, n) != n)
    return st_fail_sys (err, "move the container init into its cgroup");
  return 0;
}

static int
write_map (pid_t pid, const char *file, struct oci_id_mapping **m, size_t n, st_err *err)
{
  char path[64], buf[4096];
  size_t len = 0;
  cleanup_close int fd = -1;

  for (size_t i = 0; i < n && len < sizeof buf; i++)
    len += snprintf (buf + len, sizeof buf - len, "%u %u %u\n", m[i]->container_id, m[i]->host_id,
                     m[i]->size);
  if (len >= sizeof buf)
    return st_fail (err, E2BIG, "linux.%s: too many mappings", file);
  snprintf (path, sizeof path, "/proc/%d/%s", pid, file);
  fd = open (path, O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write (fd, buf, len) != (ssize_t) len)
    return st_fail_sys (err, "write %s", path);
  return 0;
}

int
st_init_write_id_maps (pid_t pid, const struct oci_linux *lx, st_err *err)
{
  if (write_map (pid, "uid_map", lx->uid_mappings, lx->uid_mappings_len, err) < 0)
    return st_error_prefix (err, "linux.uidMappings");
  if (write_map (pid, "gid_map", lx->gid_mappings, lx->gid_mappings_len, err) < 0)
    return st_error_prefix (err, "linux.gidMappings");
  return 0;
}

static int
become_ns_root (st_err *err)
{
  if (setresgid (0, 0, 0) < 0 || setresuid (0, 0, 0) < 0)
    return st_fail_sys (err, "become root in the user namespace (is uid/gid 0 mapped?)");
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

static int
set_oom_score_adj (const struct oci_process *p, st_err *err)
{
  char buf[16];
  int n;
  if (!p->has_oom_score_adj)
    return 0;
  n = snprintf (buf, sizeof buf, "%d", p->oom_score_adj);
  cleanup_close int fd = open ("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write (fd, buf, n) != n)
    return st_fail_sys (err, "process.oomScoreAdj: set %d", p->oom_score_adj);
  return 0;
}

/* After chdir: the kernel must place us inside the container's root (CVE-2024-21626 shape: a
 * cwd reached through a leaked fd shows as "(unreachable)"). */
static int
enter_cwd (const char *cwd, st_err *err)
{
  char buf[4096];
  if (chdir (cwd) < 0)
    return st_fail_sys (err, "process.cwd: chdir `%s`", cwd);
  if (getcwd (buf, sizeof buf) == NULL || buf[0] != '/')
    return st_fail (err, 0, "process.cwd: `%s` is outside the container", cwd);
  return 0;
}

/* HOME from the container's /etc/passwd entry for uid, "/" without one (as runc does). */
static char *
home_of (uid_t uid)
{
  cleanup_file FILE *f = fopen ("/etc/passwd", "re");
  char line[1024], *home = NULL;

  while (f && fgets (line, sizeof line, f)) {
    char *field[7] = { 0 }, *save = NULL, *tok = line;
    int n = 0;
    for (char *p = line; n < 7; p = NULL) {
      tok = strtok_r (p, ":\n", &save);
      if (tok == NULL)
        break;
      field[n++] = tok;
    }
    if (n >= 6 && (uid_t) strtoul (field[2], NULL, 10) == uid) {
      home = field[5];
      break;
    }
  }
  char *out = NULL;
  return asprintf (&out, "HOME=%s", home ? home : "/") < 0 ? NULL : out;
}

static char **
build_env (const struct oci_process *p, int listen_fds)
{
  char **env = calloc (p->env_len + 4, sizeof *env);
  size_t n = 0;
  bool has_home = false;
  if (env == NULL)
    return NULL;
  for (size_t i = 0; i < p->env_len; i++) {
    if (strncmp (p->env[i], "HOME=", 5) == 0)
      has_home = true;
    if (listen_fds <= 0
        || (strncmp (p->env[i], "LISTEN_FDS=", 11) && strncmp (p->env[i], "LISTEN_PID=", 11)))
      env[n++] = p->env[i];
  }
  if (!has_home && (env[n++] = home_of (p->user->uid)) == NULL)
    return NULL;
  if (listen_fds > 0) {
    if (asprintf (&env[n++], "LISTEN_FDS=%d", listen_fds) < 0
        || asprintf (&env[n++], "LISTEN_PID=%d", (int) getpid ()) < 0)
      return NULL;
  }
  return env;
}

static int
listen_fds_from_env (void)
{
  const char *s = getenv ("LISTEN_FDS");
  int n = s ? atoi (s) : 0;
  return n > 0 ? n : 0;
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
  if (userns && become_ns_root (err) < 0)
    return -1;
  if (!in->no_new_keyring && syscall (SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, in->id) < 0
      && errno != ENOSYS && errno != EACCES && errno != EPERM && errno != EDQUOT)
    return st_fail_sys (err, "join a new session keyring");
  if (set_names (c, in->new_ns, err) < 0 || set_oom_score_adj (p, err) < 0)
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
  ret = enter_cwd (p->cwd, err);
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
  int master = -1, report = in->sync_fd, conn = -1, listen_fds = 0;
  char **env;

  sigset_t none;

  /* Until the parent has recorded us, its death is ours. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
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
  if (st_process_apply (p, (in->new_ns & CLONE_NEWUSER) != 0, &err) < 0)
    goto fail;
  listen_fds = listen_fds_from_env ();
  env = build_env (p, listen_fds);
  if (env == NULL) {
    st_fail_sys (&err, "environment");
    goto fail;
  }
  /* No fd of ours may reach the workload (CVE-2024-21626): stdio and the preserved ones only. */
  int keep = in->preserve_fds > listen_fds ? in->preserve_fds : listen_fds;
  if (syscall (SYS_close_range, 3 + keep, ~0U, CLOSE_RANGE_CLOEXEC) < 0) {
    for (int fd = 3 + keep; fd < 65536; fd++)
      fcntl (fd, F_SETFD, FD_CLOEXEC);
  }
  execve (exe, p->args, env);
  st_fail_sys (&err, "exec `%s`", exe);
fail:
  if (report >= 0)
    st_sync_send (report, ST_SYNC_ERROR, 0, err ? err->msg : "container init failed", -1);
  _exit (1);
}

static int
join_namespaces (struct st_init *in, st_err *err)
{
  /* The user namespace first: it decides what we may do with the others. */
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; i < in->n_join; i++) {
      bool user = in->join_type[i] == CLONE_NEWUSER;
      if (user != (pass == 0))
        continue;
      if (setns (in->join_fd[i], in->join_type[i]) < 0)
        return st_fail_sys (err, "join namespace %zu", i);
    }
  return 0;
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
  if (join_namespaces (in, &err) < 0)
    goto fail;
  if (in->new_ns & CLONE_NEWUSER) {
    if (unshare (CLONE_NEWUSER) < 0) {
      st_fail_sys (&err, "create user namespace");
      goto fail;
    }
    if (st_sync_send (in->sync_fd, ST_SYNC_USERNS, 0, NULL, -1) < 0
        || st_sync_expect (in->sync_fd, ST_SYNC_MAPS_DONE, "user namespace maps", &m, NULL, &err)
               < 0
        || become_ns_root (&err) < 0)
      goto fail;
  }
  if ((in->new_ns & CLONE_NEWTIME) && enter_time_ns (in, &err) < 0)
    goto fail;
  bool unused;
  pid = clone_child ((in->new_ns & ~(CLONE_NEWUSER | CLONE_NEWTIME)) | CLONE_PARENT, -1, &unused);
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
  child = clone_child (in->two_stage ? 0 : in->new_ns, in->cgroup_fd, &in_cgroup);
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
    if (join_cgroup (in->cgroup_fd, child, err) < 0
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
