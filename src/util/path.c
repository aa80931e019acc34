#include "path.h"

#include <errno.h>
#include <stdbool.h>
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

#define MAX_SYMLINKS 40
#define MAX_DEPTH    256

/* Without openat2 (kernels before 5.6, valgrind): the same walk by hand. Each component is
 * opened O_PATH|O_NOFOLLOW from its parent; ".." never climbs above rootfd; a symlink is read
 * and its target walked in turn, absolute ones from rootfd. */
int
st_walk_in_root (int rootfd, const char *path, int flags)
{
  int stack[MAX_DEPTH], depth = 0, links = 0, ret = -1, saved;
  char *buf = NULL, *rest;
  size_t cap;

  stack[0] = fcntl (rootfd, F_DUPFD_CLOEXEC, 3);
  if (stack[0] < 0)
    return -1;
  cap = strlen (path) + 1;
  buf = malloc (cap);
  if (buf == NULL)
    goto out;
  memcpy (buf, path, cap);
  rest = buf;
  for (;;) {
    while (*rest == '/')
      rest++;
    if (*rest == '\0') {
      /* The path named a directory we already hold: reopen it as asked. */
      ret = openat (stack[depth], ".", flags | O_CLOEXEC);
      goto out;
    }
    char *name = rest, *slash = strchr (rest, '/');
    bool last = slash == NULL;
    if (slash) {
      *slash = '\0';
      rest = slash + 1;
    } else {
      rest = name + strlen (name);
    }
    if (strcmp (name, ".") == 0)
      continue;
    if (strcmp (name, "..") == 0) {
      if (depth > 0)
        close (stack[depth--]);
      continue;
    }
    int fd = openat (stack[depth], name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
      goto out;
    struct stat st;
    if (fstat (fd, &st) < 0) {
      close (fd);
      goto out;
    }
    if (S_ISLNK (st.st_mode) && !(last && (flags & O_NOFOLLOW))) {
      char target[4096];
      ssize_t n = readlinkat (fd, "", target, sizeof target - 1);
      close (fd);
      if (n < 0 || ++links > MAX_SYMLINKS) {
        errno = n < 0 ? errno : ELOOP;
        goto out;
      }
      target[n] = '\0';
      /* Walk target, then what remained after the link. */
      size_t rlen = strlen (rest);
      char *nb = malloc (n + rlen + 2);
      if (nb == NULL)
        goto out;
      snprintf (nb, n + rlen + 2, "%s%s%s", target, *rest ? "/" : "", rest);
      free (buf);
      buf = rest = nb;
      if (target[0] == '/')
        while (depth > 0)
          close (stack[depth--]);
      continue;
    }
    if (last) {
      /* Reopen with the caller's flags; O_NOFOLLOW keeps a swapped-in symlink out. */
      ret = (flags & O_PATH) ? fd : openat (stack[depth], name, flags | O_NOFOLLOW | O_CLOEXEC);
      if (!(flags & O_PATH))
        close (fd);
      goto out;
    }
    if (!S_ISDIR (st.st_mode) || depth + 1 >= MAX_DEPTH) {
      close (fd);
      errno = S_ISDIR (st.st_mode) ? ENAMETOOLONG : ENOTDIR;
      goto out;
    }
    stack[++depth] = fd;
  }
out:
  saved = errno;
  while (depth >= 0)
    close (stack[depth--]);
  free (buf);
  errno = saved;
  return ret;
}

static int
openat2_in_root (int rootfd, const char *path, int flags)
{
  static bool no_openat2;
  struct open_how how = {
    .flags = flags | O_CLOEXEC,
    .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
  };
  while (*path == '/')
    path++;
  if (*path == '\0')
    path = ".";
  if (!no_openat2) {
    int fd = syscall (SYS_openat2, rootfd, path, &how, sizeof how);
    if (fd >= 0 || errno != ENOSYS)
      return fd;
    no_openat2 = true;
  }
  return st_walk_in_root (rootfd, path, flags);
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
