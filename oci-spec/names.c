/* Kernel constants by their spec names. */
#include <sched.h>
#include <string.h>
#include <sys/resource.h>

#include "names.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static const struct
{
  const char *name;
  int value;
} rlimits[] = {
  { "RLIMIT_AS", RLIMIT_AS },
  { "RLIMIT_CORE", RLIMIT_CORE },
  { "RLIMIT_CPU", RLIMIT_CPU },
  { "RLIMIT_DATA", RLIMIT_DATA },
  { "RLIMIT_FSIZE", RLIMIT_FSIZE },
  { "RLIMIT_LOCKS", RLIMIT_LOCKS },
  { "RLIMIT_MEMLOCK", RLIMIT_MEMLOCK },
  { "RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE },
  { "RLIMIT_NICE", RLIMIT_NICE },
  { "RLIMIT_NOFILE", RLIMIT_NOFILE },
  { "RLIMIT_NPROC", RLIMIT_NPROC },
  { "RLIMIT_RSS", RLIMIT_RSS },
  { "RLIMIT_RTPRIO", RLIMIT_RTPRIO },
  { "RLIMIT_RTTIME", RLIMIT_RTTIME },
  { "RLIMIT_SIGPENDING", RLIMIT_SIGPENDING },
  { "RLIMIT_STACK", RLIMIT_STACK },
},
  namespaces[] = {
    { "pid", CLONE_NEWPID },   { "network", CLONE_NEWNET }, { "mount", CLONE_NEWNS },
    { "ipc", CLONE_NEWIPC },   { "uts", CLONE_NEWUTS },     { "user", CLONE_NEWUSER },
    { "cgroup", CLONE_NEWCGROUP }, { "time", CLONE_NEWTIME },
  };

int
oci_rlimit_from_name (const char *name)
{
  for (size_t i = 0; name && i < sizeof rlimits / sizeof *rlimits; i++)
    if (strcmp (name, rlimits[i].name) == 0)
      return rlimits[i].value;
  return -1;
}

int
oci_namespace_flag (const char *type)
{
  for (size_t i = 0; type && i < sizeof namespaces / sizeof *namespaces; i++)
    if (strcmp (type, namespaces[i].name) == 0)
      return namespaces[i].value;
  return -1;
}
