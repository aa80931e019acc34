#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"

unsigned long long
st_pid_start_time (pid_t pid)
{
  char path[64], buf[1024];
  unsigned long long start = 0;
  char state;
  ssize_t n;
  int fd;

  snprintf (path, sizeof path, "/proc/%d/stat", pid);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  n = read (fd, buf, sizeof buf - 1);
  close (fd);
  if (n <= 0)
    return 0;
  buf[n] = '\0';
  /* comm may contain spaces and parentheses: fields resume after the last ')'. */
  char *p = strrchr (buf, ')');
  if (p == NULL
      || sscanf (p + 1,
                 " %c %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s "
                 "%*s %*s %*s %llu",
                 &state, &start)
             != 2)
    return 0;
  if (state == 'Z' || state == 'X')
    return 0;
  return start;
}

/* A pidfd on pid if it is the process started at start_time; -1 with ESRCH if not, or with
 * ENOSYS where the kernel (or valgrind) has no pidfd_open. */
static int
proc_open (pid_t pid, unsigned long long start_time)
{
  int fd = syscall (SYS_pidfd_open, pid, 0);
  if (fd < 0 && errno != ENOSYS)
    errno = ESRCH;
  if (st_pid_start_time (pid) != start_time) {
    if (fd >= 0)
      close (fd);
    errno = ESRCH;
    return -1;
  }
  return fd;
}

int
st_proc_signal (pid_t pid, unsigned long long start_time, int sig)
{
  cleanup_close int fd = proc_open (pid, start_time);
  if (fd >= 0)
    return syscall (SYS_pidfd_send_signal, fd, sig, NULL, 0);
  if (errno != ENOSYS)
    return -1;
  return kill (pid, sig);
}

bool
st_proc_wait_gone (pid_t pid, unsigned long long start_time, int timeout_ms)
{
  cleanup_close int fd = proc_open (pid, start_time);
  struct timespec tick = { 0, 1000000 };

  if (fd >= 0) {
    struct pollfd p = { .fd = fd, .events = POLLIN };
    return poll (&p, 1, timeout_ms) > 0;
  }
  if (errno != ENOSYS)
    return true;
  for (int i = 0; i < timeout_ms; i++) {
    if (st_pid_start_time (pid) != start_time)
      return true;
    nanosleep (&tick, NULL);
  }
  return false;
}
