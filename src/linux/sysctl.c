#include "sysctl.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"

/* Which namespace owns a key; 0 when none does (a host-wide setting). */
static unsigned long
owner_of (const char *key)
{
  static const char *const ipc[] = {
    "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
    "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced",
  };
  for (size_t i = 0; i < sizeof ipc / sizeof *ipc; i++)
    if (strcmp (key, ipc[i]) == 0)
      return CLONE_NEWIPC;
  if (strncmp (key, "fs.mqueue.", 10) == 0)
    return CLONE_NEWIPC;
  if (strncmp (key, "net.", 4) == 0)
    return CLONE_NEWNET;
  if (strcmp (key, "kernel.hostname") == 0 || strcmp (key, "kernel.domainname") == 0)
    return CLONE_NEWUTS;
  return 0;
}

int
st_sysctl_check (const struct oci_linux *lx, unsigned long ns, const char *source, st_err *err)
{
  for (size_t i = 0; lx && i < lx->sysctl_len; i++) {
    const char *key = lx->sysctl[i].key;
    unsigned long owner = owner_of (key);
    if (strstr (key, "..") || strchr (key, '/'))
      return st_fail (err, 0, "%s: linux.sysctl[\"%s\"]: invalid key", source, key);
    if (owner == 0)
      return st_fail (err, 0, "%s: linux.sysctl[\"%s\"]: not namespaced: it would change the host",
                      source, key);
    if (!(ns & owner))
      return st_fail (
          err, 0, "%s: linux.sysctl[\"%s\"]: the container shares this %s namespace with the host",
          source, key,
          owner == CLONE_NEWNET   ? "network"
          : owner == CLONE_NEWIPC ? "ipc"
                                  : "uts");
  }
  return 0;
}

int
st_sysctl_apply (const struct oci_linux *lx, st_err *err)
{
  for (size_t i = 0; lx && i < lx->sysctl_len; i++) {
    char path[512];
    const char *key = lx->sysctl[i].key, *value = lx->sysctl[i].value;
    int n = snprintf (path, sizeof path, "/proc/sys/%s", key);
    for (char *p = path + 10; p < path + n; p++)
      if (*p == '.')
        *p = '/';
    cleanup_close int fd = open (path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0 || st_write_all (fd, value, strlen (value)) < 0)
      return st_fail_sys (err, "linux.sysctl[\"%s\"]: write `%s`", key, value);
  }
  return 0;
}
