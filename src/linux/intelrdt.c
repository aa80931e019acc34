#include "intelrdt.h"

#include <sys/statfs.h>

#define RDTGROUP_SUPER_MAGIC 0x7655821

bool
st_resctrl_mounted (void)
{
  struct statfs s;
  return statfs ("/sys/fs/resctrl", &s) == 0 && (unsigned long) s.f_type == RDTGROUP_SUPER_MAGIC;
}

int
st_intelrdt_check (const struct oci_intel_rdt *rdt, const char *src, st_err *err)
{
  if (rdt == NULL)
    return 0;
  if (!st_resctrl_mounted ())
    return st_fail (err, 0,
                    "%s: linux.intelRdt: no resctrl filesystem is mounted at /sys/fs/resctrl "
                    "(no Intel RDT / AMD QoS on this host, or resctrl not mounted)",
                    src);
  return st_fail (err, 0, "%s: linux.intelRdt: not supported by this version of stoke", src);
}
