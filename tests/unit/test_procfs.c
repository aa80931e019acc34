/* stoke's private procfs stays true when /proc is replaced (CVE-2019-16884 class): in a mount
 * namespace of our own, a tmpfs over /proc with a fake status file, the private instance still
 * reads the kernel's. */
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"
#include "util/cleanup.h"
#include "util/procfs.h"

static bool
reads_kernel_status (int fd)
{
  char buf[256];
  ssize_t n = read (fd, buf, sizeof buf - 1);
  if (n <= 0)
    return false;
  buf[n] = '\0';
  return strncmp (buf, "Name:", 5) == 0 && strstr (buf, "fake") == NULL;
}

int
main (void)
{
  cleanup_err st_err err = NULL;
  int fd = st_procfs_open ("self/status", O_RDONLY, &err);

  unit_check (fd >= 0 && reads_kernel_status (fd), "private procfs: self/status", "%s",
              err ? err->msg : "not the kernel's");
  if (fd >= 0)
    close (fd);

  /* In a child: its own mount namespace, /proc replaced, then a fresh private procfs. */
  pid_t pid = fork ();
  if (pid == 0) {
    st_err e = NULL;
    if (unshare (CLONE_NEWNS) < 0 || mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0
        || mount ("tmpfs", "/proc", "tmpfs", 0, NULL) < 0 || mkdir ("/proc/self", 0755) < 0)
      _exit (2);
    int f = open ("/proc/self/status", O_CREAT | O_WRONLY, 0644);
    if (f < 0 || write (f, "fake\n", 5) != 5)
      _exit (2);
    close (f);
    f = st_procfs_open ("self/status", O_RDONLY, &e);
    _exit (f >= 0 && reads_kernel_status (f) ? 0 : 1);
  }
  int status = -1;
  waitpid (pid, &status, 0);
  unit_check (WIFEXITED (status) && WEXITSTATUS (status) == 0,
              "private procfs ignores a /proc replaced by a tmpfs", "child status %d", status);
  fd = st_procfs_open ("../../etc/passwd", O_RDONLY, NULL);
  unit_check (fd < 0, "private procfs: no way out with ..", "opened");
  if (fd >= 0)
    close (fd);
  return unit_done ();
}
