#include "rootfs.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "linux/lsm.h"
#include "linux/mount_opts.h"
#include "util/cleanup.h"
#include "util/path.h"

/* mount(2) for binds, moves, remounts and propagation changes, which take no filesystem type.
 * An empty string rather than NULL: the kernel ignores it either way, valgrind does not. */
static int
mount_notype (const char *src, const char *target, unsigned long flags)
{
  return mount (src, target, "", flags, NULL);
}

static unsigned long
propagation_flags (const char *name)
{
  static const struct
  {
    const char *name;
    unsigned long flags;
  } map[] = {
    { "shared", MS_SHARED },
    { "slave", MS_SLAVE },
    { "private", MS_PRIVATE },
    { "unbindable", MS_UNBINDABLE },
    { "rshared", MS_SHARED | MS_REC },
    { "rslave", MS_SLAVE | MS_REC },
    { "rprivate", MS_PRIVATE | MS_REC },
    { "runbindable", MS_UNBINDABLE | MS_REC },
  };
  for (size_t i = 0; name && i < sizeof map / sizeof *map; i++)
    if (strcmp (name, map[i].name) == 0)
      return map[i].flags;
  return MS_SLAVE | MS_REC;
}

/* The flags a bind mount inherits from its source and cannot drop in a user namespace. */
static unsigned long
locked_flags (const char *path)
{
  struct statvfs s;
  unsigned long f = 0;
  if (statvfs (path, &s) < 0)
    return 0;
  if (s.f_flag & ST_NOSUID)
    f |= MS_NOSUID;
  if (s.f_flag & ST_NODEV)
    f |= MS_NODEV;
  if (s.f_flag & ST_NOEXEC)
    f |= MS_NOEXEC;
  if (s.f_flag & ST_RDONLY)
    f |= MS_RDONLY;
  if (s.f_flag & ST_NOATIME)
    f |= MS_NOATIME;
  if (s.f_flag & ST_NODIRATIME)
    f |= MS_NODIRATIME;
  if (s.f_flag & ST_RELATIME)
    f |= MS_RELATIME;
  return f;
}

/* Flags, propagation and recursive attributes of a mount already made on dest. */
static int
apply_mount_attrs (struct st_rootfs *r, const char *dest, const struct st_mount_opts *o,
                   bool remount, st_err *err)
{
  cleanup_close int fd = -1;
  char fdp[ST_FD_PATH_MAX];

  if (!remount && o->propagation == 0 && o->attr_set == 0 && o->attr_clr == 0)
    return 0;
  /* Reopen: the fd we mounted on refers to what is now underneath the new mount. */
  fd = st_open_in_root (r->fd, dest, O_PATH, err);
  if (fd < 0)
    return -1;
  st_fd_path (fdp, fd);
  if (remount) {
    unsigned long f = MS_BIND | MS_REMOUNT | (o->flags & ~(MS_BIND | MS_REC | MS_REMOUNT));
    if (mount_notype (NULL, fdp, f) < 0
        && (errno != EPERM || mount_notype (NULL, fdp, f | locked_flags (fdp)) < 0))
      return st_fail_sys (err, "remount `%s`", dest);
  }
  if (o->attr_set || o->attr_clr) {
    struct mount_attr attr = { .attr_set = o->attr_set, .attr_clr = o->attr_clr };
    if (syscall (SYS_mount_setattr, fd, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof attr) < 0)
      return st_fail_sys (err, "set recursive attributes on `%s`", dest);
  }
  if (o->propagation && mount_notype (NULL, fdp, o->propagation) < 0)
    return st_fail_sys (err, "set propagation of `%s`", dest);
  return 0;
}

static int
bind_mount (struct st_rootfs *r, const char *src, const char *dest, const struct st_mount_opts *o,
            st_err *err)
{
  cleanup_close int fd = -1;
  char fdp[ST_FD_PATH_MAX];
  struct stat st;

  if (stat (src, &st) < 0)
    return st_fail_sys (err, "bind source `%s`", src);
  fd = st_create_in_root (r->fd, dest, 0755, !S_ISDIR (st.st_mode), err);
  if (fd < 0)
    return -1;
  if (mount_notype (src, st_fd_path (fdp, fd), MS_BIND | (o->flags & MS_REC)) < 0)
    return st_fail_sys (err, "bind `%s` on `%s`", src, dest);
  bool remount = (o->flags & ~(MS_BIND | MS_REC | MS_REMOUNT)) != 0;
  return apply_mount_attrs (r, dest, o, remount, err);
}

