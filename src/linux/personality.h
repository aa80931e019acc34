/* linux.personality: the execution domain of the container's process (personality(2)). */
#ifndef STOKE_PERSONALITY_H
#define STOKE_PERSONALITY_H

#include "oci-spec/oci.h"

/* The domain is LINUX or LINUX32; the spec supports no flags yet, so any flag is refused. */
int st_personality_check (const struct oci_personality *p, const char *source, st_err *err);

/* Set it for the calling process; it survives execve. */
int st_personality_apply (const struct oci_personality *p, st_err *err);

#endif
