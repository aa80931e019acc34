/* Semantic checks of a config about to run on Linux, beyond what the types express. */
#include <ctype.h>
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oci.h"
#include "names.h"

const char *
oci_quote (const char *s, char *buf, size_t size)
{
  size_t n = 0;

  if (s == NULL)
    return "null";
  buf[n++] = '"';
  for (; *s && n + 8 < size; s++) {
    unsigned char c = *s;
    if (c == '"' || c == '\\') {
      buf[n++] = '\\';
      buf[n++] = c;
    } else if (c < 0x20 || c == 0x7f) {
      n += snprintf (buf + n, size - n, "\\u%04x", c);
    } else {
      buf[n++] = c;
    }
  }
  if (*s) {
    memcpy (buf + n, "...", 3);
    n += 3;
  }
  buf[n++] = '"';
  buf[n] = '\0';
  return buf;
}

#define Q(s) OCI_Q (s)

static bool
is_abs (const char *p)
{
  return p && p[0] == '/';
}

static bool
is_empty (const char *s)
{
  return s == NULL || s[0] == '\0';
}

/* "1.2.3", with an optional "-prerelease" or "+build" suffix, within 1.0.0 .. 1.3.x. */
static bool
version_supported (const char *v)
{
  unsigned long part[3];
  char *end = NULL;

  if (v == NULL)
    return false;
  for (int i = 0; i < 3; i++) {
    if (!isdigit ((unsigned char) *v))
      return false;
    part[i] = strtoul (v, &end, 10);
    if (i < 2 && *end != '.')
      return false;
    v = end + 1;
  }
  if (*end != '\0' && *end != '-' && *end != '+')
    return false;
  return part[0] == 1 && part[1] <= 3;
}

static int
check_process (const struct oci_process *p, const char *src, st_err *err)
{
  uint64_t seen = 0;

  if (p->args_len == 0)
    return st_fail (err, 0, "%s: process.args: must name the program to run", src);
  if (is_empty (p->args[0]))
    return st_fail (err, 0, "%s: process.args[0]: must not be empty", src);
  if (!is_abs (p->cwd))
    return st_fail (err, 0, "%s: process.cwd: must be an absolute path, got %s", src, Q (p->cwd));
  if (p->has_oom_score_adj && (p->oom_score_adj < -1000 || p->oom_score_adj > 1000))
    return st_fail (err, 0, "%s: process.oomScoreAdj: must be between -1000 and 1000, got %" PRId32,
                    src, p->oom_score_adj);
  for (size_t i = 0; i < p->rlimits_len; i++) {
    const struct oci_rlimit *r = p->rlimits[i];
    int res = oci_rlimit_from_name (r->type);
    if (res < 0)
      return st_fail (err, 0, "%s: process.rlimits[%zu].type: unknown rlimit %s", src, i,
                      Q (r->type));
    if (seen & (UINT64_C (1) << res))
      return st_fail (err, 0, "%s: process.rlimits[%zu].type: duplicate rlimit %s", src, i,
                      Q (r->type));
    seen |= UINT64_C (1) << res;
    if (r->soft > r->hard)
      return st_fail (err, 0,
                      "%s: process.rlimits[%zu]: soft limit %" PRIu64
                      " is greater than hard limit %" PRIu64,
                      src, i, r->soft, r->hard);
  }
  return 0;
}

static int
check_hooks (const struct oci_hooks *h, const char *src, st_err *err)
{
  const struct
  {
    const char *name;
    struct oci_hook *const *v;
    size_t n;
  } lists[] = {
    { "prestart", h->prestart, h->prestart_len },
    { "createRuntime", h->create_runtime, h->create_runtime_len },
    { "createContainer", h->create_container, h->create_container_len },
    { "startContainer", h->start_container, h->start_container_len },
    { "poststart", h->poststart, h->poststart_len },
    { "poststop", h->poststop, h->poststop_len },
  };

  for (size_t l = 0; l < sizeof lists / sizeof *lists; l++)
    for (size_t i = 0; i < lists[l].n; i++) {
      const struct oci_hook *k = lists[l].v[i];
      if (!is_abs (k->path))
        return st_fail (err, 0, "%s: hooks.%s[%zu].path: must be an absolute path, got %s", src,
                        lists[l].name, i, Q (k->path));
      if (k->has_timeout && k->timeout <= 0)
        return st_fail (err, 0,
                        "%s: hooks.%s[%zu].timeout: must be greater than zero, got %" PRId32, src,
                        lists[l].name, i, k->timeout);
    }
  return 0;
}