/* The idmapped copy of a bind source made by the parent (linux/idmap.h), attached where the bind
 * would have gone; then the same flags and attributes as a bind. */
static int
attach_tree (struct st_rootfs *r, int tree, const char *dest, const struct st_mount_opts *o,
             st_err *err)
{
  cleanup_close int fd = -1;
  struct stat st;

  if (fstat (tree, &st) < 0)
    return st_fail_sys (err, "idmapped source");
  fd = st_create_in_root (r->fd, dest, 0755, !S_ISDIR (st.st_mode), err);
  if (fd < 0)
    return -1;
  if (syscall (SYS_move_mount, tree, "", fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH)
      < 0)
    return st_fail_sys (err, "attach the idmapped mount on `%s`", dest);
  bool remount = (o->flags & ~(MS_BIND | MS_REC | MS_REMOUNT)) != 0;
  return apply_mount_attrs (r, dest, o, remount, err);
}

static int
fs_mount (struct st_rootfs *r, const char *src, const char *type, const char *dest,
          const struct st_mount_opts *o, st_err *err)
{
  cleanup_close int fd = st_create_in_root (r->fd, dest, 0755, false, err);
  cleanup_free char *labelled = NULL;
  char fdp[ST_FD_PATH_MAX];
  unsigned long flags = o->flags & ~(MS_BIND | MS_REC | MS_REMOUNT);
  const char *label = r->config->linux ? r->config->linux->mount_label : NULL;

  if (fd < 0 || st_lsm_mount_data (label, type, o->data, &labelled, err) < 0)
    return -1;
  if (mount (src && *src ? src : type, st_fd_path (fdp, fd), type, flags,
             labelled ? labelled : o->data)
      < 0) {
    int saved = errno;
    /* Without their own namespaces (user namespace without a new network or cgroup namespace),
     * sysfs and cgroup2 can only be borrowed from the host. */
    const char *host = NULL;
    if (saved == EPERM && strcmp (type, "sysfs") == 0)
      host = "/sys";
    else if ((saved == EPERM || saved == EBUSY) && strcmp (type, "cgroup2") == 0)
      host = st_cgroup2_mount ();
    if (host == NULL)
      return st_fail (err, saved, "mount %s on `%s`", type, dest);
    if (mount_notype (host, fdp, MS_BIND | MS_REC) < 0)
      return st_fail_sys (err, "bind %s on `%s`", host, dest);
    return apply_mount_attrs (r, dest, o, flags != 0, err);
  }
  return apply_mount_attrs (r, dest, o, false, err);
}

static int
mount_entry (struct st_rootfs *r, const struct oci_mount *m, size_t i, st_err *err)
{
  struct st_mount_opts o;
  const char *type = m->type ? m->type : "";
  int ret;

  if (st_mount_opts_parse (m->options, m->options_len, &o, err) < 0)
    return -1;
  if (r->mount_fds && r->mount_fds[i] >= 0) {
    ret = attach_tree (r, r->mount_fds[i], m->destination, &o, err);
  } else if (o.bind || strcmp (type, "bind") == 0) {
    if (m->source == NULL)
      ret = st_fail (err, 0, "bind mount without a source");
    else
      ret = bind_mount (r, m->source, m->destination, &o, err);
  } else if (*type == '\0') {
    ret = st_fail (err, 0, "type required (or a bind/rbind option)");
  } else {
    /* "cgroup" asks for the cgroup filesystem the host uses; cgroup2 is the one stoke manages. */
    if (strcmp (type, "cgroup") == 0)
      type = "cgroup2";
    ret = fs_mount (r, m->source, type, m->destination, &o, err);
  }
  st_mount_opts_free (&o);
  if (ret < 0)
    st_error_prefix (err, "mounts[%zu] (%s)", i, m->destination);
  return ret;
}

