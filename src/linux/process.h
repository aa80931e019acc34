/* The attributes of the container's process, applied in its last moments before execve. */
#ifndef STOKE_PROCESS_H
#define STOKE_PROCESS_H

#include <stdbool.h>

#include "oci-spec/oci.h"

/* Checks done by `create` before anything exists: capability names, the scheduler, I/O priority
 * and execCPUAffinity (names, ranges, CPU lists), and that the host has the LSM of any label. */
int st_process_check (const struct oci_process *p, const char *source, st_err *err);

/* Resolve args[0] against the PATH of process.env (inside the container, after pivot_root);
 * it must be an executable regular file. *out is malloc'd. */
int st_process_find_exec (const struct oci_process *p, char **out, st_err *err);

/* rlimits, scheduler, I/O priority, AppArmor/SELinux exec labels, user and groups, capabilities,
 * no_new_privs, umask: in that order, since dropping privileges must come after everything that
 * needs them. */
int st_process_apply (const struct oci_process *p, bool userns, st_err *err);

/* The linux.* attributes that belong to the process and survive execve: personality and memory
 * policy. Called by the init after `start`, before st_process_apply (so before any seccomp
 * filter could refuse the two syscalls). */
int st_process_apply_linux (const struct oci_linux *lx, st_err *err);

#endif