/* Namespaces the config asks for: flags of all, and of those created (no path). */
struct ns_set
{
  int all, created;
};

static int
check_namespaces (const struct oci_linux *l, const char *src, struct ns_set *ns, st_err *err)
{
  for (size_t i = 0; i < l->namespaces_len; i++) {
    const struct oci_namespace *n = l->namespaces[i];
    int flag = oci_namespace_flag (n->type);
    if (flag < 0)
      return st_fail (err, 0, "%s: linux.namespaces[%zu].type: unknown namespace %s", src, i,
                      Q (n->type));
    if (ns->all & flag)
      return st_fail (err, 0, "%s: linux.namespaces[%zu].type: duplicate namespace %s", src, i,
                      Q (n->type));
    if (n->path && !is_abs (n->path))
      return st_fail (err, 0, "%s: linux.namespaces[%zu].path: must be an absolute path, got %s",
                      src, i, Q (n->path));
    ns->all |= flag;
    if (n->path == NULL)
      ns->created |= flag;
  }

  if (ns->created & CLONE_NEWUSER) {
    if (l->uid_mappings_len == 0)
      return st_fail (err, 0, "%s: linux.uidMappings: required to create a user namespace", src);
    if (l->gid_mappings_len == 0)
      return st_fail (err, 0, "%s: linux.gidMappings: required to create a user namespace", src);
  }
  if (!(ns->all & CLONE_NEWUSER)) {
    if (l->uid_mappings_len)
      return st_fail (err, 0, "%s: linux.uidMappings: set without a user namespace", src);
    if (l->gid_mappings_len)
      return st_fail (err, 0, "%s: linux.gidMappings: set without a user namespace", src);
  }

  if (l->time_offsets_len) {
    if (!(ns->all & oci_namespace_flag ("time")))
      return st_fail (err, 0, "%s: linux.timeOffsets: set without a time namespace", src);
    if (!(ns->created & oci_namespace_flag ("time")))
      return st_fail (
          err, 0, "%s: linux.timeOffsets: cannot be applied to an existing time namespace", src);
    for (size_t i = 0; i < l->time_offsets_len; i++) {
      const char *clock = l->time_offsets_keys[i];
      if (clock == NULL || (strcmp (clock, "monotonic") != 0 && strcmp (clock, "boottime") != 0))
        return st_fail (err, 0,
                        "%s: linux.timeOffsets[%s]: unknown clock (only monotonic and boottime)",
                        src, Q (clock));
    }
  }
  return 0;
}

static int
check_devices (const struct oci_linux *l, const char *src, st_err *err)
{
  for (size_t i = 0; i < l->devices_len; i++) {
    const struct oci_device *d = l->devices[i];
    if (d->type == NULL || strlen (d->type) != 1 || !strchr ("cubp", d->type[0]))
      return st_fail (err, 0, "%s: linux.devices[%zu].type: unknown device type %s", src, i,
                      Q (d->type));
    if (is_empty (d->path))
      return st_fail (err, 0, "%s: linux.devices[%zu].path: must not be empty", src, i);
    if (d->type[0] != 'p' && !d->has_major)
      return st_fail (err, 0, "%s: linux.devices[%zu].major: required for device type %s", src, i,
                      Q (d->type));
    if (d->type[0] != 'p' && !d->has_minor)
      return st_fail (err, 0, "%s: linux.devices[%zu].minor: required for device type %s", src, i,
                      Q (d->type));
  }
  if (l->resources == NULL)
    return 0;
  for (size_t i = 0; i < l->resources->devices_len; i++) {
    const struct oci_device_cgroup *d = l->resources->devices[i];
    if (d->type && (strlen (d->type) != 1 || !strchr ("acb", d->type[0])))
      return st_fail (err, 0,
                      "%s: linux.resources.devices[%zu].type: unknown device type %s (a, c or b)",
                      src, i, Q (d->type));
    if (d->access && strspn (d->access, "rwm") != strlen (d->access))
      return st_fail (
          err, 0, "%s: linux.resources.devices[%zu].access: invalid access %s (r, w and m only)",
          src, i, Q (d->access));
  }
  return 0;
}

