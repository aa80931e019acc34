/* linux.sysctl: only keys that belong to a namespace the container has its own copy of, so a
 * config can never change the host's kernel settings. */
#ifndef STOKE_SYSCTL_H
#define STOKE_SYSCTL_H

#include "oci-spec/oci.h"

/* ns: the CLONE_NEW* namespaces the container does not share with stoke (new or joined). */
int st_sysctl_check (const struct oci_linux *lx, unsigned long ns, const char *source, st_err *err);

/* Write them, from inside the container's namespaces (before pivot_root: /proc is still ours). */
int st_sysctl_apply (const struct oci_linux *lx, st_err *err);

#endif
