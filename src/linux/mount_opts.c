#include "mount_opts.h"

#include <errno.h>
#include <linux/mount.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#ifndef MS_NOSYMFOLLOW
#define MS_NOSYMFOLLOW 256
#endif

enum opt_kind
{
  SET,  /* flag */
  CLR,  /* clear flag */
  PROP, /* propagation */
  RSET, /* recursive attribute set */
  RCLR, /* recursive attribute clear */
  BIND,
  IDMAP, /* idmapped bind mount: value 1 for ridmap (recursive) */
};

struct opt
{
  const char *name;
  enum opt_kind kind;
  unsigned long value;
};

static const struct opt table[] = {
  { "async", CLR, MS_SYNCHRONOUS },
  { "atime", CLR, MS_NOATIME },
  { "bind", BIND, 0 },
  { "defaults", SET, 0 },
  { "dev", CLR, MS_NODEV },
  { "diratime", CLR, MS_NODIRATIME },
  { "dirsync", SET, MS_DIRSYNC },
  { "exec", CLR, MS_NOEXEC },
  { "idmap", IDMAP, 0 },
  { "iversion", SET, MS_I_VERSION },
  { "lazytime", SET, MS_LAZYTIME },
  { "loud", CLR, MS_SILENT },
  { "mand", SET, MS_MANDLOCK },
  { "noatime", SET, MS_NOATIME },
  { "nodev", SET, MS_NODEV },
  { "nodiratime", SET, MS_NODIRATIME },
  { "noexec", SET, MS_NOEXEC },
  { "noiversion", CLR, MS_I_VERSION },
  { "nolazytime", CLR, MS_LAZYTIME },
  { "nomand", CLR, MS_MANDLOCK },
  { "norelatime", CLR, MS_RELATIME },
  { "nostrictatime", CLR, MS_STRICTATIME },
  { "nosuid", SET, MS_NOSUID },
  { "nosymfollow", SET, MS_NOSYMFOLLOW },
  { "private", PROP, MS_PRIVATE },
  { "ratime", RCLR, MOUNT_ATTR_NOATIME },
  { "rbind", BIND, MS_REC },
  { "rdev", RCLR, MOUNT_ATTR_NODEV },
  { "rdiratime", RCLR, MOUNT_ATTR_NODIRATIME },
  { "relatime", SET, MS_RELATIME },
  { "remount", SET, MS_REMOUNT },
  { "rexec", RCLR, MOUNT_ATTR_NOEXEC },
  { "ridmap", IDMAP, 1 },
  { "rnoatime", RSET, MOUNT_ATTR_NOATIME },
  { "rnodev", RSET, MOUNT_ATTR_NODEV },
  { "rnodiratime", RSET, MOUNT_ATTR_NODIRATIME },
  { "rnoexec", RSET, MOUNT_ATTR_NOEXEC },
  { "rnosuid", RSET, MOUNT_ATTR_NOSUID },
  { "rnosymfollow", RSET, MOUNT_ATTR_NOSYMFOLLOW },
  { "ro", SET, MS_RDONLY },
  { "rprivate", PROP, MS_PRIVATE | MS_REC },
  { "rrelatime", RSET, MOUNT_ATTR_RELATIME },
  { "rro", RSET, MOUNT_ATTR_RDONLY },
  { "rrw", RCLR, MOUNT_ATTR_RDONLY },
  { "rshared", PROP, MS_SHARED | MS_REC },
  { "rslave", PROP, MS_SLAVE | MS_REC },
  { "rstrictatime", RSET, MOUNT_ATTR_STRICTATIME },
  { "rsuid", RCLR, MOUNT_ATTR_NOSUID },
  { "rsymfollow", RCLR, MOUNT_ATTR_NOSYMFOLLOW },
  { "runbindable", PROP, MS_UNBINDABLE | MS_REC },
  { "rw", CLR, MS_RDONLY },
  { "shared", PROP, MS_SHARED },
  { "silent", SET, MS_SILENT },
  { "slave", PROP, MS_SLAVE },
  { "strictatime", SET, MS_STRICTATIME },
  { "suid", CLR, MS_NOSUID },
  { "symfollow", CLR, MS_NOSYMFOLLOW },
  { "sync", SET, MS_SYNCHRONOUS },
  { "unbindable", PROP, MS_UNBINDABLE },
};

static int
cmp_opt (const void *key, const void *elem)
{
  return strcmp (key, ((const struct opt *) elem)->name);
}

static int
append_data (char **data, const char *opt)
{
  size_t old = *data ? strlen (*data) : 0, add = strlen (opt);
  char *n = realloc (*data, old + add + 2);
  if (n == NULL)
    return -1;
  if (old)
    n[old++] = ',';
  memcpy (n + old, opt, add + 1);
  *data = n;
  return 0;
}

int
st_mount_opts_parse (char *const *opts, size_t n, struct st_mount_opts *o, st_err *err)
{
  memset (o, 0, sizeof *o);
  for (size_t i = 0; i < n; i++) {
    const struct opt *t
        = bsearch (opts[i], table, sizeof table / sizeof *table, sizeof *table, cmp_opt);
    if (t == NULL) {
      /* Not a flag: the filesystem's own option (mode=755, size=64k, lowerdir=...). */
      if (append_data (&o->data, opts[i]) < 0)
        return st_fail_sys (err, "mount options");
      continue;
    }
    switch (t->kind) {
    case SET:
      o->flags |= t->value;
      o->clear &= ~t->value;
      break;
    case CLR:
      o->flags &= ~t->value;
      o->clear |= t->value;
      break;
    case PROP:
      o->propagation = t->value;
      break;
    case RSET:
      if (t->value == MOUNT_ATTR_RELATIME || t->value == MOUNT_ATTR_STRICTATIME
          || t->value == MOUNT_ATTR_NOATIME)
        o->attr_clr |= MOUNT_ATTR__ATIME;
      o->attr_set |= t->value;
      o->attr_clr &= ~t->value;
      break;
    case RCLR:
      if (t->value == MOUNT_ATTR_NOATIME)
        o->attr_clr |= MOUNT_ATTR__ATIME;
      o->attr_clr |= t->value;
      o->attr_set &= ~t->value;
      break;
    case BIND:
      o->bind = true;
      o->flags |= MS_BIND | t->value;
      break;
    case IDMAP:
      /* Never passed to mount(2): the mapping is applied with mount_setattr(2). */
      o->idmap = true;
      o->ridmap |= t->value != 0;
      break;
    }
  }
  return 0;
}

void
st_mount_opts_free (struct st_mount_opts *o)
{
  free (o->data);
  o->data = NULL;
}

const char *
st_mount_option_name (size_t i)
{
  return i < sizeof table / sizeof *table ? table[i].name : NULL;
}
