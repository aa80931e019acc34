/* CPU and node lists ("0-3,7") and process.execCPUAffinity.
 *
 * The spec gives execCPUAffinity to processes started in a running container (`exec`), never to
 * its init: `initial` is the affinity of the runtime process that enters the container, before it
 * joins the container's cgroup, `final` the affinity of the new process once it is in the cgroup
 * (empty or absent: whatever the cgroup's cpuset allows). `create`/`run` only validate it. */
#ifndef STOKE_AFFINITY_H
#define STOKE_AFFINITY_H

#include <sched.h>

#include "oci-spec/oci.h"

/* Parse a comma-separated list of numbers and ranges below `limit` into a bitmap of
 * limit / (8 * sizeof (unsigned long)) words (cleared first). An empty list is an empty set.
 * The message (without a field name) says what is wrong. */
int st_id_list_parse (const char *list, unsigned long *bits, unsigned limit, st_err *err);

/* Both lists, when given, parse and name at least one CPU below CPU_SETSIZE. */
int st_exec_affinity_check (const struct oci_exec_cpu_affinity *a, const char *source, st_err *err);

/* For `exec`: in the runtime process, before it joins the container's cgroup. */
int st_exec_affinity_initial (const struct oci_exec_cpu_affinity *a, st_err *err);

/* For `exec`: in the new process, after it joined the cgroup, before execve. Without a `final`
 * list the process may use every CPU its cgroup allows, not just the `initial` ones. */
int st_exec_affinity_final (const struct oci_exec_cpu_affinity *a, st_err *err);

#endif
