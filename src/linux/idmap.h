/* Idmapped bind mounts: mounts[].uidMappings/gidMappings and the "idmap"/"ridmap" options.
 *
 * `create` (the parent, still in the host's user and mount namespaces) makes each one: a
 * detached copy of the source (open_tree(OPEN_TREE_CLONE), AT_RECURSIVE for rbind) given the
 * mapping of a user namespace made for it (mount_setattr(MOUNT_ATTR_IDMAP)). The init inherits
 * the fds and attaches them (move_mount) where it would have made the bind mount. This is the
 * only way that also works for a container with its own user namespace: an idmapping can only be
 * set by a process privileged over the source's filesystem, which the init there is not.
 *
 * A mapping reads like a user namespace's, the ids on disk on the containerID side:
 * {containerID: 0, hostID: 100000, size: 65536} shows a file owned by 0 on disk as owned by
 * 100000, which is root in a container whose user namespace maps 0 to 100000; ids outside the
 * mapping show as the overflow id (65534) and cannot be written. This is runc's reading too. */
#ifndef STOKE_IDMAP_H
#define STOKE_IDMAP_H

#include "oci-spec/oci.h"

/* Before anything exists: mappings given in pairs, only on bind mounts, and "idmap" without
 * mappings of its own only where the container has a user namespace to borrow them from. */
int st_idmap_check (const struct oci_config *c, const char *source, st_err *err);

/* One fd per mounts[] entry (-1 for those not idmapped) in *fds, malloc'd; NULL when no mount is
 * idmapped. Relative sources are taken from the current directory (the bundle). */
int st_idmap_prepare (const struct oci_config *c, int **fds, st_err *err);

void st_idmap_close (int *fds, size_t n);

/* Whether mounts[i] is idmapped (its options or mappings say so). */
bool st_idmap_wanted (const struct oci_mount *m);

#endif