static int
check_linux (const struct oci_linux *l, const char *src, struct ns_set *ns, st_err *err)
{
  static const char *const propagations[]
      = { "",        "shared", "slave",    "private",    "unbindable",
          "rshared", "rslave", "rprivate", "runbindable" };

  if (check_namespaces (l, src, ns, err) < 0)
    return -1;
  if (l->rootfs_propagation) {
    size_t i, n = sizeof propagations / sizeof *propagations;
    for (i = 0; i < n && strcmp (l->rootfs_propagation, propagations[i]) != 0; i++)
      ;
    if (i == n)
      return st_fail (err, 0, "%s: linux.rootfsPropagation: unknown propagation %s", src,
                      Q (l->rootfs_propagation));
  }
  if (check_devices (l, src, err) < 0)
    return -1;
  if (l->seccomp)
    for (size_t i = 0; i < l->seccomp->syscalls_len; i++)
      if (l->seccomp->syscalls[i]->names_len == 0)
        return st_fail (err, 0, "%s: linux.seccomp.syscalls[%zu].names: must name a syscall", src,
                        i);
  return 0;
}

/* The kernel takes any 64 bytes; a name with control characters would end up in prompts,
 * logs and /etc/hosts of tools that trust it. */
static int
check_uts_name (const char *name, const char *field, const char *src, st_err *err)
{
  if (name == NULL)
    return 0;
  if (strlen (name) > 64)
    return st_fail (err, 0, "%s: %s: longer than 64 characters", src, field);
  for (const unsigned char *p = (const unsigned char *) name; *p; p++)
    if (*p < 0x20 || *p == 0x7f)
      return st_fail (err, 0, "%s: %s: contains a control character", src, field);
  return 0;
}

int
oci_config_validate (const struct oci_config *c, const char *source, st_err *err)
{
  const char *src = source ? source : "config.json";
  struct ns_set ns = { 0, 0 };

  if (!version_supported (c->oci_version))
    return st_fail (err, 0,
                    "%s: ociVersion: unsupported version %s (stoke supports 1.0.0 to 1.3.x)", src,
                    Q (c->oci_version));
  if (c->process == NULL)
    return st_fail (err, 0, "%s: process: required field missing", src);
  if (check_process (c->process, src, err) < 0)
    return -1;
  if (c->root == NULL)
    return st_fail (err, 0, "%s: root: required field missing", src);
  if (is_empty (c->root->path))
    return st_fail (err, 0, "%s: root.path: must not be empty", src);
  for (size_t i = 0; i < c->mounts_len; i++)
    if (is_empty (c->mounts[i]->destination))
      return st_fail (err, 0, "%s: mounts[%zu].destination: must not be empty", src, i);
  if (c->hooks && check_hooks (c->hooks, src, err) < 0)
    return -1;
  if (c->linux && check_linux (c->linux, src, &ns, err) < 0)
    return -1;
  if (check_uts_name (c->hostname, "hostname", src, err) < 0
      || check_uts_name (c->domainname, "domainname", src, err) < 0)
    return -1;
  /* Without a UTS namespace of its own, sethostname() would rename the host. */
  if (c->hostname && c->hostname[0] && !(ns.all & CLONE_NEWUTS))
    return st_fail (err, 0, "%s: hostname: requires a UTS namespace", src);
  if (c->domainname && c->domainname[0] && !(ns.all & CLONE_NEWUTS))
    return st_fail (err, 0, "%s: domainname: requires a UTS namespace", src);
  return 0;
}
