/* create: from a bundle to an init parked before the user process. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "container/internal.h"
#include "linux/idmap.h"
#include "linux/init.h"
#include "linux/intelrdt.h"
#include "linux/lsm.h"
#include "linux/mempolicy.h"
#include "linux/netdev.h"
#include "linux/personality.h"
#include "linux/process.h"
#include "linux/seccomp.h"
#include "linux/sync.h"
#include "linux/sysctl.h"
#include "oci-spec/names.h"
#include "util/cleanup.h"
#include "util/fs.h"
#include "util/names.h"
#include "util/passwd.h"
#include "util/path.h"

/* Checks against the config and the host before anything exists; what stoke cannot honour yet
 * is refused, never silently dropped. */
static int
check_supported (const struct oci_config *c, const char *src, st_err *err)
{
  const struct oci_linux *lx = c->linux;
  const struct oci_resources *r = lx ? lx->resources : NULL;
  const char *what = NULL;

  if (st_process_check (c->process, src, err) < 0 || st_idmap_check (c, src, err) < 0)
    return -1;
  if (lx == NULL)
    return 0;
  if (st_personality_check (lx->personality, src, err) < 0
      || st_mempolicy_check (lx->memory_policy, src, err) < 0
      || st_intelrdt_check (lx->intel_rdt, src, err) < 0
      || st_lsm_check_mount_label (lx->mount_label, src, err) < 0
      || st_netdev_check (lx, src, err) < 0)
    return -1;
  if (r && r->memory)
    what = "linux.resources.memory";
  else if (r && r->cpu)
    what = "linux.resources.cpu";
  else if (r && r->block_io)
    what = "linux.resources.blockIO";
  else if (r && r->hugepage_limits_len)
    what = "linux.resources.hugepageLimits";
  else if (r && r->network)
    what = "linux.resources.network";
  else if (r && r->pids)
    what = "linux.resources.pids";
  else if (r && r->rdma_len)
    what = "linux.resources.rdma";
  else if (r && r->unified_len)
    what = "linux.resources.unified";
  if (what)
    return st_fail (err, 0, "%s: %s: not supported by this version of stoke", src, what);
  return 0;
}

/* Which namespaces to create, which to join (opened now, so a bad path is reported here). */
static int
plan_namespaces (const struct oci_config *c, const char *src, struct st_init *in, st_err *err)
{
  const struct oci_linux *lx = c->linux;
  bool has_mnt = false;

  for (size_t i = 0; lx && i < lx->namespaces_len; i++) {
    const struct oci_namespace *ns = lx->namespaces[i];
    int flag = oci_namespace_flag (ns->type);
    if (flag < 0)
      return st_fail (err, 0, "%s: linux.namespaces[%zu].type: unknown namespace \"%s\"", src, i,
                      ns->type);
    if (flag == CLONE_NEWNS)
      has_mnt = true;
    if (ns->path == NULL || *ns->path == '\0') {
      in->new_ns |= flag;
      continue;
    }
    if (flag == CLONE_NEWNS)
      return st_fail (
          err, 0, "%s: linux.namespaces[%zu]: joining a mount namespace is not supported", src, i);
    int fd = open (ns->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      return st_fail_sys (err, "%s: linux.namespaces[%zu].path: open `%s`", src, i, ns->path);
    in->join_fd[in->n_join] = fd;
    in->join_type[in->n_join++] = flag;
  }
  if (!has_mnt)
    return st_fail (err, 0, "%s: linux.namespaces: a mount namespace is required", src);
  unsigned long own = in->new_ns;
  for (size_t i = 0; i < in->n_join; i++)
    own |= in->join_type[i];
  return st_sysctl_check (lx, own, src, err);
}

static void
close_joins (struct st_init *in)
{
  for (size_t i = 0; i < in->n_join; i++)
    close (in->join_fd[i]);
  in->n_join = 0;
}

static int
start_socket_listen (int dirfd, st_err *err)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  cleanup_close int fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

  if (fd < 0)
    return st_fail_sys (err, "start socket");
  /* Through the dir fd: the path stays short whatever the root and id. */
  snprintf (addr.sun_path, sizeof addr.sun_path, "/proc/self/fd/%d/" ST_START_SOCKET, dirfd);
  if (bind (fd, (struct sockaddr *) &addr, sizeof addr) < 0 || listen (fd, 1) < 0)
    return st_fail_sys (err, "start socket");
  return steal_fd (fd);
}

