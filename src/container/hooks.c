/* OCI lifecycle hooks: posix_spawn (vfork speed, exec errors reported to the parent), the state
 * written to a pipe on the hook's stdin, a pidfd polled for the exit and the timeout. */
#include "container/hooks.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/cleanup.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

static const char *const phase_names[ST_HOOK_PHASES] = {
  [ST_HOOK_PRESTART] = "prestart",
  [ST_HOOK_CREATE_RUNTIME] = "createRuntime",
  [ST_HOOK_CREATE_CONTAINER] = "createContainer",
  [ST_HOOK_START_CONTAINER] = "startContainer",
  [ST_HOOK_POSTSTART] = "poststart",
  [ST_HOOK_POSTSTOP] = "poststop",
};

const char *
st_hook_phase_name (enum st_hook_phase phase)
{
  if ((unsigned) phase >= ST_HOOK_PHASES)
    return NULL;
  return phase_names[phase];
}

bool
st_hook_phase_fatal (enum st_hook_phase phase)
{
  switch (phase) {
  case ST_HOOK_PRESTART:
  case ST_HOOK_CREATE_RUNTIME:
  case ST_HOOK_CREATE_CONTAINER:
  case ST_HOOK_START_CONTAINER:
    return true;
  case ST_HOOK_POSTSTART:
  case ST_HOOK_POSTSTOP:
    return false;
  }
  return true;
}

static int
pidfd_open_ (pid_t pid)
{
  return (int) syscall (SYS_pidfd_open, pid, 0);
}

static int
pidfd_kill_ (int pidfd, int sig)
{
  return (int) syscall (SYS_pidfd_send_signal, pidfd, sig, NULL, 0);
}

static int64_t
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Keep the pipe off fds 0-2, so that the dup2 onto stdin and the inherited stdout/stderr never
 * collide with it when stoke itself runs with a standard stream closed. */
