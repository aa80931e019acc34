/* `exec`: a new process inside a running container, made by joining what its init has. */
#ifndef STOKE_EXEC_H
#define STOKE_EXEC_H

#include <stdbool.h>
#include <sys/types.h>

#include "linux/init.h"
#include "oci-spec/oci.h"

struct st_exec
{
  const struct oci_process *process;
  const struct oci_linux *linux; /* the container's: personality, memory policy */
  int sync_fd;                   /* the child's end of the sync socket pair */
  int parent_sync_fd;            /* stoke's end */
  int root_fd;    /* the init's root (/proc/PID/root), entered after the mount namespace */
  int cgroup_fd;  /* clone into this cgroup */
  int console_fd; /* connected --console-socket, or -1 */
  int preserve_fds;
  bool relay_tty;             /* send the pty master to stoke (foreground exec) */
  bool userns;                /* the container has its own user namespace */
  struct st_seccomp *seccomp; /* the container's filter, or NULL */

  int join_fd[ST_MAX_NS];
  int join_type[ST_MAX_NS];
  size_t n_join;
};

/* Clone the process that joins the container; it reports over the sync socket: ST_SYNC_PID
 * (its pid as the host sees it), ST_SYNC_READY (with the pty master when relayed), then EOF
 * once its program runs, or ST_SYNC_ERROR. *first is stoke's child, to be reaped. */
int st_exec_spawn (struct st_exec *ex, pid_t *first, st_err *err);

#endif
