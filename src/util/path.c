#include "path.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cleanup.h"

const char *
st_fd_path (char buf[ST_FD_PATH_MAX], int fd)
{
  snprintf (buf, ST_FD_PATH_MAX, "/proc/self/fd/%d", fd);
  return buf;
}

static int
openat2_in_root (int rootfd, const char *path, int flags)
{
  struct open_how how = {
    .flags = flags | O_CLOEXEC,
    .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
  };
  while (*path == '/')
    path++;
  if (*path == '\0')
    path = ".";
  return syscall (SYS_openat2, rootfd, path, &how, sizeof how);
}

int
st_open_in_root (int rootfd, const char *path, int flags, st_err *err)
{
  int fd = openat2_in_root (rootfd, path, flags);
  if (fd < 0)
    return st_fail_sys (err, "open `%s` in the container", path);
  return fd;
}

int
st_create_in_root (int rootfd, const char *path, mode_t mode, bool file, st_err *err)
{
  cleanup_free char *copy = strdup (path);
  char *p, *slash;
  int fd;

  if (copy == NULL)
    return st_fail_sys (err, "create `%s`", path);
  fd = openat2_in_root (rootfd, copy, O_PATH);
  if (fd >= 0 || errno != ENOENT)
    return fd >= 0 ? fd : st_fail_sys (err, "open `%s` in the container", path);

  /* Walk down, making each missing component inside the already-resolved parent. */
  p = copy;
  while (*p == '/')
    p++;
  for (;;) {
    slash = strchr (p, '/');
    bool last = slash == NULL;
    if (slash)
      *slash = '\0';
    fd = openat2_in_root (rootfd, copy, O_PATH);
    if (fd < 0 && errno == ENOENT) {
      char *name = strrchr (copy, '/');
      cleanup_close int parent = -1;
      if (name) {
        *name = '\0';
        parent = openat2_in_root (rootfd, copy, O_PATH | O_DIRECTORY);
        *name++ = '/';
      } else {
        name = copy;
        parent = openat2_in_root (rootfd, ".", O_PATH | O_DIRECTORY);
      }
      if (parent < 0)
        return st_fail_sys (err, "create `%s` in the container", path);
      if (last && file) {
        int nfd = openat (parent, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (nfd < 0 && errno != EEXIST)
          return st_fail_sys (err, "create `%s` in the container", path);
        if (nfd >= 0)
          close (nfd);
      } else if (mkdirat (parent, name, mode) < 0 && errno != EEXIST) {
        return st_fail_sys (err, "create `%s` in the container", path);
      }
      fd = openat2_in_root (rootfd, copy, O_PATH);
    }
    if (fd < 0)
      return st_fail_sys (err, "open `%s` in the container", path);
    if (last)
      return fd;
    close (fd);
    *slash = '/';
    p = slash + 1;
    while (*p == '/')
      p++;
    if (*p == '\0')
      return openat2_in_root (rootfd, copy, O_PATH);
  }
}
