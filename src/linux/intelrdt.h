/* linux.intelRdt: not implemented. The spec requires an error when no resctrl filesystem is
 * mounted; stoke says which of the two reasons applies. */
#ifndef STOKE_INTELRDT_H
#define STOKE_INTELRDT_H

#include <stdbool.h>

#include "oci-spec/oci.h"

/* A resctrl filesystem is mounted at /sys/fs/resctrl. */
bool st_resctrl_mounted (void);

/* Refuse linux.intelRdt, naming why. */
int st_intelrdt_check (const struct oci_intel_rdt *rdt, const char *source, st_err *err);

#endif
