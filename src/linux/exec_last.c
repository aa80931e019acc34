#include "exec_last.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux/process.h"
#include "linux/seccomp.h"
#include "linux/sync.h"
#include "util/cleanup.h"
#include "util/passwd.h"

int
st_exec_enter_cwd (const char *cwd, st_err *err)
{
  char buf[4096];
  if (chdir (cwd) < 0)
    return st_fail_sys (err, "process.cwd: chdir `%s`", cwd);
  if (getcwd (buf, sizeof buf) == NULL || buf[0] != '/')
    return st_fail (err, 0, "process.cwd: `%s` is outside the container", cwd);
  return 0;
}

/* HOME from the container's /etc/passwd entry for uid, "/" without one (as runc does). */
static char *
home_of (uid_t uid)
{
  char home[512], *out = NULL;
  if (!st_passwd_lookup ("/etc/passwd", uid, NULL, 0, home, sizeof home) || *home == '\0')
    strcpy (home, "/");
  return asprintf (&out, "HOME=%s", home) < 0 ? NULL : out;
}

static char **
build_env (const struct oci_process *p, int listen_fds)
{
  char **env = calloc (p->env_len + 4, sizeof *env);
  size_t n = 0;
  bool has_home = false;
  if (env == NULL)
    return NULL;
  for (size_t i = 0; i < p->env_len; i++) {
    if (strncmp (p->env[i], "HOME=", 5) == 0)
      has_home = true;
    if (listen_fds <= 0
        || (strncmp (p->env[i], "LISTEN_FDS=", 11) && strncmp (p->env[i], "LISTEN_PID=", 11)))
      env[n++] = p->env[i];
  }
  if (!has_home && (env[n++] = home_of (p->user->uid)) == NULL)
    return NULL;
  if (listen_fds > 0) {
    if (asprintf (&env[n++], "LISTEN_FDS=%d", listen_fds) < 0
        || asprintf (&env[n++], "LISTEN_PID=%d", (int) getpid ()) < 0)
      return NULL;
  }
  return env;
}

static int
listen_fds_from_env (void)
{
  const char *s = getenv ("LISTEN_FDS");
  int n = s ? atoi (s) : 0;
  return n > 0 ? n : 0;
}

int
st_exec_set_oom_score_adj (const struct oci_process *p, st_err *err)
{
  char buf[16];
  int n;
  if (!p->has_oom_score_adj)
    return 0;
  n = snprintf (buf, sizeof buf, "%d", p->oom_score_adj);
  cleanup_close int fd = open ("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write (fd, buf, n) != n)
    return st_fail_sys (err, "process.oomScoreAdj: set %d", p->oom_score_adj);
  return 0;
}

/* Load the filter; a listener fd is handed to stoke (which passes it to listenerPath) before
 * anything else happens, so no notified syscall can wait on a listener nobody holds. */
static int
load_seccomp (struct st_seccomp *sc, int report_fd, st_err *err)
{
  struct st_sync_msg m;
  int nfd = -1;

  if (st_seccomp_load (sc, st_seccomp_wants_listener (sc) ? &nfd : NULL, err) < 0)
    return -1;
  if (nfd < 0)
    return 0;
  int r = st_sync_send (report_fd, ST_SYNC_SECCOMP, 0, NULL, nfd);
  close (nfd);
  if (r < 0)
    return st_fail_sys (err, "linux.seccomp: hand over the listener fd");
  return st_sync_expect (report_fd, ST_SYNC_SECCOMP_DONE, "linux.seccomp.listenerPath", &m, NULL,
                         err);
}

int
st_exec_process (const struct oci_process *p, const char *exe, bool userns, int preserve_fds,
                 struct st_seccomp *sc, int report_fd, st_err *err)
{
  int listen_fds = listen_fds_from_env ();
  char **env;

  /* Without no_new_privs the kernel only takes a filter from a holder of CAP_SYS_ADMIN: load it
   * while we still are root with every capability, before the user and capabilities change. */
  if (sc && !p->no_new_privileges && load_seccomp (sc, report_fd, err) < 0)
    return -1;
  if (st_process_apply (p, userns, err) < 0)
    return -1;
  env = build_env (p, listen_fds);
  if (env == NULL)
    return st_fail_sys (err, "environment");
  /* No fd of ours may reach the workload (CVE-2024-21626): stdio and the preserved ones only. */
  int keep = preserve_fds > listen_fds ? preserve_fds : listen_fds;
  if (syscall (SYS_close_range, 3 + keep, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
    for (int fd = 3 + keep; fd < 65536; fd++)
      fcntl (fd, F_SETFD, FD_CLOEXEC);
  /* With no_new_privs, as late as possible: the filter then sees nothing of ours but execve. */
  if (sc && p->no_new_privileges && load_seccomp (sc, report_fd, err) < 0)
    return -1;
  execve (exe, p->args, env);
  return st_fail_sys (err, "exec `%s`", exe);
}
