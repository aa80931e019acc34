#include "fs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"

int
st_read_file_at (int dirfd, const char *path, char **out, size_t *len, st_err *err)
{
  cleanup_close int fd = openat (dirfd, path, O_RDONLY | O_CLOEXEC);
  cleanup_free char *buf = NULL;
  size_t size = 0, cap = 0;
  struct stat st;

  if (fd < 0)
    return st_fail_sys (err, "open `%s`", path);
  if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode))
    cap = st.st_size + 1;
  if (cap < 4096)
    cap = 4096;
  buf = malloc (cap);
  if (buf == NULL)
    return st_fail_sys (err, "read `%s`", path);
  for (;;) {
    ssize_t r = read (fd, buf + size, cap - size - 1);
    if (r < 0) {
      if (errno == EINTR)
        continue;
      return st_fail_sys (err, "read `%s`", path);
    }
    if (r == 0)
      break;
    size += r;
    if (size + 1 == cap) {
      char *nb = realloc (buf, cap * 2);
      if (nb == NULL)
        return st_fail_sys (err, "read `%s`", path);
      buf = nb;
      cap *= 2;
    }
  }
  buf[size] = '\0';
  if (len)
    *len = size;
  *out = steal_ptr (buf);
  return 0;
}

int
st_write_all (int fd, const void *data, size_t len)
{
  const char *p = data;
  while (len > 0) {
    ssize_t w = write (fd, p, len);
    if (w < 0) {
      if (errno == EINTR)
        continue;
      return -1;
    }
    p += w;
    len -= w;
  }
  return 0;
}

int
st_write_file_atomic (int dirfd, const char *name, const void *data, size_t len, mode_t mode,
                      st_err *err)
{
  char tmp[256];
  int fd;

  /* Per process: two writers of one name must not share, and so truncate, a temp file. */
  if (snprintf (tmp, sizeof tmp, ".%s.%d.tmp", name, (int) getpid ()) >= (int) sizeof tmp)
    return st_fail (err, ENAMETOOLONG, "write `%s`", name);
  fd = openat (dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0)
    return st_fail_sys (err, "write `%s`", name);
  if (st_write_all (fd, data, len) < 0) {
    int saved = errno;
    close (fd);
    unlinkat (dirfd, tmp, 0);
    return st_fail (err, saved, "write `%s`", name);
  }
  close (fd);
  if (renameat (dirfd, tmp, dirfd, name) < 0) {
    int saved = errno;
    unlinkat (dirfd, tmp, 0);
    return st_fail (err, saved, "rename `%s`", name);
  }
  return 0;
}

int
st_mkdir_p (const char *path, mode_t mode, st_err *err)
{
  cleanup_free char *p = strdup (path);
  if (p == NULL)
    return st_fail_sys (err, "mkdir `%s`", path);
  for (char *s = p + 1;; s++) {
    if (*s == '/' || *s == '\0') {
      char c = *s;
      *s = '\0';
      if (mkdir (p, mode) < 0 && errno != EEXIST)
        return st_fail_sys (err, "mkdir `%s`", p);
      *s = c;
      if (c == '\0')
        break;
    }
  }
  return 0;
}

int
st_rm_rf_at (int parent, const char *name)
{
  if (unlinkat (parent, name, 0) == 0 || errno == ENOENT)
    return 0;
  if (errno != EISDIR && errno != EPERM)
    return -1;
  int fd = openat (parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return -1;
  DIR *d = fdopendir (fd);
  if (d == NULL) {
    close (fd);
    return -1;
  }
  struct dirent *de;
  while ((de = readdir (d)) != NULL) {
    if (strcmp (de->d_name, ".") == 0 || strcmp (de->d_name, "..") == 0)
      continue;
    st_rm_rf_at (dirfd (d), de->d_name);
  }
  closedir (d);
  return unlinkat (parent, name, AT_REMOVEDIR) == 0 || errno == ENOENT ? 0 : -1;
}
