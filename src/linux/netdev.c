#include "netdev.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/cleanup.h"

/* ---------------------------------------------------------------- names */

/* What the kernel accepts as an interface name (dev_valid_name), a "%d" allowed when `template`. */
static bool
valid_ifname (const char *s, bool template)
{
  size_t n = strlen (s);
  const char *pct = strchr (s, '%');

  if (n == 0 || n >= IFNAMSIZ || strcmp (s, ".") == 0 || strcmp (s, "..") == 0)
    return false;
  if (pct && (!template || pct[1] != 'd' || strchr (pct + 1, '%')))
    return false;
  for (; *s; s++)
    if (*s == '/' || *s == ':' || isspace ((unsigned char) *s))
      return false;
  return true;
}

/* The name the device gets in the container: `name`, or the host's when none is given. */
static const char *
target_name (const struct oci_linux *lx, size_t i)
{
  const struct oci_net_device *d = lx->net_devices[i];
  return d && d->name && *d->name ? d->name : lx->net_devices_keys[i];
}

/* Does `name` complete `template` ("ctr%d" ~ "ctr0")? */
static bool
matches_template (const char *name, const char *template)
{
  const char *pct = strstr (template, "%d");
  size_t pre, post, n = strlen (name);

  if (pct == NULL)
    return strcmp (name, template) == 0;
  pre = pct - template;
  post = strlen (pct + 2);
  if (n <= pre + post || strncmp (name, template, pre) || strcmp (name + n - post, pct + 2))
    return false;
  for (size_t i = pre; i < n - post; i++)
    if (!isdigit ((unsigned char) name[i]))
      return false;
  return true;
}

static bool
same_file (const char *a, const char *b)
{
  struct stat sa, sb;
  return stat (a, &sa) == 0 && stat (b, &sb) == 0 && sa.st_dev == sb.st_dev
         && sa.st_ino == sb.st_ino;
}

int
st_netdev_check (const struct oci_linux *lx, const char *src, st_err *err)
{
  const struct oci_namespace *net = NULL;

  if (lx == NULL || lx->net_devices_len == 0)
    return 0;
  for (size_t i = 0; i < lx->namespaces_len; i++)
    if (strcmp (lx->namespaces[i]->type, "network") == 0)
      net = lx->namespaces[i];
  if (net == NULL)
    return st_fail (err, 0,
                    "%s: linux.netDevices: needs a network namespace of the container's own "
                    "(without one they would stay in the host's)",
                    src);
  if (net->path && *net->path && same_file (net->path, "/proc/self/ns/net"))
    return st_fail (err, 0,
                    "%s: linux.netDevices: the network namespace %s is the runtime's own: the "
                    "devices would not move",
                    src, OCI_Q (net->path));
  for (size_t i = 0; i < lx->net_devices_len; i++) {
    const char *host = lx->net_devices_keys[i], *name = target_name (lx, i);
    if (!valid_ifname (host, false))
      return st_fail (err, 0, "%s: linux.netDevices: %s is not a network interface name", src,
                      OCI_Q (host));
    if (!valid_ifname (name, true))
      return st_fail (err, 0,
                      "%s: linux.netDevices.%s.name: %s is not a network interface name (at most "
                      "15 characters, no '/', ':' or blanks, at most one %%d)",
                      src, host, OCI_Q (name));
    for (size_t j = 0; j < i; j++)
      if (strchr (name, '%') == NULL && strcmp (name, target_name (lx, j)) == 0)
        return st_fail (err, 0,
                        "%s: linux.netDevices.%s: %s is also the name of linux.netDevices.%s in "
                        "the container",
                        src, host, OCI_Q (name), lx->net_devices_keys[j]);
    if (if_nametoindex (host) == 0)
      return st_fail (err, 0, "%s: linux.netDevices.%s: no such network device on the host", src,
                      host);
  }
  return 0;
}

/* ---------------------------------------------------------------- rtnetlink */

#define NL_BUF 1024

struct nl_msg
{
  union
  {
    struct nlmsghdr h;
    char buf[NL_BUF];
  };
};

