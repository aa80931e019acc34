/* process.scheduler: the policy and parameters of the container's process (sched_setattr(2)). */
#ifndef STOKE_SCHEDULER_H
#define STOKE_SCHEDULER_H

#include "oci-spec/oci.h"

/* Policy and flag names, and the parameters each policy accepts (priority only for the real-time
 * policies, runtime <= deadline <= period for SCHED_DEADLINE), so that the kernel's bare EINVAL
 * (or its silent clamping of nice) never has to explain a config. */
int st_sched_check (const struct oci_scheduler *s, const char *source, st_err *err);

/* Set the calling process's policy; done while it still has CAP_SYS_NICE. */
int st_sched_apply (const struct oci_scheduler *s, st_err *err);

#endif
