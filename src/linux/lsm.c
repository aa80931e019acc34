#include "lsm.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"
#include "util/procfs.h"

#define SELINUX_MAGIC 0xf97cff8c

/* 1 or 0 when the kernel's LSM list answers, -1 when it cannot be read. */
static int
lsm_listed (const char *name)
{
  cleanup_free char *buf = NULL;
  size_t len, n = strlen (name);

  if (st_read_file_at (AT_FDCWD, "/sys/kernel/security/lsm", &buf, &len, NULL) < 0)
    return -1;
  for (char *p = buf; (p = strstr (p, name)); p += n)
    if ((p == buf || p[-1] == ',') && (p[n] == ',' || p[n] == '\n' || p[n] == '\0'))
      return 1;
  return 0;
}

bool
st_apparmor_enabled (void)
{
  cleanup_free char *buf = NULL;
  size_t len;
  int listed = lsm_listed ("apparmor");

  if (listed >= 0)
    return listed;
  return st_read_file_at (AT_FDCWD, "/sys/module/apparmor/parameters/enabled", &buf, &len, NULL)
             == 0
         && buf[0] == 'Y';
}

bool
st_selinux_enabled (void)
{
  struct statfs s;
  int listed = lsm_listed ("selinux");

  if (listed >= 0)
    return listed;
  return statfs ("/sys/fs/selinux", &s) == 0 && (unsigned long) s.f_type == SELINUX_MAGIC;
}

static bool
given (const char *s)
{
  return s && *s;
}

int
st_lsm_check_process (const struct oci_process *p, const char *src, st_err *err)
{
  if (given (p->apparmor_profile) && !st_apparmor_enabled ())
    return st_fail (err, 0, "%s: process.apparmorProfile: AppArmor is not enabled on this host",
                    src);
  if (given (p->selinux_label) && !st_selinux_enabled ())
    return st_fail (err, 0, "%s: process.selinuxLabel: SELinux is not enabled on this host", src);
  return 0;
}

int
st_lsm_check_mount_label (const char *label, const char *src, st_err *err)
{
  if (given (label) && !st_selinux_enabled ())
    return st_fail (err, 0, "%s: linux.mountLabel: SELinux is not enabled on this host", src);
  return 0;
}

/* Write the whole value to thread-self/attr/<file> of a procfs stoke made itself: the
 * container's /proc may be anything by now (CVE-2019-16884). */
static int
write_attr (const char *file, const char *value, st_err *err)
{
  char path[64];
  cleanup_close int fd = -1;
  size_t len = strlen (value);

  snprintf (path, sizeof path, "thread-self/attr/%s", file);
  fd = st_procfs_open (path, O_WRONLY, err);
  if (fd < 0)
    return -1;
  if (write (fd, value, len) != (ssize_t) len)
    return st_fail_sys (err, "write %s", path);
  return 0;
}

int
st_lsm_apply_exec (const struct oci_process *p, st_err *err)
{
  /* AppArmor: "exec PROFILE" makes the transition happen at the next execve. Kernels with LSM
   * stacking have its own attr/apparmor directory; older ones only the shared attr files. */
  if (given (p->apparmor_profile)) {
    cleanup_free char *cmd = NULL;
    cleanup_err st_err first = NULL;
    if (asprintf (&cmd, "exec %s", p->apparmor_profile) < 0)
      return st_fail_sys (err, "process.apparmorProfile");
    if (write_attr ("apparmor/exec", cmd, &first) < 0 && write_attr ("exec", cmd, err) < 0)
      return st_error_prefix (err, "process.apparmorProfile: %s", p->apparmor_profile);
  }
  /* SELinux: the context the next execve runs in. */
  if (given (p->selinux_label) && write_attr ("exec", p->selinux_label, err) < 0)
    return st_error_prefix (err, "process.selinuxLabel: %s", p->selinux_label);
  return 0;
}

int
st_lsm_mount_data (const char *label, const char *type, const char *data, char **out, st_err *err)
{
  /* As runc: procfs, sysfs and cgroupfs take no context=, binds keep the label of what they
   * show; mqueue neither (runc labels its root afterwards, stoke does not). */
  static const char *const unlabelled[]
      = { "proc", "sysfs", "cgroup", "cgroup2", "mqueue", "bind" };

  *out = NULL;
  if (!given (label))
    return 0;
  for (size_t i = 0; i < sizeof unlabelled / sizeof *unlabelled; i++)
    if (strcmp (type, unlabelled[i]) == 0)
      return 0;
  if (asprintf (out, "%s%scontext=\"%s\"", data ? data : "", data ? "," : "", label) < 0) {
    *out = NULL;
    return st_fail_sys (err, "linux.mountLabel");
  }
  return 0;
}
