#include "idmap.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linux/mount_opts.h"
#include "util/cleanup.h"
#include "linux/spawn.h"

#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif

static bool
is_bind (const struct oci_mount *m, const struct st_mount_opts *o)
{
  return o->bind || (m->type && strcmp (m->type, "bind") == 0);
}

static bool
has_maps (const struct oci_mount *m)
{
  return m->uid_mappings_len || m->gid_mappings_len;
}

bool
st_idmap_wanted (const struct oci_mount *m)
{
  struct st_mount_opts o;
  bool want;

  if (has_maps (m))
    return true;
  if (st_mount_opts_parse (m->options, m->options_len, &o, NULL) < 0)
    return false;
  want = o.idmap;
  st_mount_opts_free (&o);
  return want;
}

/* The container's user namespace: 1 new (with linux.uidMappings), 2 joined by path, 0 none. */
static int
container_userns (const struct oci_linux *lx, const char **path)
{
  for (size_t i = 0; lx && i < lx->namespaces_len; i++)
    if (strcmp (lx->namespaces[i]->type, "user") == 0) {
      *path = lx->namespaces[i]->path;
      return *path && **path ? 2 : 1;
    }
  return 0;
}

int
st_idmap_check (const struct oci_config *c, const char *src, st_err *err)
{
  const char *userns_path = NULL;
  int userns = container_userns (c->linux, &userns_path);

  for (size_t i = 0; i < c->mounts_len; i++) {
    const struct oci_mount *m = c->mounts[i];
    struct st_mount_opts o;
    if (st_mount_opts_parse (m->options, m->options_len, &o, err) < 0)
      return st_error_prefix (err, "%s: mounts[%zu].options", src, i);
    bool idmap = o.idmap, bind = is_bind (m, &o);
    st_mount_opts_free (&o);
    if (!idmap && !has_maps (m))
      continue;
    if (!m->uid_mappings_len != !m->gid_mappings_len)
      return st_fail (err, 0, "%s: mounts[%zu]: uidMappings and gidMappings must be given together",
                      src, i);
    if (!bind)
      return st_fail (
          err, 0,
          "%s: mounts[%zu]: only bind mounts can be idmapped (type %s, no bind or rbind "
          "option)",
          src, i, OCI_Q (m->type));
    if (!has_maps (m) && userns == 0)
      return st_fail (err, 0,
                      "%s: mounts[%zu]: idmap without uidMappings/gidMappings takes the mapping of "
                      "the container's user namespace, and there is none",
                      src, i);
    if (!has_maps (m) && userns == 1
        && (!c->linux->uid_mappings_len || !c->linux->gid_mappings_len))
      return st_fail (err, 0,
                      "%s: mounts[%zu]: idmap without uidMappings/gidMappings needs "
                      "linux.uidMappings and linux.gidMappings",
                      src, i);
  }
  return 0;
}

/* A user namespace holding the mappings, for mount_setattr: a child made in it, which does
 * nothing but wait to be killed once its namespace has been opened (the fd keeps the namespace). */
static int
userns_with (struct oci_id_mapping **uids, size_t nu, struct oci_id_mapping **gids, size_t ng,
             st_err *err)
{
  char path[64];
  int fd = -1;
  pid_t pid = syscall (SYS_clone, CLONE_NEWUSER | SIGCHLD, NULL, NULL, NULL, 0);

  if (pid < 0)
    return st_fail_sys (err, "create a user namespace for the mapping");
  if (pid == 0) {
    prctl (PR_SET_PDEATHSIG, SIGKILL);
    for (;;)
      pause ();
  }
  if (st_spawn_write_id_map (pid, "uid_map", uids, nu, err) == 0
      && st_spawn_write_id_map (pid, "gid_map", gids, ng, err) == 0) {
    snprintf (path, sizeof path, "/proc/%d/ns/user", (int) pid);
    fd = open (path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      st_fail_sys (err, "open %s", path);
  }
  kill (pid, SIGKILL);
  waitpid (pid, NULL, 0);
  return fd;
}

/* The detached, idmapped copy of mounts[i]'s source. */
static int
make_tree (const struct oci_mount *m, int userns, st_err *err)
{
  struct st_mount_opts o;
  cleanup_close int tree = -1;

  if (st_mount_opts_parse (m->options, m->options_len, &o, err) < 0)
    return -1;
  bool recursive_tree = (o.flags & MS_REC) != 0, recursive_map = o.ridmap;
  st_mount_opts_free (&o);
  if (m->source == NULL)
    return st_fail (err, 0, "bind mount without a source");
  tree = syscall (SYS_open_tree, AT_FDCWD, m->source,
                  OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (recursive_tree ? AT_RECURSIVE : 0));
  if (tree < 0)
    return st_fail_sys (err, "bind source `%s`", m->source);
  /* "idmap" on an rbind maps the top mount only; "ridmap" every mount of the tree. */
  struct mount_attr attr = { .attr_set = MOUNT_ATTR_IDMAP, .userns_fd = userns };
  if (syscall (SYS_mount_setattr, tree, "", AT_EMPTY_PATH | (recursive_map ? AT_RECURSIVE : 0),
               &attr, sizeof attr)
      < 0) {
    if (errno == EINVAL)
      return st_fail_sys (err, "idmap `%s` (does its filesystem support idmapped mounts?)",
                          m->source);
    return st_fail_sys (err, "idmap `%s`", m->source);
  }
  return steal_fd (tree);
}

void
st_idmap_close (int *fds, size_t n)
{
  for (size_t i = 0; fds && i < n; i++)
    if (fds[i] >= 0)
      close (fds[i]);
  free (fds);
}

int
st_idmap_prepare (const struct oci_config *c, int **out, st_err *err)
{
  const struct oci_linux *lx = c->linux;
  const char *userns_path = NULL;
  int kind = container_userns (lx, &userns_path);
  cleanup_close int container_ns = -1; /* the container's mapping, made once */
  int *fds = NULL;

  *out = NULL;
  for (size_t i = 0; i < c->mounts_len; i++) {
    const struct oci_mount *m = c->mounts[i];
    cleanup_close int own_ns = -1;
    int ns;

    if (!st_idmap_wanted (m))
      continue;
    if (fds == NULL) {
      fds = malloc (c->mounts_len * sizeof *fds);
      if (fds == NULL)
        return st_fail_sys (err, "mounts");
      for (size_t j = 0; j < c->mounts_len; j++)
        fds[j] = -1;
    }
    if (has_maps (m)) {
      ns = own_ns = userns_with (m->uid_mappings, m->uid_mappings_len, m->gid_mappings,
                                 m->gid_mappings_len, err);
    } else {
      if (container_ns < 0)
        container_ns = kind == 2 ? open (userns_path, O_RDONLY | O_CLOEXEC)
                                 : userns_with (lx->uid_mappings, lx->uid_mappings_len,
                                                lx->gid_mappings, lx->gid_mappings_len, err);
      if (container_ns < 0 && kind == 2)
        st_fail_sys (err, "open the user namespace `%s`", userns_path);
      ns = container_ns;
    }
    if (ns < 0 || (fds[i] = make_tree (m, ns, err)) < 0) {
      st_idmap_close (fds, c->mounts_len);
      return st_error_prefix (err, "mounts[%zu] (%s)", i, m->destination);
    }
  }
  *out = fds;
  return 0;
}
