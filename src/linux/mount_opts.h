/* mount(8)-style option lists ("ro", "nosuid", "rbind", "rprivate", "mode=755") turned into
 * mount(2) flags, propagation, recursive attributes and the filesystem data string. */
#ifndef STOKE_MOUNT_OPTS_H
#define STOKE_MOUNT_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

struct st_mount_opts
{
  unsigned long flags;       /* MS_* to set */
  unsigned long clear;       /* MS_* explicitly cleared ("rw", "suid", ...) */
  unsigned long propagation; /* MS_SHARED/SLAVE/PRIVATE/UNBINDABLE, maybe | MS_REC */
  uint64_t attr_set;         /* MOUNT_ATTR_* applied recursively ("rro", "rnosuid", ...) */
  uint64_t attr_clr;
  bool bind;
  char *data; /* comma-joined filesystem options, NULL when none */

  /* "idmap" or "ridmap": the bind is idmapped; "ridmap": every mount of an rbind tree is. */
  bool idmap, ridmap;
};

int st_mount_opts_parse (char *const *opts, size_t n, struct st_mount_opts *out, st_err *err);
void st_mount_opts_free (struct st_mount_opts *o);

/* The i-th option name stoke understands (NULL past the end): for `features`. */
const char *st_mount_option_name (size_t i);

#endif
