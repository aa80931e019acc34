/* run: create + start; in the foreground, stay the workload's parent: forward signals, relay its
 * pty, return its exit status, then delete it (unless --keep). */
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include "container/internal.h"
#include "container/supervise.h"
#include "util/cleanup.h"

int
st_container_run (const struct st_create_opts *o, bool detach, bool keep, st_err *err)
{
  struct st_create_opts co = *o;
  struct st_created cr;
  sigset_t old;
  cleanup_close int sigfd = -1;
  int code;

  co.foreground = !detach;
  if (!detach && st_supervise_prepare (&old, &sigfd, err) < 0)
    return -1;
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
  code = st_supervise (cr.pid, sigfd, cr.master);
  flock (cr.container->dirfd, LOCK_EX);
  if (!keep && st_container_delete_locked (o->root, cr.container, true, err) < 0) {
    st_container_free (cr.container);
    return -1;
  }
  st_container_free (cr.container);
  sigprocmask (SIG_SETMASK, &old, NULL);
  return code;
}
