/* run: create + start; in the foreground, stay the workload's parent: forward signals, relay its
 * pty, return its exit status, then delete it (unless --keep). */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "container/internal.h"
#include "util/cleanup.h"
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

/* Wait for the init, forwarding signals and relaying the pty; returns its exit code. */
static int
supervise (pid_t pid, int sigfd, struct relay *r)
{
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
st_container_run (const struct st_create_opts *o, bool detach, bool keep, st_err *err)
{
  struct st_create_opts co = *o;
  struct st_created cr;
  struct relay r = { .master = -1 };
  sigset_t fwd, old;
  cleanup_close int sigfd = -1;
  int code;

  co.foreground = !detach;
  /* Signals are collected from before the workload exists, so none is lost. */
  forwarded_signals (&fwd);
  if (!detach) {
    sigprocmask (SIG_BLOCK, &fwd, &old);
    sigfd = signalfd (-1, &fwd, SFD_CLOEXEC);
    if (sigfd < 0)
      return st_fail_sys (err, "signalfd");
  }
  if (st_container_create (&co, &cr, err) < 0)
    return -1;
  if (st_container_start_locked (cr.container, err) < 0) {
    cleanup_err st_err ignored = NULL;
    st_container_delete_locked (o->root, cr.container, true, &ignored);
    st_container_free (cr.container);
    if (cr.master >= 0)
      close (cr.master);
    return -1;
  }
  if (detach) {
    st_container_free (cr.container);
    return 0;
  }
  /* Others may kill or inspect it while it runs. */
  flock (cr.container->dirfd, LOCK_UN);
  r.master = cr.master;
  code = supervise (cr.pid, sigfd, &r);
  flock (cr.container->dirfd, LOCK_EX);
  if (!keep && st_container_delete_locked (o->root, cr.container, true, err) < 0) {
    st_container_free (cr.container);
    return -1;
  }
  st_container_free (cr.container);
  sigprocmask (SIG_SETMASK, &old, NULL);
  return code;
}
