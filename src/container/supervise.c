#include "supervise.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "util/fs.h"

/* Signals stoke itself must keep: everything else reaching `run` goes to the workload. */
static void
forwarded_signals (sigset_t *set)
{
  sigfillset (set);
  sigdelset (set, SIGKILL);
  sigdelset (set, SIGSTOP);
  sigdelset (set, SIGSEGV);
  sigdelset (set, SIGBUS);
  sigdelset (set, SIGILL);
  sigdelset (set, SIGFPE);
  sigdelset (set, SIGTRAP);
  sigdelset (set, SIGSYS);
}

struct relay
{
  int master;
  bool stdin_open;
  bool raw;
  struct termios saved;
};

static void
relay_copy_winsize (struct relay *r)
{
  struct winsize ws;
  if (r->master >= 0 && ioctl (STDIN_FILENO, TIOCGWINSZ, &ws) == 0)
    ioctl (r->master, TIOCSWINSZ, &ws);
}

static void
relay_start (struct relay *r)
{
  struct termios t;
  r->stdin_open = true;
  if (r->master < 0)
    return;
  if (tcgetattr (STDIN_FILENO, &r->saved) == 0) {
    t = r->saved;
    cfmakeraw (&t);
    if (tcsetattr (STDIN_FILENO, TCSANOW, &t) == 0)
      r->raw = true;
  }
  relay_copy_winsize (r);
}

static void
relay_stop (struct relay *r)
{
  if (r->raw)
    tcsetattr (STDIN_FILENO, TCSANOW, &r->saved);
  if (r->master >= 0)
    close (r->master);
  r->master = -1;
}

/* Move what is readable from `from` to `to`; returns bytes moved, 0 at EOF, -1 on error. */
static ssize_t
pump (int from, int to)
{
  char buf[16384];
  ssize_t n = read (from, buf, sizeof buf);
  if (n > 0 && st_write_all (to, buf, n) < 0)
    return -1;
  return n;
}

static int
exit_code (int status)
{
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  if (WIFSIGNALED (status))
    return 128 + WTERMSIG (status);
  return 255;
}

int
st_supervise (pid_t pid, int sigfd, int master)
{
  struct relay relay = { .master = master }, *r = &relay;
  int status = 0;
  bool exited = false;

  relay_start (r);
  while (!exited) {
    struct pollfd p[3] = {
      { .fd = sigfd, .events = POLLIN },
      { .fd = r->master, .events = POLLIN },
      { .fd = r->master >= 0 && r->stdin_open ? STDIN_FILENO : -1, .events = POLLIN },
    };
    if (poll (p, 3, -1) < 0) {
      if (errno == EINTR)
        continue;
      break;
    }
    if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
      if (pump (r->master, STDOUT_FILENO) <= 0)
        p[1].fd = -1;
    }
    if (p[2].revents & (POLLIN | POLLHUP | POLLERR)) {
      if (pump (STDIN_FILENO, r->master) <= 0)
        r->stdin_open = false; /* the caller's stdin ended; the workload keeps running */
    }
    if (p[0].revents & POLLIN) {
      struct signalfd_siginfo si;
      if (read (sigfd, &si, sizeof si) != sizeof si)
        continue;
      if (si.ssi_signo == SIGWINCH && r->master >= 0) {
        relay_copy_winsize (r);
      } else if (si.ssi_signo != SIGCHLD) {
        kill (pid, si.ssi_signo);
      } else {
        pid_t w;
        int st;
        while ((w = waitpid (-1, &st, WNOHANG)) > 0)
          if (w == pid) {
            status = st;
            exited = true;
          }
      }
    }
  }
  /* No byte the workload wrote may be lost: drain the pty until it reports the hangup. */
  if (r->master >= 0) {
    struct pollfd p = { .fd = r->master, .events = POLLIN };
    while (poll (&p, 1, 0) > 0 && (p.revents & POLLIN) && pump (r->master, STDOUT_FILENO) > 0)
      ;
  }
  relay_stop (r);
  return exit_code (status);
}

int
st_supervise_prepare (sigset_t *old, int *sigfd, st_err *err)
{
  sigset_t fwd;

  forwarded_signals (&fwd);
  sigprocmask (SIG_BLOCK, &fwd, old);
  *sigfd = signalfd (-1, &fwd, SFD_CLOEXEC);
  if (*sigfd < 0) {
    sigprocmask (SIG_SETMASK, old, NULL);
    return st_fail_sys (err, "signalfd");
  }
  return 0;
}
