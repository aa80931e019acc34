/* linux.netDevices: host network interfaces moved into the container's network namespace.
 *
 * Done by `create` (the parent, in the host's network namespace) with rtnetlink: one RTM_NEWLINK
 * moves and renames a device (IFLA_NET_NS_FD + IFLA_IFNAME), then, through a socket opened inside
 * the container's namespace, its permanent global addresses (which the move flushes) are put back
 * and it is set up, as the spec requires. Nothing moves them back: when the namespace dies the
 * kernel returns physical devices to the host and destroys virtual ones (veth, macvlan, dummy),
 * which is what the spec says and what runc and crun do. */
#ifndef STOKE_NETDEV_H
#define STOKE_NETDEV_H

#include <sys/types.h>

#include "oci-spec/oci.h"

/* Before anything exists: the container has a network namespace of its own (created, or joined
 * by path but not the runtime's), every name is a valid interface name (the new one may be a
 * template with %d, which the kernel completes), no two devices get the same name, and every
 * device exists on the host. */
int st_netdev_check (const struct oci_linux *lx, const char *source, st_err *err);

/* Move every device into the network namespace of init_pid. */
int st_netdev_move_all (const struct oci_linux *lx, pid_t init_pid, st_err *err);

#endif
