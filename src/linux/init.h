/* The container's init: the process stoke clones into the new namespaces. It builds the
 * container around itself, reports ready, waits for `start`, becomes the user process. */
#ifndef STOKE_INIT_H
#define STOKE_INIT_H

#include <stdbool.h>
#include <sys/types.h>

#include "oci-spec/oci.h"

struct st_seccomp;

#define ST_MAX_NS 8

struct st_init
{
  const struct oci_config *config;
  const char *id;     /* names the session keyring */
  const char *rootfs; /* absolute host path */
  int sync_fd;        /* init's end of the sync socket pair */
  int parent_sync_fd; /* stoke's end */
  int start_fd;       /* listening socket `start` connects to */
  int console_fd;     /* connected --console-socket, or -1 */
  int cgroup_fd;      /* clone into this cgroup, or -1 */
  int parent_only_fd; /* the parent's locked state dir: closed at once in the child */
  int preserve_fds;   /* fds 3 .. 3+n-1 stay open for the process */

  /* Idmapped mount trees made by the parent, one per mounts[] entry (-1: none), or NULL. */
  const int *mount_fds;
  bool no_pivot, no_new_keyring;
  bool relay_tty;             /* send the pty master to the parent (foreground run) */
  struct st_seccomp *seccomp; /* prepared by the parent, loaded just before execve */
  bool two_stage;             /* set by st_init_spawn */

  unsigned long new_ns;     /* CLONE_NEW* to create */
  int join_fd[ST_MAX_NS];   /* namespaces to join, opened by the parent */
  int join_type[ST_MAX_NS]; /* their CLONE_NEW* types */
  size_t n_join;

  /* The hooks that run inside the container (createContainer, startContainer), supplied by the
   * lifecycle layer; phase is ST_INIT_HOOK_*. host_pid is the init's pid as the host sees it,
   * for the state the hooks read; it arrives from the parent when any hooks are configured. */
  bool has_hooks;
  int (*run_hook) (struct st_init *in, int phase, st_err *err);
  void *hook_ctx;
  pid_t host_pid;
};

enum
{
  ST_INIT_HOOK_CREATE_CONTAINER,
  ST_INIT_HOOK_START_CONTAINER,
};

/* Clone the init (through a short-lived first stage when namespaces must be joined or time
 * offsets written first). Returns the pid of whatever the parent must talk to first: the init
 * itself, or the first stage, which reports the init's pid over the sync socket. */
int st_init_spawn (struct st_init *in, pid_t *pid, bool *two_stage, st_err *err);

/* Write uid_map/gid_map of pid from linux.uidMappings/gidMappings. */
int st_init_write_id_maps (pid_t pid, const struct oci_linux *lx, st_err *err);

#endif
