/* process.ioPriority: the I/O scheduling class and level of the container's process
 * (ioprio_set(2)); every process it forks inherits them. */
#ifndef STOKE_IOPRIO_H
#define STOKE_IOPRIO_H

#include "oci-spec/oci.h"

/* The class is one of IOPRIO_CLASS_RT, _BE, _IDLE and the priority 0 (highest) to 7. */
int st_ioprio_check (const struct oci_io_priority *io, const char *source, st_err *err);

/* Set the calling process's I/O priority; done while it still has CAP_SYS_NICE (class RT). */
int st_ioprio_apply (const struct oci_io_priority *io, st_err *err);

#endif
