/* The attributes of the container's process, applied in its last moments before execve. */
#ifndef STOKE_PROCESS_H
#define STOKE_PROCESS_H

#include <stdbool.h>

#include "oci-spec/oci.h"

/* Checks that need no kernel state, done by `create` before anything exists: capability names,
 * rlimit types, and the features stoke does not implement yet (so nothing is silently dropped). */
int st_process_check (const struct oci_process *p, const char *source, st_err *err);

/* Resolve args[0] against the PATH of process.env (inside the container, after pivot_root);
 * it must be an executable regular file. *out is malloc'd. */
int st_process_find_exec (const struct oci_process *p, char **out, st_err *err);

/* rlimits, user and groups, capabilities, no_new_privs, umask: in that order, since dropping
 * privileges must come after everything that needs them. */
int st_process_apply (const struct oci_process *p, bool userns, st_err *err);

#endif
