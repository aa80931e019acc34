/* The container's cgroup on the cgroup2 hierarchy: made before the init is cloned into it,
 * emptied and removed on delete. Resource limits arrive with the full driver. */
#ifndef STOKE_CGROUP_H
#define STOKE_CGROUP_H

#include <stdbool.h>
#include <sys/types.h>

#include "util/error.h"

/* Where cgroup2 is mounted: /sys/fs/cgroup on a unified host, /sys/fs/cgroup/unified on a
 * hybrid one; NULL if nowhere. */
const char *st_cgroup2_mount (void);

/* Make the container's cgroup directory from linux.cgroupsPath (absolute: below the cgroup2 root;
 * relative or absent: below "stoke/", absent defaulting to the id). *dir_out is the absolute
 * directory, *fd_out an O_DIRECTORY fd on it (for CLONE_INTO_CGROUP). */
int st_cgroup_create (const char *cgroups_path, const char *id, char **dir_out, int *fd_out,
                      st_err *err);

/* Signal every process in the cgroup (cgroup.kill for SIGKILL). */
int st_cgroup_signal_all (const char *dir, int sig, st_err *err);

/* Kill whatever is left, wait for it to go, remove the directory. Missing dir is success. */
int st_cgroup_destroy (const char *dir, st_err *err);

/* The pids in the cgroup (cgroup.procs), malloc'd. */
int st_cgroup_pids (const char *dir, pid_t **pids, size_t *n, st_err *err);

#endif
