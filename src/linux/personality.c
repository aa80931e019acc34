#include "personality.h"

#include <errno.h>
#include <string.h>
#include <sys/personality.h>

static int
domain_of (const char *name)
{
  if (name && strcmp (name, "LINUX") == 0)
    return PER_LINUX;
  if (name && strcmp (name, "LINUX32") == 0)
    return PER_LINUX32;
  return -1;
}

int
st_personality_check (const struct oci_personality *p, const char *src, st_err *err)
{
  if (p == NULL)
    return 0;
  if (domain_of (p->domain) < 0)
    return st_fail (err, 0, "%s: linux.personality.domain: unknown domain %s (LINUX or LINUX32)",
                    src, OCI_Q (p->domain));
  /* Like runc and crun: most flags are obsolete or weaken the process (ADDR_NO_RANDOMIZE,
   * READ_IMPLIES_EXEC), and the spec defines none. */
  if (p->flags_len)
    return st_fail (err, 0,
                    "%s: linux.personality.flags[0]: unsupported flag %s (no flags are "
                    "supported)",
                    src, OCI_Q (p->flags[0]));
  return 0;
}

int
st_personality_apply (const struct oci_personality *p, st_err *err)
{
  /* LINUX is set too, not skipped: a runtime started under linux32 must not pass that on. */
  if (p && personality (domain_of (p->domain)) < 0)
    return st_fail_sys (err, "linux.personality: set domain %s", p->domain);
  return 0;
}