static void *
nl_init (struct nl_msg *m, int type, int flags, size_t payload)
{
  static unsigned seq;

  memset (m, 0, sizeof *m);
  m->h.nlmsg_len = NLMSG_LENGTH (payload);
  m->h.nlmsg_type = type;
  m->h.nlmsg_flags = NLM_F_REQUEST | flags;
  m->h.nlmsg_seq = ++seq;
  return NLMSG_DATA (&m->h);
}

static void
nl_attr (struct nl_msg *m, int type, const void *data, size_t len)
{
  struct rtattr *a = (struct rtattr *) (m->buf + NLMSG_ALIGN (m->h.nlmsg_len));

  /* Requests here carry a few short attributes: they always fit. */
  a->rta_type = type;
  a->rta_len = RTA_LENGTH (len);
  memcpy (RTA_DATA (a), data, len);
  m->h.nlmsg_len = NLMSG_ALIGN (m->h.nlmsg_len) + RTA_ALIGN (a->rta_len);
}

static int
nl_open (void)
{
  return socket (AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
}

/* A netlink socket of the network namespace `netns`: sockets stay in the namespace they were made
 * in, so a moment there is enough. */
static int
nl_open_in (int netns, st_err *err)
{
  cleanup_close int self = open ("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
  int fd, saved;

  if (self < 0)
    return st_fail_sys (err, "open /proc/self/ns/net");
  if (setns (netns, CLONE_NEWNET) < 0)
    return st_fail_sys (err, "enter the container's network namespace");
  fd = nl_open ();
  saved = errno;
  if (setns (self, CLONE_NEWNET) < 0) {
    if (fd >= 0)
      close (fd);
    return st_fail_sys (err, "return to the runtime's network namespace");
  }
  if (fd < 0)
    return st_fail (err, saved, "netlink socket in the container's network namespace");
  return fd;
}

typedef int (*nl_cb) (const struct nlmsghdr *h, void *ctx);

/* Send m; then read replies until the ack (or, for a dump, NLMSG_DONE), handing every other
 * message of ours to cb. 0, or -errno from the kernel's answer or the socket. */
static int
nl_talk (int fd, struct nl_msg *m, nl_cb cb, void *ctx)
{
  struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
  static char buf[32768] __attribute__ ((aligned (NLMSG_ALIGNTO)));
  unsigned seq = m->h.nlmsg_seq;
  ssize_t n;

  if (sendto (fd, m, m->h.nlmsg_len, 0, (struct sockaddr *) &kernel, sizeof kernel) < 0)
    return -errno;
  for (;;) {
    do
      n = recv (fd, buf, sizeof buf, 0);
    while (n < 0 && errno == EINTR);
    if (n < 0)
      return -errno;
    if (n == 0)
      return -EPROTO;
    for (struct nlmsghdr *h = (struct nlmsghdr *) buf; NLMSG_OK (h, (size_t) n);
         h = NLMSG_NEXT (h, n)) {
      if (h->nlmsg_seq != seq)
        continue;
      if (h->nlmsg_type == NLMSG_DONE)
        return 0;
      if (h->nlmsg_type == NLMSG_ERROR) {
        const struct nlmsgerr *e = NLMSG_DATA (h);
        return h->nlmsg_len < NLMSG_LENGTH (sizeof *e) ? -EPROTO : e->error;
      }
      if (cb) {
        int r = cb (h, ctx);
        if (r < 0)
          return r;
      }
    }
  }
}

/* ---------------------------------------------------------------- addresses */

struct addr
{
  unsigned char family, prefixlen, scope;
  uint32_t flags;
  unsigned char local[16], address[16], broadcast[16];
  unsigned char local_len, address_len, broadcast_len;
};

struct addrs
{
  int ifindex;
  struct addr *v;
  size_t n;
};

static void
copy_attr (const struct rtattr *a, unsigned char *dst, unsigned char *len)
{
  size_t n = RTA_PAYLOAD (a);
  if (n <= 16) {
    memcpy (dst, RTA_DATA (a), n);
    *len = n;
  }
}

/* Keep the device's permanent addresses of global scope: what the spec says survives the move. */
static int
collect_addr (const struct nlmsghdr *h, void *ctx)
{
  struct addrs *as = ctx;
  const struct ifaddrmsg *ifa = NLMSG_DATA (h);
  struct addr a = { .family = ifa->ifa_family,
                    .prefixlen = ifa->ifa_prefixlen,
                    .scope = ifa->ifa_scope,
                    .flags = ifa->ifa_flags };
  int len = IFA_PAYLOAD (h);

  if (h->nlmsg_type != RTM_NEWADDR || (int) ifa->ifa_index != as->ifindex)
    return 0;
  for (const struct rtattr *r = IFA_RTA (ifa); RTA_OK (r, len); r = RTA_NEXT (r, len)) {
    if (r->rta_type == IFA_LOCAL)
      copy_attr (r, a.local, &a.local_len);
    else if (r->rta_type == IFA_ADDRESS)
      copy_attr (r, a.address, &a.address_len);
    else if (r->rta_type == IFA_BROADCAST)
      copy_attr (r, a.broadcast, &a.broadcast_len);
    else if (r->rta_type == IFA_FLAGS && RTA_PAYLOAD (r) >= sizeof (uint32_t))
      memcpy (&a.flags, RTA_DATA (r), sizeof a.flags);
  }
  if (a.scope != RT_SCOPE_UNIVERSE || !(a.flags & IFA_F_PERMANENT))
    return 0;
  struct addr *v = realloc (as->v, (as->n + 1) * sizeof *v);
  if (v == NULL)
    return -ENOMEM;
  as->v = v;
  as->v[as->n++] = a;
  return 0;
}

static int
add_addr (int fd, int ifindex, const struct addr *a)
{
  /* The flags a request may carry; the kernel derives the others (permanent, secondary,
   * tentative) itself. */
  uint32_t flags = a->flags
                   & (IFA_F_NODAD | IFA_F_OPTIMISTIC | IFA_F_HOMEADDRESS | IFA_F_MANAGETEMPADDR
                      | IFA_F_NOPREFIXROUTE | IFA_F_MCAUTOJOIN);
  struct nl_msg m;
  struct ifaddrmsg *ifa
      = nl_init (&m, RTM_NEWADDR, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, sizeof *ifa);

  ifa->ifa_family = a->family;
  ifa->ifa_prefixlen = a->prefixlen;
  ifa->ifa_flags = flags & 0xff;
  ifa->ifa_scope = a->scope;
  ifa->ifa_index = ifindex;
  if (a->local_len)
    nl_attr (&m, IFA_LOCAL, a->local, a->local_len);
  if (a->address_len)
    nl_attr (&m, IFA_ADDRESS, a->address, a->address_len);
  if (a->broadcast_len)
    nl_attr (&m, IFA_BROADCAST, a->broadcast, a->broadcast_len);
  nl_attr (&m, IFA_FLAGS, &flags, sizeof flags);
  return nl_talk (fd, &m, NULL, NULL);
}

/* ---------------------------------------------------------------- links */

struct link
{
  int ifindex;
  char name[IFNAMSIZ];
};

static int
read_link (const struct nlmsghdr *h, void *ctx)
{
  struct link *l = ctx;
  const struct ifinfomsg *ifi = NLMSG_DATA (h);
  int len = IFLA_PAYLOAD (h);

  if (h->nlmsg_type != RTM_NEWLINK)
    return 0;
  l->ifindex = ifi->ifi_index;
  for (const struct rtattr *r = IFLA_RTA (ifi); RTA_OK (r, len); r = RTA_NEXT (r, len))
    if (r->rta_type == IFLA_IFNAME)
      snprintf (l->name, sizeof l->name, "%.*s", (int) RTA_PAYLOAD (r),
                (const char *) RTA_DATA (r));
  return 0;
}

/* The device by index, or by name when `name` is not NULL. */
static int
get_link (int fd, int ifindex, const char *name, struct link *out)
{
  struct nl_msg m;
  struct ifinfomsg *ifi = nl_init (&m, RTM_GETLINK, NLM_F_ACK, sizeof *ifi);

  memset (out, 0, sizeof *out);
  ifi->ifi_family = AF_UNSPEC;
  ifi->ifi_index = name ? 0 : ifindex;
  if (name)
    nl_attr (&m, IFLA_IFNAME, name, strlen (name) + 1);
  int r = nl_talk (fd, &m, read_link, out);
  return r < 0 ? r : out->ifindex ? 0 : -ENODEV;
}

/* Move and rename in one request, so that no name clash can strand the device half-way. The
 * kernel takes IFLA_IFNAME as the name in the new namespace, "%d" completed there. */
static int
move_link (int fd, int ifindex, int netns, const char *name)
{
  struct nl_msg m;
  struct ifinfomsg *ifi = nl_init (&m, RTM_NEWLINK, NLM_F_ACK, sizeof *ifi);
  uint32_t nsfd = netns;

  ifi->ifi_family = AF_UNSPEC;
  ifi->ifi_index = ifindex;
  nl_attr (&m, IFLA_NET_NS_FD, &nsfd, sizeof nsfd);
  nl_attr (&m, IFLA_IFNAME, name, strlen (name) + 1);
  return nl_talk (fd, &m, NULL, NULL);
}

static int
set_up (int fd, int ifindex)
{
  struct nl_msg m;
  struct ifinfomsg *ifi = nl_init (&m, RTM_NEWLINK, NLM_F_ACK, sizeof *ifi);

  ifi->ifi_family = AF_UNSPEC;
  ifi->ifi_index = ifindex;
  ifi->ifi_flags = IFF_UP;
  ifi->ifi_change = IFF_UP;
  return nl_talk (fd, &m, NULL, NULL);
}

static int
move_one (int host_nl, int ns_nl, int netns, const char *host, const char *name, st_err *err)
{
  struct addrs as = { 0 };
  struct link l;
  struct nl_msg m;
  int r;

  as.ifindex = if_nametoindex (host);
  if (as.ifindex == 0)
    return st_fail (err, 0, "no such network device on the host");
  struct ifaddrmsg *ifa = nl_init (&m, RTM_GETADDR, NLM_F_DUMP, sizeof *ifa);
  ifa->ifa_family = AF_UNSPEC;
  r = nl_talk (host_nl, &m, collect_addr, &as);
  cleanup_free struct addr *addrs = as.v;
  if (r < 0)
    return st_fail (err, -r, "list the addresses of `%s`", host);
  r = move_link (host_nl, as.ifindex, netns, name);
  if (r == -EEXIST)
    return st_fail (err, 0, "a device named `%s` already exists in the container", name);
  if (r < 0)
    return st_fail (err, -r, "move `%s` into the container as `%s`", host, name);
  /* The index survives the move unless the namespace already uses it (then it names another
   * device); the name is certain unless it was a template. */
  r = get_link (ns_nl, as.ifindex, NULL, &l);
  if (r == 0 && !matches_template (l.name, name))
    r = -ENODEV;
  if (r < 0 && strchr (name, '%') == NULL)
    r = get_link (ns_nl, 0, name, &l);
  if (r < 0)
    return st_fail (err, -r, "find `%s` in the container after the move", name);
  for (size_t i = 0; i < as.n; i++)
    if ((r = add_addr (ns_nl, l.ifindex, &addrs[i])) < 0)
      return st_fail (err, -r, "restore an address of `%s` in the container", l.name);
  r = set_up (ns_nl, l.ifindex);
  if (r < 0)
    return st_fail (err, -r, "set `%s` up in the container", l.name);
  return 0;
}

int
st_netdev_move_all (const struct oci_linux *lx, pid_t init_pid, st_err *err)
{
  cleanup_close int netns = -1, host_nl = -1, ns_nl = -1;
  char path[64];

  if (lx == NULL || lx->net_devices_len == 0)
    return 0;
  snprintf (path, sizeof path, "/proc/%d/ns/net", (int) init_pid);
  netns = open (path, O_RDONLY | O_CLOEXEC);
  if (netns < 0)
    return st_fail_sys (err, "linux.netDevices: open the container's network namespace %s", path);
  host_nl = nl_open ();
  if (host_nl < 0)
    return st_fail_sys (err, "linux.netDevices: netlink socket");
  ns_nl = nl_open_in (netns, err);
  if (ns_nl < 0)
    return st_error_prefix (err, "linux.netDevices");
  for (size_t i = 0; i < lx->net_devices_len; i++) {
    const char *host = lx->net_devices_keys[i];
    if (move_one (host_nl, ns_nl, netns, host, target_name (lx, i), err) < 0)
      return st_error_prefix (err, "linux.netDevices.%s", host);
  }
  return 0;
}
