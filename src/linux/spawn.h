/* Making the processes that become the container's: clone into a cgroup, join namespaces. */
#ifndef STOKE_SPAWN_H
#define STOKE_SPAWN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "oci-spec/oci.h"
#include "util/error.h"

/* clone3 with flags (CLONE_NEW*, CLONE_PARENT) straight into the cgroup of cgroup_fd (-1: none).
 * Where clone3 is missing (old kernels, valgrind) a plain clone is made and *in_cgroup is false:
 * the parent must then move the child with st_spawn_join_cgroup while the child waits. Returns
 * 0 in the child, like fork. */
pid_t st_spawn_clone (unsigned long long flags, int cgroup_fd, bool *in_cgroup);

int st_spawn_join_cgroup (int cgroup_fd, pid_t pid, st_err *err);

/* setns into each fd (types: CLONE_NEW*), the user namespace first: it decides what we may do
 * with the others. */
int st_spawn_join_ns (const int *fds, const int *types, size_t n, st_err *err);

/* setresgid/setresuid 0: root of the user namespace we just made or joined. */
int st_spawn_become_root (st_err *err);

/* Write /proc/PID/FILE (uid_map or gid_map) from OCI id mappings. */
int st_spawn_write_id_map (pid_t pid, const char *file, struct oci_id_mapping **m, size_t n,
                           st_err *err);

#endif
