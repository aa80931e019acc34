/* The container's root filesystem, built in its fresh mount namespace before pivot_root. */
#ifndef STOKE_ROOTFS_H
#define STOKE_ROOTFS_H

#include <stdbool.h>

#include "oci-spec/oci.h"

struct st_rootfs
{
  const struct oci_config *config;
  const char *path; /* absolute host path of root.path */
  int fd;           /* O_PATH on the rootfs bind mount */
  bool userns;      /* in a new user namespace: devices are bind-mounted, not made */

  /* Per mounts[] entry, an idmapped tree to attach in place of the bind, or -1; may be NULL. */
  const int *mount_fds;
};

/* Set "/" propagation, bind the rootfs onto itself, then every mounts[] entry (attaching the
 * idmapped trees of mount_fds in place of binds), /dev, the cwd. */
int st_rootfs_mount (struct st_rootfs *r, st_err *err);

/* maskedPaths, readonlyPaths and root.readonly, all still under the host's /proc. */
int st_rootfs_restrict (struct st_rootfs *r, st_err *err);

/* pivot_root into it (or MS_MOVE + chroot with no_pivot) and drop the old root. */
int st_rootfs_enter (struct st_rootfs *r, bool no_pivot, st_err *err);

#endif