static char *
now_rfc3339 (void)
{
  struct timespec ts;
  struct tm tm;
  char buf[64], *out = NULL;
  int n;

  clock_gettime (CLOCK_REALTIME, &ts);
  gmtime_r (&ts.tv_sec, &tm);
  n = strftime (buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf (buf + n, sizeof buf - n, ".%09ldZ", ts.tv_nsec);
  out = strdup (buf);
  return out;
}

static int
init_state (struct st_container *c, const struct oci_config *cfg, const char *bundle,
            const char *rootfs, const char *cgroup, st_err *err)
{
  struct oci_state *s = calloc (1, sizeof *s);

  if (s == NULL)
    return st_fail_sys (err, "state");
  c->state = s;
  s->oci_version = strdup (cfg->oci_version);
  s->id = strdup (c->id);
  s->bundle = strdup (bundle);
  s->rootfs = strdup (rootfs);
  s->created = now_rfc3339 ();
  char owner[256];
  if (!st_passwd_lookup ("/etc/passwd", geteuid (), owner, sizeof owner, NULL, 0))
    snprintf (owner, sizeof owner, "%u", (unsigned) geteuid ());
  s->owner = strdup (owner);
  s->cgroup_path = cgroup ? strdup (cgroup) : NULL;
  s->has_pid = true;
  if (cfg->annotations_len) {
    s->annotations = calloc (cfg->annotations_len, sizeof *s->annotations);
    if (s->annotations == NULL)
      return st_fail_sys (err, "state");
    for (size_t i = 0; i < cfg->annotations_len; i++) {
      s->annotations[i].key = strdup (cfg->annotations[i].key);
      s->annotations[i].value = strdup (cfg->annotations[i].value);
      s->annotations_len++;
    }
  }
  if (!s->oci_version || !s->id || !s->bundle || !s->rootfs || !s->created || !s->owner
      || (cgroup && !s->cgroup_path))
    return st_fail_sys (err, "state");
  /* On disk before any process exists: a create killed from here on leaves a state that
   * `delete` understands (stopped, with its cgroup to remove). */
  return st_container_save (c, err);
}

static bool
has_hooks (const struct oci_hooks *h)
{
  return h
         && (h->prestart_len || h->create_runtime_len || h->create_container_len
             || h->start_container_len);
}

/* Called inside the container by the init for createContainer and startContainer. */
static int
init_hook (struct st_init *in, int phase, st_err *err)
{
  struct st_container *c = in->hook_ctx;
  if (phase == ST_INIT_HOOK_CREATE_CONTAINER)
    return st_container_run_hooks (c, in->config->hooks, ST_HOOK_CREATE_CONTAINER, ST_CREATING,
                                   in->host_pid, err);
  return st_container_run_hooks (c, in->config->hooks, ST_HOOK_START_CONTAINER, ST_CREATED,
                                 in->host_pid, err);
}

/* Talk the init through its setup until it is parked. */
static int
drive_init (struct st_container *c, struct st_init *in, int sock, pid_t first, bool two_stage,
            pid_t *init_pid, int *master, st_err *err)
{
  const struct oci_config *cfg = in->config;
  struct st_sync_msg m;
  int fd;

  *init_pid = two_stage ? 0 : first;
  /* linux.netDevices move as soon as the init's network namespace exists and its pid is known
   * (now, or when a two-stage spawn reports it), before any message of the init is handled: so
   * before the prestart and createRuntime hooks (which may configure them, as CNI plugins do),
   * before createContainer hooks, and before `create` returns, long before the user process.
   * The init need not wait for it: nothing it does before READY uses the devices. */
  if (*init_pid && st_netdev_move_all (cfg->linux, *init_pid, err) < 0)
    return -1;
  for (;;) {
    int r = st_sync_recv (sock, &m, &fd);
    if (r < 0)
      return st_fail_sys (err, "container init");
    if (r == 0)
      return st_fail (err, 0, "container init exited during setup");
    switch (m.type) {
    case ST_SYNC_USERNS:
      if (st_init_write_id_maps (*init_pid ? *init_pid : first, cfg->linux, err) < 0
          || st_sync_send (sock, ST_SYNC_MAPS_DONE, 0, NULL, -1) < 0)
        return -1;
      break;
    case ST_SYNC_PID:
      *init_pid = m.value;
      waitpid (first, NULL, 0);
      if (st_netdev_move_all (cfg->linux, *init_pid, err) < 0)
        return -1;
      break;
    case ST_SYNC_HOOKS:
      if (st_container_run_hooks (c, cfg->hooks, ST_HOOK_PRESTART, ST_CREATING, *init_pid, err) < 0
          || st_container_run_hooks (c, cfg->hooks, ST_HOOK_CREATE_RUNTIME, ST_CREATING, *init_pid,
                                     err)
                 < 0)
        return -1;
      if (st_sync_send (sock, ST_SYNC_HOOKS_DONE, *init_pid, NULL, -1) < 0)
        return st_fail_sys (err, "container init");
      break;
    case ST_SYNC_READY:
      *master = fd;
      return 0;
    case ST_SYNC_ERROR:
      if (fd >= 0)
        close (fd);
      return st_fail (err, 0, "%s", m.text);
    default:
      if (fd >= 0)
        close (fd);
      return st_fail (err, EPROTO, "container init: unexpected message %d", m.type);
    }
  }
}

static void
kill_and_reap (pid_t pid)
{
  if (pid > 0) {
    kill (pid, SIGKILL);
    waitpid (pid, NULL, 0);
  }
}

int
st_container_create (const struct st_create_opts *o, struct st_created *out, st_err *err)
{
  cleanup_config struct oci_config *cfg = NULL;
  cleanup_free char *bundle = NULL, *rootfs = NULL, *raw = NULL, *cgroup = NULL;
  cleanup_free char *pid_file = NULL, *console = NULL, *config_path = NULL;
  cleanup_close int cgroup_fd = -1, start_fd = -1, console_fd = -1;
  struct st_container *c = NULL;
  const char *src = o->config_path ? o->config_path : "config.json";
  struct st_init in = { .sync_fd = -1, .console_fd = -1, .cgroup_fd = -1, .parent_only_fd = -1 };
  int sock[2] = { -1, -1 }, master = -1, *mount_fds = NULL;
  pid_t first = 0, init_pid = 0;
  bool two_stage = false;
  struct st_sync_msg m;
  cleanup_seccomp struct st_seccomp *seccomp = NULL;
  size_t len;

  out->master = -1;
  if (st_id_validate (o->id, err) < 0)
    return -1;
  /* Paths the caller gave are relative to where it stands, not to the bundle we move into. */
  if (st_caller_path (&pid_file, o->pid_file, err) < 0
      || st_caller_path (&console, o->console_socket, err) < 0
      || st_caller_path (&config_path, o->config_path, err) < 0)
    return -1;
  bundle = realpath (o->bundle ? o->bundle : ".", NULL);
  if (bundle == NULL)
    return st_fail_sys (err, "bundle `%s`", o->bundle ? o->bundle : ".");
  /* Like runc: relative paths in the config (root.path, bind sources) are the bundle's. */
  if (chdir (bundle) < 0)
    return st_fail_sys (err, "bundle `%s`", bundle);
  if (st_read_file_at (AT_FDCWD, config_path ? config_path : src, &raw, &len, err) < 0)
    return -1;
  if (oci_config_parse (raw, len, src, &cfg, err) < 0 || oci_config_validate (cfg, src, err) < 0
      || check_supported (cfg, src, err) < 0)
    return -1;
  rootfs = realpath (cfg->root->path, NULL);
  if (rootfs == NULL)
    return st_fail_sys (err, "%s: root.path: rootfs `%s`", src, cfg->root->path);
  struct stat st;
  if (stat (rootfs, &st) < 0 || !S_ISDIR (st.st_mode))
    return st_fail (err, 0, "%s: root.path: rootfs `%s` is not a directory", src, rootfs);
  if (cfg->process->terminal && !console && !o->foreground)
    return st_fail (err, 0,
                    "process.terminal is true: a detached container needs --console-socket");
  if (!cfg->process->terminal && console)
    return st_fail (err, 0, "--console-socket given but process.terminal is false");
  if (plan_namespaces (cfg, src, &in, err) < 0)
    goto fail_early;

  /* Compiled (or taken from the cache) before anything exists: a bad profile leaves nothing. */
  if (cfg->linux && cfg->linux->seccomp) {
    cleanup_free char *cache = NULL;
    if (asprintf (&cache, "%s/.seccomp", o->root) < 0) {
      st_fail_sys (err, "seccomp cache");
      goto fail_early;
    }
    if (st_seccomp_prepare (cfg->linux->seccomp, cache, &seccomp, err) < 0) {
      st_error_prefix (err, "%s", src);
      goto fail_early;
    }
  }
  if (st_container_new (o->root, o->id, &c, err) < 0)
    goto fail_early;
  if (st_write_file_atomic (c->dirfd, ST_CONFIG_FILE, raw, len, 0600, err) < 0)
    goto fail;
  if (o->cgroup_manager == ST_CGROUP_SYSTEMD) {
    st_fail (err, 0, "the systemd cgroup manager is not supported by this version of stoke");
    goto fail;
  }
  if (o->cgroup_manager != ST_CGROUP_DISABLED
      && st_cgroup_create (cfg->linux ? cfg->linux->cgroups_path : NULL, o->id, &cgroup, &cgroup_fd,
                           err)
             < 0)
    goto fail;
  if (init_state (c, cfg, bundle, rootfs, cgroup, err) < 0)
    goto fail;
  start_fd = start_socket_listen (c->dirfd, err);
  if (start_fd < 0)
    goto fail;
  if (console && (console_fd = st_console_connect (console, err)) < 0)
    goto fail;
  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sock) < 0) {
    st_fail_sys (err, "sync socket");
    goto fail;
  }

  in.config = cfg;
  in.rootfs = rootfs;
  in.sync_fd = sock[1];
  in.parent_sync_fd = sock[0];
  in.start_fd = start_fd;
  in.console_fd = console_fd;
  in.cgroup_fd = cgroup_fd;
  in.parent_only_fd = c->dirfd;
  in.preserve_fds = o->preserve_fds;
  in.no_pivot = o->no_pivot;
  in.no_new_keyring = o->no_new_keyring;
  in.id = o->id;
  in.seccomp = seccomp;
  in.relay_tty = o->foreground && cfg->process->terminal && console_fd < 0;
  in.has_hooks = has_hooks (cfg->hooks);
  in.run_hook = init_hook;
  in.hook_ctx = c;
  /* Idmapped mounts are made here, where the privilege to map the source is (linux/idmap.h). */
  if (st_idmap_prepare (cfg, &mount_fds, err) < 0)
    goto fail;
  in.mount_fds = mount_fds;
  if (st_init_spawn (&in, &first, &two_stage, err) < 0)
    goto fail;
  close (sock[1]);
  sock[1] = -1;
  close_joins (&in);
  /* The init has its own copies. */
  st_idmap_close (mount_fds, cfg->mounts_len);
  mount_fds = NULL;
  if (drive_init (c, &in, sock[0], first, two_stage, &init_pid, &master, err) < 0)
    goto fail;

  c->state->pid = init_pid;
  c->state->start_time = st_pid_start_time (init_pid);
  c->state->has_start_time = true;
  c->state->boot_id = strdup (st_boot_id ());
  if (st_container_save (c, err) < 0)
    goto fail;
  if (pid_file && st_write_pid_file (pid_file, init_pid, err) < 0)
    goto fail;
  if (st_sync_send (sock[0], ST_SYNC_DETACH, 0, NULL, -1) < 0
      || st_sync_expect (sock[0], ST_SYNC_DETACH, "container init", &m, NULL, err) < 0) {
    st_fail_sys (err, "container init");
    goto fail;
  }
  close (sock[0]);
  out->container = c;
  out->pid = init_pid;
  out->master = master;
  return 0;

fail:
  st_idmap_close (mount_fds, cfg->mounts_len);
  if (master >= 0)
    close (master);
  if (two_stage && init_pid == 0)
    kill_and_reap (first);
  else if (two_stage)
    waitpid (first, NULL, WNOHANG);
  kill_and_reap (init_pid ? init_pid : first);
  if (cgroup) {
    cleanup_err st_err ignored = NULL;
    st_cgroup_destroy (cgroup, &ignored);
  }
  st_container_remove_dir (o->root, c, NULL);
  st_container_free (c);
fail_early:
  close_joins (&in);
  if (sock[0] >= 0)
    close (sock[0]);
  if (sock[1] >= 0)
    close (sock[1]);
  return -1;
}
