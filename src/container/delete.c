/* delete: kill what is left (force, or a created container), remove the cgroup, run poststop
 * hooks, remove the state. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "container/internal.h"
#include "util/cleanup.h"
#include "util/names.h"

/* SIGKILL the init and wait (bounded) for it to be gone. */
static int
kill_init (struct st_container *c, st_err *err)
{
  pid_t pid = c->state->pid;

  if (st_proc_signal (pid, c->state->start_time, SIGKILL) < 0)
    return errno == ESRCH ? 0 : st_fail_sys (err, "kill container `%s`", c->id);
  if (!st_proc_wait_gone (pid, c->state->start_time, 10000))
    return st_fail (err, 0, "container `%s`: its init did not die within 10 s of SIGKILL", c->id);
  /* Ours to reap when we are its parent (a foreground run); harmless otherwise. */
  waitpid (pid, NULL, WNOHANG);
  return 0;
}

int
st_container_delete_locked (const char *root, struct st_container *c, bool force, st_err *err)
{
  cleanup_config struct oci_config *cfg = NULL;
  enum st_status s = st_container_status (c);

  if (s == ST_RUNNING && !force)
    return st_fail (err, 0, "cannot delete container `%s`: it is running (use --force)", c->id);
  if (s == ST_CREATING && !force)
    return st_fail (err, 0, "cannot delete container `%s`: it is being created", c->id);
  if (c->state) {
    if ((s == ST_RUNNING || s == ST_CREATED) && kill_init (c, err) < 0)
      return -1;
    if (c->state->cgroup_path && st_cgroup_destroy (c->state->cgroup_path, err) < 0)
      return -1;
  }
  /* The config is read before the state goes: poststop hooks need it. A missing or damaged copy
   * (create killed early) just means no hooks. */
  {
    cleanup_err st_err ignored = NULL;
    st_container_load_config (c, &cfg, &ignored);
  }
  if (st_container_remove_dir (root, c, err) < 0)
    return -1;
  if (cfg && c->state)
    return st_container_run_hooks (c, cfg->hooks, ST_HOOK_POSTSTOP, ST_STOPPED, 0, err);
  return 0;
}

int
st_container_delete (const char *root, const char *id, bool force, st_err *err)
{
  cleanup_container struct st_container *c = NULL;

  if (st_id_validate (id, err) < 0)
    return -1;
  if (st_container_load (root, id, true, &c, err) < 0) {
    /* Like runc: forcing the deletion of what does not exist is not an error. */
    if (force && (*err)->errnum == 0) {
      st_error_free (err);
      return 0;
    }
    return -1;
  }
  return st_container_delete_locked (root, c, force, err);
}