static bool
dev_is_bind_mounted (const struct oci_config *c)
{
  for (size_t i = 0; i < c->mounts_len; i++) {
    const struct oci_mount *m = c->mounts[i];
    if (strcmp (m->destination, "/dev") != 0)
      continue;
    if (m->type && strcmp (m->type, "bind") == 0)
      return true;
    for (size_t j = 0; j < m->options_len; j++)
      if (strcmp (m->options[j], "bind") == 0 || strcmp (m->options[j], "rbind") == 0)
        return true;
  }
  return false;
}

static bool
has_mount_at (const struct oci_config *c, const char *dest)
{
  for (size_t i = 0; i < c->mounts_len; i++)
    if (strcmp (c->mounts[i]->destination, dest) == 0)
      return true;
  return false;
}

/* Make a device node at path (inside the root), or in a user namespace, where mknod is not
 * allowed, bind the host's node onto an empty file. */
static int
make_device (struct st_rootfs *r, const char *path, mode_t type, unsigned maj, unsigned min,
             mode_t mode, uid_t uid, gid_t gid, st_err *err)
{
  cleanup_free char *dir = strdup (path);
  char *name = dir ? strrchr (dir, '/') : NULL;
  cleanup_close int parent = -1;

  if (name == NULL || name[1] == '\0')
    return st_fail (err, 0, "device path `%s` must be absolute", path);
  *name++ = '\0';
  parent = st_create_in_root (r->fd, *dir ? dir : "/", 0755, false, err);
  if (parent < 0)
    return -1;
  if (r->userns) {
    char fdp[ST_FD_PATH_MAX], host[64];
    cleanup_close int fd = -1;
    snprintf (host, sizeof host, "/dev/%s", name);
    fd = st_create_in_root (r->fd, path, 0755, true, err);
    if (fd < 0)
      return -1;
    if (mount_notype (host, st_fd_path (fdp, fd), MS_BIND) < 0)
      return st_fail_sys (err, "bind device `%s`", host);
    return 0;
  }
  if (mknodat (parent, name, type | (mode & 07777), makedev (maj, min)) < 0) {
    if (errno != EEXIST)
      return st_fail_sys (err, "create device `%s`", path);
    /* A rootfs that ships its own node: replace it, it may be anything. */
    if (unlinkat (parent, name, 0) < 0
        || mknodat (parent, name, type | (mode & 07777), makedev (maj, min)) < 0)
      return st_fail_sys (err, "create device `%s`", path);
  }
  if (fchownat (parent, name, uid, gid, AT_SYMLINK_NOFOLLOW) < 0)
    return st_fail_sys (err, "chown device `%s`", path);
  return 0;
}

static int
make_devices (struct st_rootfs *r, st_err *err)
{
  static const struct
  {
    const char *path;
    unsigned maj, min;
  } defaults[] = {
    { "/dev/null", 1, 3 },   { "/dev/zero", 1, 5 },    { "/dev/full", 1, 7 },
    { "/dev/random", 1, 8 }, { "/dev/urandom", 1, 9 }, { "/dev/tty", 5, 0 },
  };
  static const struct
  {
    const char *target, *path;
  } links[] = {
    { "/proc/self/fd", "/dev/fd" },
    { "/proc/self/fd/0", "/dev/stdin" },
    { "/proc/self/fd/1", "/dev/stdout" },
    { "/proc/self/fd/2", "/dev/stderr" },
  };
  const struct oci_linux *lx = r->config->linux;
  cleanup_close int dev = -1;

  for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++)
    if (make_device (r, defaults[i].path, S_IFCHR, defaults[i].maj, defaults[i].min, 0666, 0, 0,
                     err)
        < 0)
      return -1;
  for (size_t i = 0; lx && i < lx->devices_len; i++) {
    const struct oci_device *d = lx->devices[i];
    mode_t type = d->type[0] == 'b' ? S_IFBLK : d->type[0] == 'p' ? S_IFIFO : S_IFCHR;
    mode_t mode = d->has_file_mode ? d->file_mode : 0666;
    if (make_device (r, d->path, type, d->major, d->minor, mode, d->uid, d->gid, err) < 0)
      return st_error_prefix (err, "linux.devices[%zu]", i);
  }
  dev = st_create_in_root (r->fd, "/dev", 0755, false, err);
  if (dev < 0)
    return -1;
  for (size_t i = 0; i < sizeof links / sizeof *links; i++)
    if (symlinkat (links[i].target, dev, links[i].path + 5) < 0 && errno != EEXIST)
      return st_fail_sys (err, "symlink `%s`", links[i].path);
  if (access ("/proc/kcore", F_OK) == 0 && symlinkat ("/proc/kcore", dev, "core") < 0
      && errno != EEXIST)
    return st_fail_sys (err, "symlink `/dev/core`");
  if (has_mount_at (r->config, "/dev/pts")) {
    if (unlinkat (dev, "ptmx", 0) < 0 && errno != ENOENT)
      return st_fail_sys (err, "remove `/dev/ptmx`");
    if (symlinkat ("pts/ptmx", dev, "ptmx") < 0)
      return st_fail_sys (err, "symlink `/dev/ptmx`");
  }
  return 0;
}

