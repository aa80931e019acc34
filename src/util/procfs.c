#include "procfs.h"

#include <fcntl.h>
#include <linux/mount.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cleanup.h"

int
st_procfs_private (st_err *err)
{
  static int root = -1;
  cleanup_close int fs = -1;

  if (root >= 0)
    return root;
  fs = syscall (SYS_fsopen, "proc", FSOPEN_CLOEXEC);
  if (fs < 0)
    return st_fail_sys (err, "fsopen proc");
  if (syscall (SYS_fsconfig, fs, FSCONFIG_SET_STRING, "subset", "pid", 0) < 0 && errno != EINVAL)
    return st_fail_sys (err, "fsconfig proc");
  if (syscall (SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
    return st_fail_sys (err, "create a private procfs");
  root = syscall (SYS_fsmount, fs, FSMOUNT_CLOEXEC,
                  MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
  if (root < 0)
    return st_fail_sys (err, "mount a private procfs");
  return root;
}

int
st_procfs_open (const char *path, int flags, st_err *err)
{
  struct open_how how = { .flags = flags | O_CLOEXEC,
                          .resolve = RESOLVE_BENEATH | RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS };
  int root = st_procfs_private (err), fd;

  if (root < 0)
    return -1;
  fd = syscall (SYS_openat2, root, path, &how, sizeof how);
  if (fd < 0)
    return st_fail_sys (err, "open %s in a private procfs", path);
  return fd;
}
