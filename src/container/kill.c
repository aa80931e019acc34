/* kill: signal the init (or with --all every process of the container). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "container/internal.h"
#include "util/cleanup.h"

static int
signal_init (struct st_container *c, int sig, st_err *err)
{
  if (st_proc_signal (c->state->pid, c->state->start_time, sig) == 0)
    return 0;
  if (errno == ESRCH)
    return st_fail (err, 0, "container `%s` is not running", c->id);
  return st_fail_sys (err, "kill container `%s`", c->id);
}

static bool
same_pid_ns (pid_t a, const struct stat *ns)
{
  char path[64];
  struct stat st;
  snprintf (path, sizeof path, "/proc/%d/ns/pid", a);
  return stat (path, &st) == 0 && st.st_ino == ns->st_ino && st.st_dev == ns->st_dev;
}

/* Without a cgroup, "every process of the container" is every process in its pid namespace. */
static int
signal_pid_ns (struct st_container *c, int sig, st_err *err)
{
  char path[64];
  struct stat ns, self;
  cleanup_dir DIR *d = NULL;
  struct dirent *de;

  snprintf (path, sizeof path, "/proc/%d/ns/pid", c->state->pid);
  if (stat (path, &ns) < 0)
    return st_fail (err, 0, "container `%s` is not running", c->id);
  if (stat ("/proc/self/ns/pid", &self) == 0 && self.st_ino == ns.st_ino)
    return st_fail (
        err, 0, "kill --all: container `%s` has neither a cgroup nor its own pid namespace", c->id);
  d = opendir ("/proc");
  if (d == NULL)
    return st_fail_sys (err, "open /proc");
  while ((de = readdir (d)) != NULL) {
    pid_t pid = atoi (de->d_name);
    if (pid > 0 && same_pid_ns (pid, &ns))
      kill (pid, sig);
  }
  return 0;
}

int
st_container_kill (const char *root, const char *id, int sig, bool all, st_err *err)
{
  cleanup_container struct st_container *c = NULL;
  enum st_status s;

  if (st_container_load (root, id, false, &c, err) < 0)
    return -1;
  s = st_container_status (c);
  if (all && c->state && c->state->cgroup_path && s != ST_CREATING)
    return st_cgroup_signal_all (c->state->cgroup_path, sig, err);
  if (s != ST_CREATED && s != ST_RUNNING)
    return st_fail (err, 0, "container `%s` is not running", id);
  if (all)
    return signal_pid_ns (c, sig, err);
  return signal_init (c, sig, err);
}
