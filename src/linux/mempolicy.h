/* linux.memoryPolicy: the NUMA memory policy of the container's process (set_mempolicy(2)). */
#ifndef STOKE_MEMPOLICY_H
#define STOKE_MEMPOLICY_H

#include "oci-spec/oci.h"

/* Mode and flag names, nodes present exactly when the mode takes them, and (unless the flags make
 * them relative) every node one this machine can have: so a typo is reported at create, not as
 * an EINVAL from the init after `start`. */
int st_mempolicy_check (const struct oci_memory_policy *mp, const char *source, st_err *err);

/* Set it for the calling process; children and execve keep it. */
int st_mempolicy_apply (const struct oci_memory_policy *mp, st_err *err);

/* The i-th mode or flag name stoke recognizes (NULL past the end): for `features`. */
const char *st_mempolicy_mode_name (size_t i);
const char *st_mempolicy_flag_name (size_t i);

#endif
