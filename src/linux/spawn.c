#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/cleanup.h"

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

pid_t
st_spawn_clone (unsigned long long flags, int cgroup_fd, bool *in_cgroup)
{
  pid_t pid = clone3_into (flags, cgroup_fd);
  *in_cgroup = cgroup_fd >= 0;
  if (pid >= 0 || errno != ENOSYS)
    return pid;
  *in_cgroup = false;
  return syscall (SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, 0);
}

int
st_spawn_join_cgroup (int cgroup_fd, pid_t pid, st_err *err)
{
  char buf[16];
  int n = snprintf (buf, sizeof buf, "%d", pid);
  cleanup_close int fd = openat (cgroup_fd, "cgroup.procs", O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write (fd, buf, n) != n)
    return st_fail_sys (err, "move process %d into its cgroup", pid);
  return 0;
}

int
st_spawn_join_ns (const int *fds, const int *types, size_t n, st_err *err)
{
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; i < n; i++) {
      bool user = types[i] == CLONE_NEWUSER;
      if (user != (pass == 0))
        continue;
      if (setns (fds[i], types[i]) < 0)
        return st_fail_sys (err, "join namespace %zu", i);
    }
  return 0;
}

int
st_spawn_become_root (st_err *err)
{
  if (setresgid (0, 0, 0) < 0 || setresuid (0, 0, 0) < 0)
    return st_fail_sys (err, "become root in the user namespace (is uid/gid 0 mapped?)");
  return 0;
}

int
st_spawn_write_id_map (pid_t pid, const char *file, struct oci_id_mapping **m, size_t n,
                       st_err *err)
{
  char path[64], buf[4096];
  size_t len = 0;
  cleanup_close int fd = -1;

  for (size_t i = 0; i < n && len < sizeof buf; i++)
    len += snprintf (buf + len, sizeof buf - len, "%u %u %u\n", m[i]->container_id, m[i]->host_id,
                     m[i]->size);
  if (len >= sizeof buf)
    return st_fail (err, E2BIG, "%s: too many mappings", file);
  snprintf (path, sizeof path, "/proc/%d/%s", (int) pid, file);
  fd = open (path, O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write (fd, buf, len) != (ssize_t) len)
    return st_fail_sys (err, "write the mapping to %s", file);
  return 0;
}