int
st_rootfs_mount (struct st_rootfs *r, st_err *err)
{
  const struct oci_config *c = r->config;
  const char *prop = c->linux ? c->linux->rootfs_propagation : NULL;

  unsigned long flags = propagation_flags (prop);

  /* Nothing we mount may propagate back to the host. pivot_root refuses a shared parent and
   * bind refuses unbindable sources: those two are applied after pivot_root. */
  if (flags & (MS_SHARED | MS_UNBINDABLE))
    flags = MS_SLAVE | MS_REC;
  if (mount_notype (NULL, "/", flags) < 0)
    return st_fail_sys (err, "set propagation of /");
  /* pivot_root needs the new root to be a mount point. */
  if (mount_notype (r->path, r->path, MS_BIND | MS_REC) < 0)
    return st_fail_sys (err, "bind rootfs `%s`", r->path);
  r->fd = open (r->path, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (r->fd < 0)
    return st_fail_sys (err, "open rootfs `%s`", r->path);
  for (size_t i = 0; i < c->mounts_len; i++)
    if (mount_entry (r, c->mounts[i], i, err) < 0)
      return -1;
  if (!dev_is_bind_mounted (c) && make_devices (r, err) < 0)
    return -1;
  if (c->process && c->process->cwd) {
    int fd = st_create_in_root (r->fd, c->process->cwd, 0755, false, err);
    if (fd < 0)
      return st_error_prefix (err, "process.cwd");
    close (fd);
  }
  return 0;
}

/* A /dev/null we made or were given could be a planted symlink or another node: only a real
 * 1:3 character device may stand in for masked files. */
static int
open_verified_null (struct st_rootfs *r, st_err *err)
{
  struct stat st;
  int fd = st_open_in_root (r->fd, "/dev/null", O_PATH | O_NOFOLLOW, err);
  if (fd < 0)
    return -1;
  if (fstat (fd, &st) < 0 || !S_ISCHR (st.st_mode) || st.st_rdev != makedev (1, 3)) {
    close (fd);
    return st_fail (err, 0, "/dev/null in the container is not the null device");
  }
  return fd;
}

static int
mask_path (struct st_rootfs *r, const char *path, int *nullfd, st_err *err)
{
  cleanup_close int fd = -1;
  char fdp[ST_FD_PATH_MAX], src[ST_FD_PATH_MAX];
  struct stat st;

  fd = st_open_in_root (r->fd, path, O_PATH | O_NOFOLLOW, NULL);
  if (fd < 0)
    return 0; /* nothing there to hide */
  if (fstat (fd, &st) < 0)
    return st_fail_sys (err, "maskedPaths: stat `%s`", path);
  if (S_ISDIR (st.st_mode)) {
    if (mount ("tmpfs", st_fd_path (fdp, fd), "tmpfs", MS_RDONLY, "size=0") < 0)
      return st_fail_sys (err, "maskedPaths: mask `%s`", path);
    return 0;
  }
  if (*nullfd < 0 && (*nullfd = open_verified_null (r, err)) < 0)
    return -1;
  if (mount_notype (st_fd_path (src, *nullfd), st_fd_path (fdp, fd), MS_BIND) < 0)
    return st_fail_sys (err, "maskedPaths: mask `%s`", path);
  return 0;
}

static int
readonly_path (struct st_rootfs *r, const char *path, st_err *err)
{
  cleanup_close int fd = st_open_in_root (r->fd, path, O_PATH | O_NOFOLLOW, NULL);
  char fdp[ST_FD_PATH_MAX];

  if (fd < 0)
    return 0;
  if (mount_notype (st_fd_path (fdp, fd), fdp, MS_BIND | MS_REC) < 0)
    return st_fail_sys (err, "readonlyPaths: bind `%s`", path);
  close (fd);
  fd = st_open_in_root (r->fd, path, O_PATH | O_NOFOLLOW, err);
  if (fd < 0)
    return -1;
  st_fd_path (fdp, fd);
  if (mount_notype (NULL, fdp, MS_BIND | MS_REMOUNT | MS_RDONLY | locked_flags (fdp)) < 0)
    return st_fail_sys (err, "readonlyPaths: remount `%s`", path);
  return 0;
}

int
st_rootfs_restrict (struct st_rootfs *r, st_err *err)
{
  const struct oci_linux *lx = r->config->linux;
  cleanup_close int nullfd = -1;

  for (size_t i = 0; lx && i < lx->masked_paths_len; i++)
    if (mask_path (r, lx->masked_paths[i], &nullfd, err) < 0)
      return -1;
  for (size_t i = 0; lx && i < lx->readonly_paths_len; i++)
    if (readonly_path (r, lx->readonly_paths[i], err) < 0)
      return -1;
  if (r->config->root->readonly
      && mount_notype (NULL, r->path, MS_BIND | MS_REMOUNT | MS_RDONLY | locked_flags (r->path))
             < 0)
    return st_fail_sys (err, "root.readonly: remount rootfs read-only");
  return 0;
}

static int
apply_late_propagation (struct st_rootfs *r, st_err *err)
{
  const char *prop = r->config->linux ? r->config->linux->rootfs_propagation : NULL;
  unsigned long flags = propagation_flags (prop);
  if ((flags & (MS_SHARED | MS_UNBINDABLE)) && mount_notype (NULL, "/", flags) < 0)
    return st_fail_sys (err, "linux.rootfsPropagation: set `%s` on /", prop);
  return 0;
}

int
st_rootfs_enter (struct st_rootfs *r, bool no_pivot, st_err *err)
{
  cleanup_close int oldroot = -1, newroot = -1;

  newroot = open (r->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (newroot < 0 || fchdir (newroot) < 0)
    return st_fail_sys (err, "enter rootfs `%s`", r->path);
  if (no_pivot) {
    if (mount_notype (r->path, "/", MS_MOVE) < 0)
      return st_fail_sys (err, "move rootfs to /");
    if (chroot (".") < 0 || chdir ("/") < 0)
      return st_fail_sys (err, "chroot into rootfs");
    return apply_late_propagation (r, err);
  }
  oldroot = open ("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (oldroot < 0)
    return st_fail_sys (err, "open /");
  /* pivot_root(".", ".") stacks the old root on top of the new one; we then detach it from
   * where we stand, after making sure the unmount cannot propagate to the host. */
  if (syscall (SYS_pivot_root, ".", ".") < 0)
    return st_fail_sys (err, "pivot_root");
  if (fchdir (oldroot) < 0)
    return st_fail_sys (err, "fchdir old root");
  if (mount_notype (NULL, ".", MS_SLAVE | MS_REC) < 0)
    return st_fail_sys (err, "make old root a slave");
  if (umount2 (".", MNT_DETACH) < 0)
    return st_fail_sys (err, "detach old root");
  if (chdir ("/") < 0)
    return st_fail_sys (err, "chdir /");
  return apply_late_propagation (r, err);
}
