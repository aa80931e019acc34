#include "selfprotect.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "cleanup.h"

extern char **environ;

static int
copy_fd (int from, int to)
{
  for (;;) {
    ssize_t n = copy_file_range (from, NULL, to, NULL, 1 << 30, 0);
    if (n == 0)
      return 0;
    if (n > 0)
      continue;
    if (errno != EXDEV && errno != ENOSYS && errno != EINVAL)
      return -1;
    /* Across filesystems on old kernels: plain reads and writes. */
    char buf[65536];
    ssize_t r;
    while ((r = read (from, buf, sizeof buf)) > 0)
      if (write (to, buf, r) != r)
        return -1;
    return r < 0 ? -1 : 0;
  }
}

/* dir/<key>/stoke: a copy of the running binary, its directory bound read-only onto itself. */
static int
make_copy (int self, const char *dir, st_err *err)
{
  char tmp[512], exe[512];
  cleanup_close int out = -1;

  snprintf (exe, sizeof exe, "%s/stoke", dir);
  snprintf (tmp, sizeof tmp, "%s/.stoke.%d", dir, (int) getpid ());
  if (mkdir (dir, 0755) < 0 && errno != EEXIST)
    return st_fail_sys (err, "protect the stoke binary: mkdir `%s`", dir);
  out = open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0555);
  if (out < 0 || lseek (self, 0, SEEK_SET) < 0 || copy_fd (self, out) < 0 || fsync (out) < 0
      || rename (tmp, exe) < 0) {
    int saved = errno;
    unlink (tmp);
    return st_fail (err, saved, "protect the stoke binary: copy to `%s`", exe);
  }
  if (mount (dir, dir, "", MS_BIND, NULL) < 0
      || mount ("", dir, "", MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) < 0)
    return st_fail_sys (err, "protect the stoke binary: read-only bind of `%s`", dir);
  return 0;
}

static bool
read_only (const char *path)
{
  struct statvfs v;
  return statvfs (path, &v) == 0 && (v.f_flag & ST_RDONLY);
}

int
st_self_protect (char **argv, st_err *err)
{
  cleanup_close int self = open ("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  cleanup_close int lock = -1;
  struct stat st;
  char dir[256], exe[300];

  if (self < 0)
    return st_fail_sys (err, "open /proc/self/exe");
  {
    struct statvfs v;
    if (fstatvfs (self, &v) == 0 && (v.f_flag & ST_RDONLY))
      return 0; /* already the protected copy (or installed on a read-only filesystem) */
  }
  if (fstat (self, &st) < 0)
    return st_fail_sys (err, "stat /proc/self/exe");
  /* One copy per build of the binary: its identity is where it is and when it was written. */
  snprintf (dir, sizeof dir, ST_PROTECTED_DIR "/%llx-%llx-%llx-%lld.%09ld",
            (unsigned long long) st.st_dev, (unsigned long long) st.st_ino,
            (unsigned long long) st.st_size, (long long) st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  snprintf (exe, sizeof exe, "%s/stoke", dir);
  if (!read_only (dir)) {
    if (mkdir (ST_PROTECTED_DIR, 0755) < 0 && errno != EEXIST)
      return st_fail_sys (err, "protect the stoke binary: mkdir `%s`", ST_PROTECTED_DIR);
    lock = open (ST_PROTECTED_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (lock < 0 || flock (lock, LOCK_EX) < 0)
      return st_fail_sys (err, "protect the stoke binary: lock `%s`", ST_PROTECTED_DIR);
    if (!read_only (dir) && make_copy (self, dir, err) < 0)
      return -1;
  }
  execve (exe, argv, environ);
  return st_fail_sys (err, "protect the stoke binary: exec `%s`", exe);
}
