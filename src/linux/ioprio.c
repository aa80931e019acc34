#include "ioprio.h"

#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The uapi values (linux/ioprio.h): the class sits above 13 bits of level. */
#define CLASS_SHIFT 13
#define WHO_PROCESS 1
#define NUM_LEVELS  8

static const struct
{
  const char *name;
  int value;
} classes[] = {
  { "IOPRIO_CLASS_RT", 1 },
  { "IOPRIO_CLASS_BE", 2 },
  { "IOPRIO_CLASS_IDLE", 3 },
};

static int
class_of (const char *name)
{
  for (size_t i = 0; name && i < sizeof classes / sizeof *classes; i++)
    if (strcmp (classes[i].name, name) == 0)
      return classes[i].value;
  return -1;
}

int
st_ioprio_check (const struct oci_io_priority *io, const char *src, st_err *err)
{
  if (io == NULL)
    return 0;
  if (class_of (io->class) < 0)
    return st_fail (err, 0, "%s: process.ioPriority.class: unknown class %s", src,
                    OCI_Q (io->class));
  if (io->priority < 0 || io->priority >= NUM_LEVELS)
    return st_fail (err, 0, "%s: process.ioPriority.priority: must be between 0 and 7, got %d", src,
                    (int) io->priority);
  return 0;
}

int
st_ioprio_apply (const struct oci_io_priority *io, st_err *err)
{
  if (io == NULL)
    return 0;
  int value = class_of (io->class) << CLASS_SHIFT | io->priority;
  if (syscall (SYS_ioprio_set, WHO_PROCESS, 0, value) < 0)
    return st_fail_sys (err, "process.ioPriority: set %s level %d", io->class, (int) io->priority);
  return 0;
}
