#include "cgroup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"

static bool
is_cgroup2 (const char *path)
{
  struct statfs sfs;
  return statfs (path, &sfs) == 0 && sfs.f_type == CGROUP2_SUPER_MAGIC;
}

const char *
st_cgroup2_mount (void)
{
  static const char *mnt;
  static bool probed;

  if (!probed) {
    probed = true;
    if (is_cgroup2 ("/sys/fs/cgroup"))
      mnt = "/sys/fs/cgroup";
    else if (is_cgroup2 ("/sys/fs/cgroup/unified"))
      mnt = "/sys/fs/cgroup/unified";
  }
  return mnt;
}

static bool
path_has_dotdot (const char *p)
{
  for (const char *s = p; (s = strstr (s, "..")) != NULL; s += 2)
    if ((s == p || s[-1] == '/') && (s[2] == '\0' || s[2] == '/'))
      return true;
  return false;
}

int
st_cgroup_create (const char *cgroups_path, const char *id, char **dir_out, int *fd_out,
                  st_err *err)
{
  const char *mnt = st_cgroup2_mount ();
  cleanup_free char *dir = NULL;
  int r;

  if (mnt == NULL)
    return st_fail (err, 0,
                    "no cgroup2 hierarchy mounted at /sys/fs/cgroup or /sys/fs/cgroup/unified; "
                    "use --cgroup-manager disabled to run without a cgroup");
  if (cgroups_path && *cgroups_path) {
    if (path_has_dotdot (cgroups_path))
      return st_fail (err, 0, "linux.cgroupsPath: `%s` must not contain `..`", cgroups_path);
    if (cgroups_path[0] == '/')
      r = asprintf (&dir, "%s%s", mnt, cgroups_path);
    else
      r = asprintf (&dir, "%s/stoke/%s", mnt, cgroups_path);
  } else {
    r = asprintf (&dir, "%s/stoke/%s", mnt, id);
  }
  if (r < 0)
    return st_fail_sys (err, "cgroup path");
  while (r > 1 && dir[r - 1] == '/')
    dir[--r] = '\0';
  if (st_mkdir_p (dir, 0755, err) < 0)
    return st_error_prefix (err, "create cgroup");
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return st_fail_sys (err, "open cgroup `%s`", dir);
  *fd_out = fd;
  *dir_out = steal_ptr (dir);
  return 0;
}

int
st_cgroup_pids (const char *dir, pid_t **pids, size_t *n, st_err *err)
{
  cleanup_free char *path = NULL, *buf = NULL;
  size_t count = 0, cap = 0;
  pid_t *out = NULL;

  if (asprintf (&path, "%s/cgroup.procs", dir) < 0)
    return st_fail_sys (err, "cgroup.procs");
  if (st_read_file_at (AT_FDCWD, path, &buf, NULL, err) < 0)
    return -1;
  for (char *s = buf, *end; *s; s = end) {
    long v = strtol (s, &end, 10);
    if (end == s)
      break;
    if (count == cap) {
      cap = cap ? cap * 2 : 16;
      pid_t *nb = realloc (out, cap * sizeof *out);
      if (nb == NULL) {
        free (out);
        return st_fail_sys (err, "cgroup.procs");
      }
      out = nb;
    }
    out[count++] = v;
  }
  *pids = out;
  *n = count;
  return 0;
}

static int
write_cgroup_file (const char *dir, const char *name, const char *value)
{
  char path[4096];
  snprintf (path, sizeof path, "%s/%s", dir, name);
  int fd = open (path, O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  int r = st_write_all (fd, value, strlen (value));
  close (fd);
  return r;
}

int
st_cgroup_signal_all (const char *dir, int sig, st_err *err)
{
  cleanup_free pid_t *pids = NULL;
  size_t n = 0;

  if (sig == SIGKILL && write_cgroup_file (dir, "cgroup.kill", "1") == 0)
    return 0;
  if (st_cgroup_pids (dir, &pids, &n, err) < 0)
    return -1;
  for (size_t i = 0; i < n; i++)
    if (kill (pids[i], sig) < 0 && errno != ESRCH)
      return st_fail_sys (err, "kill %d", pids[i]);
  return 0;
}

/* rmdir dir after its child cgroups (exec --cgroup and workloads may have made some). */
static int
remove_tree (const char *dir)
{
  cleanup_dir DIR *d = opendir (dir);
  struct dirent *de;

  while (d && (de = readdir (d)) != NULL) {
    char sub[4096];
    if (de->d_type != DT_DIR || strcmp (de->d_name, ".") == 0 || strcmp (de->d_name, "..") == 0)
      continue;
    if (snprintf (sub, sizeof sub, "%s/%s", dir, de->d_name) < (int) sizeof sub)
      remove_tree (sub);
  }
  return rmdir (dir) == 0 || errno == ENOENT ? 0 : -1;
}

int
st_cgroup_destroy (const char *dir, st_err *err)
{
  struct timespec pause = { 0, 1000000 };

  if (dir == NULL || remove_tree (dir) == 0)
    return 0;
  /* Populated: kill what is left (cgroup.kill takes the whole subtree) and wait for the kernel
   * to empty it (bounded: 10 s). */
  for (int i = 0; i < 10000; i++) {
    if (i % 100 == 0) {
      cleanup_err st_err ignored = NULL;
      st_cgroup_signal_all (dir, SIGKILL, &ignored);
    }
    nanosleep (&pause, NULL);
    if (remove_tree (dir) == 0)
      return 0;
    if (errno != EBUSY)
      break;
  }
  return st_fail_sys (err, "remove cgroup `%s`", dir);
}
