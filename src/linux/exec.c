#include "exec.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linux/affinity.h"
#include "linux/exec_last.h"
#include "linux/process.h"
#include "linux/spawn.h"
#include "linux/sync.h"
#include "linux/terminal.h"
#include "util/cleanup.h"

/* Inside every namespace of the container: the process itself, up to execve. */
static _Noreturn void
exec_main (struct st_exec *ex)
{
  cleanup_err st_err err = NULL;
  cleanup_free char *exe = NULL;
  const struct oci_process *p = ex->process;
  int master = -1, slave = -1;

  if (setsid () < 0) {
    st_fail_sys (&err, "setsid");
    goto fail;
  }
  if (p->terminal) {
    if (st_terminal_open (p->console_size, &master, &slave, &err) < 0)
      goto fail;
    if (ex->console_fd >= 0) {
      if (st_terminal_send (ex->console_fd, master, &err) < 0)
        goto fail;
      close (master);
      master = -1;
    }
    if (st_terminal_attach (slave, &err) < 0)
      goto fail;
  }
  if (st_exec_enter_cwd (p->cwd, &err) < 0 || st_process_find_exec (p, &exe, &err) < 0)
    goto fail;
  if (st_sync_send (ex->sync_fd, ST_SYNC_READY, 0, NULL, ex->relay_tty ? master : -1) < 0) {
    st_fail_sys (&err, "report ready");
    goto fail;
  }
  if (master >= 0)
    close (master);
  /* In the container's cgroup now: the affinity the process keeps. */
  if (st_exec_affinity_final (p->exec_cpu_affinity, &err) < 0
      || st_process_apply_linux (ex->linux, &err) < 0)
    goto fail;
  /* The parent waits for the exec (the sync socket closing on it) before it may exit. */
  prctl (PR_SET_PDEATHSIG, 0);
  st_exec_process (p, exe, ex->userns, ex->preserve_fds, ex->seccomp, ex->sync_fd, &err);
fail:
  st_sync_send (ex->sync_fd, ST_SYNC_ERROR, 0, err ? err->msg : "exec failed", -1);
  _exit (1);
}

/* Stoke's child, in the container's cgroup: joins the namespaces and the root, then makes the
 * process (a second clone is needed for the pid and time namespaces, which only children enter). */
static _Noreturn void
join_main (struct st_exec *ex)
{
  cleanup_err st_err err = NULL;
  bool joins_children_ns = false, unused;
  sigset_t none;
  pid_t pid;

  prctl (PR_SET_PDEATHSIG, SIGKILL);
  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
  for (size_t i = 0; i < ex->n_join; i++)
    if (ex->join_type[i] == CLONE_NEWPID || ex->join_type[i] == CLONE_NEWTIME)
      joins_children_ns = true;
  if (st_exec_set_oom_score_adj (ex->process, &err) < 0
      || st_spawn_join_ns (ex->join_fd, ex->join_type, ex->n_join, &err) < 0)
    goto fail;
  /* Joining the mount namespace puts us at its root mount, which after `--no-pivot` is not the
   * container's root: the init's root is. */
  if (fchdir (ex->root_fd) < 0 || chroot (".") < 0 || chdir ("/") < 0) {
    st_fail_sys (&err, "enter the container's root");
    goto fail;
  }
  close (ex->root_fd);
  if (ex->userns && st_spawn_become_root (&err) < 0)
    goto fail;
  if (!joins_children_ns) {
    st_sync_send (ex->sync_fd, ST_SYNC_PID, getpid (), NULL, -1);
    exec_main (ex);
  }
  pid = st_spawn_clone (CLONE_PARENT, -1, &unused);
  if (pid < 0) {
    st_fail_sys (&err, "clone the exec process");
    goto fail;
  }
  if (pid == 0) {
    prctl (PR_SET_PDEATHSIG, SIGKILL);
    exec_main (ex);
  }
  st_sync_send (ex->sync_fd, ST_SYNC_PID, pid, NULL, -1);
  _exit (0);
fail:
  st_sync_send (ex->sync_fd, ST_SYNC_ERROR, 0, err->msg, -1);
  _exit (1);
}

int
st_exec_spawn (struct st_exec *ex, pid_t *first, st_err *err)
{
  struct st_sync_msg m;
  bool in_cgroup;
  pid_t child = st_spawn_clone (0, ex->cgroup_fd, &in_cgroup);

  if (child < 0)
    return st_fail_sys (err, "clone the exec process");
  if (child == 0) {
    /* Nothing of stoke may be reachable from the container through /proc (CVE-2019-5736). */
    prctl (PR_SET_DUMPABLE, 0);
    if (ex->cgroup_fd >= 0 && !in_cgroup
        && st_sync_expect (ex->sync_fd, ST_SYNC_CGROUP, "cgroup", &m, NULL, NULL) < 0)
      _exit (1);
    join_main (ex);
  }
  if (ex->cgroup_fd >= 0 && !in_cgroup
      && (st_spawn_join_cgroup (ex->cgroup_fd, child, err) < 0
          || st_sync_send (ex->parent_sync_fd, ST_SYNC_CGROUP, 0, NULL, -1) < 0)) {
    kill (child, SIGKILL);
    waitpid (child, NULL, 0);
    return st_fail_sys (err, "exec process");
  }
  *first = child;
  return 0;
}