static int
above_stdio (int *fd)
{
  int nfd;

  if (*fd > STDERR_FILENO)
    return 0;
  nfd = fcntl (*fd, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
  if (nfd < 0)
    return -1;
  close (*fd);
  *fd = nfd;
  return 0;
}

/* A NULL-terminated copy of a (strings, len) array; the strings are shared, not copied. */
static char **
nul_terminated (char **v, size_t len)
{
  char **out = calloc (len + 1, sizeof *out);

  if (out && len)
    memcpy (out, v, len * sizeof *out);
  return out;
}

/* The hook starts clean: no blocked signals, default dispositions (stoke ignoring or catching a
 * signal must not leak into it), a process group of its own so a timeout kills what it forked,
 * stdin from the pipe, nothing but fds 0-2 inherited. Returns 0 or an errno value. */
static int
spawn_hook (const char *path, char **argv, char **envp, int stdin_fd, pid_t *pid)
{
  posix_spawnattr_t attr;
  posix_spawn_file_actions_t fa;
  sigset_t none, all;
  int r;

  r = posix_spawnattr_init (&attr);
  if (r)
    return r;
  r = posix_spawn_file_actions_init (&fa);
  if (r) {
    posix_spawnattr_destroy (&attr);
    return r;
  }

  sigemptyset (&none);
  sigfillset (&all);
  sigdelset (&all, SIGKILL);
  sigdelset (&all, SIGSTOP);
  r = posix_spawnattr_setsigmask (&attr, &none);
  if (r == 0)
    r = posix_spawnattr_setsigdefault (&attr, &all);
  if (r == 0)
    r = posix_spawnattr_setpgroup (&attr, 0);
  if (r == 0)
    r = posix_spawnattr_setflags (&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
                                             | POSIX_SPAWN_SETPGROUP);
  if (r == 0)
    r = posix_spawn_file_actions_adddup2 (&fa, stdin_fd, STDIN_FILENO);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
  if (r == 0)
    r = posix_spawn_file_actions_addclosefrom_np (&fa, STDERR_FILENO + 1);
#endif
  /* glibc's posix_spawn runs the child with CLONE_VFORK and hands the execve error back as the
   * return value, so ENOENT and friends surface here rather than as an exit status 127. */
  if (r == 0)
    r = posix_spawn (pid, path, &fa, &attr, argv, envp);

  posix_spawn_file_actions_destroy (&fa);
  posix_spawnattr_destroy (&attr);
  return r;
}

struct feed
{
  int fd; /* write end of the hook's stdin; -1 once done */
  const char *buf;
  size_t len, off;
  bool broken; /* the hook closed its stdin early (EPIPE) */
};

/* Write what the pipe takes now; close it when all is written or the reader is gone. */
static int
feed_step (struct feed *f)
{
  while (f->off < f->len) {
    ssize_t w = write (f->fd, f->buf + f->off, f->len - f->off);
    if (w < 0) {
      if (errno == EINTR)
        continue;
      if (errno == EAGAIN)
        return 0;
      if (errno == EPIPE)
        f->broken = true;
      else
        return -1;
      break;
    }
    f->off += (size_t) w;
  }
  close (f->fd);
  f->fd = -1;
  return 0;
}

enum wait_result
{
  HOOK_EXITED,
  HOOK_TIMED_OUT,
};

/* Feed stdin and wait for the hook to exit or its deadline (deadline < 0: none) to pass. */
static int
feed_and_wait (int pidfd, struct feed *f, int64_t deadline, enum wait_result *res, st_err *err,
               const char *what)
{
  for (;;) {
    struct pollfd fds[2]
        = { { .fd = pidfd, .events = POLLIN }, { .fd = f->fd, .events = POLLOUT } };
    int timeout = -1, r;

    if (deadline >= 0) {
      int64_t left = deadline - now_ms ();
      timeout = left <= 0 ? 0 : left > INT_MAX ? INT_MAX : (int) left;
    }
    r = poll (fds, f->fd >= 0 ? 2 : 1, timeout);
    if (r < 0) {
      if (errno == EINTR)
        continue;
      return st_fail_sys (err, "%s: poll", what);
    }
    if (fds[0].revents) {
      *res = HOOK_EXITED;
      return 0;
    }
    if (deadline >= 0 && now_ms () >= deadline) {
      *res = HOOK_TIMED_OUT;
      return 0;
    }
    if (f->fd >= 0 && fds[1].revents && feed_step (f) < 0)
      return st_fail_sys (err, "%s: write the state to its stdin", what);
  }
}

static int
reap (pid_t pid, int *status)
{
  pid_t r;

  do
    r = waitpid (pid, status, 0);
  while (r < 0 && errno == EINTR);
  return r < 0 ? -1 : 0;
}

static int
run_one (const struct oci_hook *hook, const char *phase, size_t idx, const char *state, st_err *err)
{
  cleanup_free char *what = NULL;
  cleanup_free char **argv = NULL;
  cleanup_free char **envp = NULL;
  cleanup_close int rfd = -1;
  cleanup_close int wfd = -1;
  cleanup_close int pidfd = -1;
  char *default_argv[2] = { NULL, NULL };
  struct feed f = { .fd = -1, .buf = state ? state : "", .len = state ? strlen (state) : 0 };
  enum wait_result res = HOOK_EXITED;
  sigset_t pipe_set, saved_mask, pending;
  bool pipe_was_pending;
  int64_t deadline = -1;
  int p[2], status = 0, r;
  pid_t pid;

  if (hook == NULL)
    return st_fail (err, 0, "hook %s[%zu]: missing", phase, idx);
  if (asprintf (&what, "hook %s[%zu] %s", phase, idx, hook->path ? hook->path : "(no path)") < 0)
    return st_fail (err, ENOMEM, "hook %s[%zu]", phase, idx);
  if (hook->path == NULL || hook->path[0] != '/')
    return st_fail (err, 0, "%s: path must be absolute", what);
  if (hook->has_timeout && hook->timeout <= 0)
    return st_fail (err, 0, "%s: timeout must be greater than zero, got %d", what,
                    (int) hook->timeout);

  if (hook->args_len > 0)
    argv = nul_terminated (hook->args, hook->args_len);
  else {
    default_argv[0] = hook->path;
    argv = nul_terminated (default_argv, 1);
  }
  envp = nul_terminated (hook->env, hook->env_len);
  if (argv == NULL || envp == NULL)
    return st_fail (err, ENOMEM, "%s", what);

  if (pipe2 (p, O_CLOEXEC) < 0)
    return st_fail_sys (err, "%s: pipe", what);
  rfd = p[0];
  wfd = p[1];
  if (above_stdio (&rfd) < 0 || above_stdio (&wfd) < 0 || fcntl (wfd, F_SETFL, O_NONBLOCK) < 0)
    return st_fail_sys (err, "%s: pipe", what);

  r = spawn_hook (hook->path, argv, envp, rfd, &pid);
  if (r != 0)
    return st_fail (err, r, "%s: cannot execute", what);
  close (steal_fd (rfd));
  if (hook->has_timeout)
    deadline = now_ms () + (int64_t) hook->timeout * 1000;

  /* The hook is our unreaped child, so its pid cannot be reused before the waitpid below. */
  pidfd = pidfd_open_ (pid);
  if (pidfd < 0) {
    st_fail_sys (err, "%s: pidfd_open", what);
    kill (-pid, SIGKILL);
    reap (pid, &status);
    return -1;
  }

  /* The hook may close its stdin unread: writing then fails with EPIPE, which must neither kill
   * stoke with SIGPIPE nor fail the hook. Block the signal while feeding, and drop the one our
   * write raised (only if none was pending before). */
  sigemptyset (&pipe_set);
  sigaddset (&pipe_set, SIGPIPE);
  pthread_sigmask (SIG_BLOCK, &pipe_set, &saved_mask);
  sigpending (&pending);
  pipe_was_pending = sigismember (&pending, SIGPIPE);

  f.fd = steal_fd (wfd);
  if (f.len == 0 && feed_step (&f) < 0)
    r = st_fail_sys (err, "%s: write the state to its stdin", what);
  else
    r = feed_and_wait (pidfd, &f, deadline, &res, err, what);
  if (f.fd >= 0)
    close (f.fd);

  if (f.broken && !pipe_was_pending) {
    const struct timespec zero = { 0, 0 };
    sigtimedwait (&pipe_set, NULL, &zero);
  }
  pthread_sigmask (SIG_SETMASK, &saved_mask, NULL);

  if (r < 0 || res == HOOK_TIMED_OUT) {
    /* Kill the hook and whatever it started in its process group; the leader is not reaped
     * yet, so neither the pidfd nor the group id can name another process. */
    pidfd_kill_ (pidfd, SIGKILL);
    kill (-pid, SIGKILL);
  }
  if (reap (pid, &status) < 0) {
    if (r == 0)
      st_fail_sys (err, "%s: wait", what);
    return -1;
  }
  if (r < 0)
    return -1;
  if (res == HOOK_TIMED_OUT)
    return st_fail (err, 0, "%s: timed out after %ds", what, (int) hook->timeout);
  if (WIFEXITED (status)) {
    if (WEXITSTATUS (status) != 0)
      return st_fail (err, 0, "%s: exited with status %d", what, WEXITSTATUS (status));
    return 0;
  }
  if (WIFSIGNALED (status))
    return st_fail (err, 0, "%s: killed by signal %d", what, WTERMSIG (status));
  return st_fail (err, 0, "%s: ended with wait status 0x%x", what, (unsigned) status);
}

int
st_hooks_run (struct oci_hook **hooks, size_t n, const char *phase, const char *state_json,
              st_err *err)
{
  for (size_t i = 0; i < n; i++)
    if (run_one (hooks[i], phase, i, state_json, err) < 0)
      return -1;
  return 0;
}

int
st_hooks_run_all (const struct oci_hooks *h, enum st_hook_phase phase, const char *state_json,
                  st_err *err)
{
  struct oci_hook **hooks = NULL;
  const char *name = st_hook_phase_name (phase);
  size_t n = 0;

  if (name == NULL)
    return st_fail (err, EINVAL, "unknown hook phase %d", (int) phase);
  if (h == NULL)
    return 0;
  switch (phase) {
  case ST_HOOK_PRESTART:
    hooks = h->prestart, n = h->prestart_len;
    break;
  case ST_HOOK_CREATE_RUNTIME:
    hooks = h->create_runtime, n = h->create_runtime_len;
    break;
  case ST_HOOK_CREATE_CONTAINER:
    hooks = h->create_container, n = h->create_container_len;
    break;
  case ST_HOOK_START_CONTAINER:
    hooks = h->start_container, n = h->start_container_len;
    break;
  case ST_HOOK_POSTSTART:
    hooks = h->poststart, n = h->poststart_len;
    break;
  case ST_HOOK_POSTSTOP:
    hooks = h->poststop, n = h->poststop_len;
    break;
  }

  if (st_hook_phase_fatal (phase))
    return st_hooks_run (hooks, n, name, state_json, err);

  for (size_t i = 0; i < n; i++) {
    cleanup_err st_err hook_err = NULL;

    if (run_one (hooks[i], name, i, state_json, &hook_err) < 0)
      st_warning ("%s", hook_err && hook_err->msg ? hook_err->msg : "hook failed");
  }
  return 0;
}
