/* AppArmor and SELinux: process.apparmorProfile, process.selinuxLabel, linux.mountLabel.
 *
 * Neither LSM could be exercised where this was written (kernels without them): what is tested
 * is that a label asked for on a host without its LSM is an error naming the field. Applying
 * them is the usual small part: the label for the next execve written to /proc/thread-self/attr,
 * and SELinux's context= on the filesystems mounted for the container. */
#ifndef STOKE_LSM_H
#define STOKE_LSM_H

#include <stdbool.h>

#include "oci-spec/oci.h"

/* Whether the running kernel has the LSM enabled: the kernel's list of active LSMs
 * (/sys/kernel/security/lsm) when securityfs is mounted, else the LSM's own traces
 * (/sys/module/apparmor/parameters/enabled, a mounted selinuxfs). */
bool st_apparmor_enabled (void);
bool st_selinux_enabled (void);

/* The labels asked for, checked against the host: an error names the field. */
int st_lsm_check_process (const struct oci_process *p, const char *source, st_err *err);
int st_lsm_check_mount_label (const char *mount_label, const char *source, st_err *err);

/* Before execve, while still privileged: the AppArmor profile and SELinux label the workload
 * gets on exec. */
int st_lsm_apply_exec (const struct oci_process *p, st_err *err);

/* The filesystem data for a mount of `type` with linux.mountLabel added as context="..." where it
 * applies (not binds, proc, sysfs, cgroup, mqueue). *out is NULL when data is unchanged,
 * else malloc'd. */
int st_lsm_mount_data (const char *mount_label, const char *type, const char *data, char **out,
                       st_err *err);

#endif
