#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fs.h"
#include "util/names.h"
#include "util/proc.h"

static const char *const status_names[] = { "creating", "created", "running", "stopped" };

const char *
st_status_name (enum st_status s)
{
  return status_names[s];
}

void
st_container_free (struct st_container *c)
{
  if (c == NULL)
    return;
  if (c->dirfd >= 0)
    close (c->dirfd);
  oci_state_free (c->state);
  free (c->id);
  free (c);
}

static int
open_root (const char *root, bool create, st_err *err)
{
  int fd = open (root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT && create) {
    if (st_mkdir_p (root, 0700, err) < 0)
      return st_error_prefix (err, "state root");
    fd = open (root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  }
  if (fd < 0)
    return st_fail_sys (err, "open state root `%s`", root);
  return fd;
}

static struct st_container *
container_alloc (const char *id)
{
  struct st_container *c = calloc (1, sizeof *c);
  if (c == NULL)
    return NULL;
  c->dirfd = -1;
  c->id = strdup (id);
  if (c->id == NULL) {
    free (c);
    return NULL;
  }
  return c;
}

int
st_container_new (const char *root, const char *id, struct st_container **out, st_err *err)
{
  cleanup_close int rootfd = -1;
  struct st_container *c;

  if (st_id_validate (id, err) < 0)
    return -1;
  rootfd = open_root (root, true, err);
  if (rootfd < 0)
    return -1;
  if (mkdirat (rootfd, id, 0700) < 0) {
    if (errno == EEXIST)
      return st_fail (err, 0, "container `%s` already exists", id);
    return st_fail_sys (err, "create state directory `%s/%s`", root, id);
  }
  c = container_alloc (id);
  if (c == NULL) {
    unlinkat (rootfd, id, AT_REMOVEDIR);
    return st_fail_sys (err, "state directory `%s/%s`", root, id);
  }
  c->dirfd = openat (rootfd, id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (c->dirfd < 0 || flock (c->dirfd, LOCK_EX) < 0)
    goto fail;
  *out = c;
  return 0;
fail:
  st_fail_sys (err, "state directory `%s/%s`", root, c->id);
  st_container_free (c);
  unlinkat (rootfd, id, AT_REMOVEDIR);
  return -1;
}

int
st_container_load (const char *root, const char *id, bool exclusive, struct st_container **out,
                   st_err *err)
{
  cleanup_close int rootfd = -1;
  cleanup_container struct st_container *c = NULL;
  cleanup_free char *buf = NULL;
  size_t len;

  if (st_id_validate (id, err) < 0)
    return -1;
  rootfd = open (root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (rootfd < 0 && errno != ENOENT)
    return st_fail_sys (err, "open state root `%s`", root);
  c = container_alloc (id);
  if (c == NULL)
    return st_fail_sys (err, "load container");
  if (rootfd >= 0)
    c->dirfd = openat (rootfd, id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (c->dirfd < 0) {
    if (rootfd < 0 || errno == ENOENT)
      return st_fail (err, 0, "container `%s` does not exist", id);
    return st_fail_sys (err, "open state directory of `%s`", id);
  }
  /* Writers lock; readers rely on state.json being replaced atomically. */
  if (exclusive && flock (c->dirfd, LOCK_EX) < 0)
    return st_fail_sys (err, "lock container `%s`", id);
  if (st_read_file_at (c->dirfd, ST_STATE_FILE, &buf, &len, err) < 0) {
    if ((*err)->errnum != ENOENT)
      return st_error_prefix (err, "container `%s`", id);
    /* No state file and nobody creating: its creator died. It is stopped, and delete can
     * remove it. */
    st_error_free (err);
  } else if (oci_state_parse (buf, len, ST_STATE_FILE, &c->state, err) < 0) {
    return st_error_prefix (err, "container `%s`", id);
  }
  *out = steal_ptr (c);
  return 0;
}

int
st_container_save (struct st_container *c, st_err *err)
{
  cleanup_free char *json = NULL;
  size_t len;

  if (oci_emit (&oci_type_state, c->state, false, &json, &len, err) < 0)
    return -1;
  return st_write_file_atomic (c->dirfd, ST_STATE_FILE, json, len, 0600, err);
}

const char *
st_boot_id (void)
{
  static char id[64];
  if (id[0] == '\0') {
    int fd = open ("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC);
    ssize_t n = fd >= 0 ? read (fd, id, sizeof id - 1) : -1;
    if (fd >= 0)
      close (fd);
    if (n <= 0)
      n = 0;
    while (n > 0 && (id[n - 1] == '\n' || id[n - 1] == ' '))
      n--;
    id[n] = '\0';
  }
  return id;
}

enum st_status
st_container_status (struct st_container *c)
{
  struct oci_state *s = c->state;

  if (s == NULL || !s->has_pid || s->pid <= 0) {
    /* No init recorded yet: its creator is at work (and holds the lock), or died. */
    if (flock (c->dirfd, LOCK_SH | LOCK_NB) < 0)
      return errno == EWOULDBLOCK ? ST_CREATING : ST_STOPPED;
    flock (c->dirfd, LOCK_UN);
    return ST_STOPPED;
  }
  if (s->boot_id && strcmp (s->boot_id, st_boot_id ()) != 0)
    return ST_STOPPED;
  unsigned long long start = st_pid_start_time (s->pid);
  if (start == 0 || (s->has_start_time && start != s->start_time))
    return ST_STOPPED;
  if (faccessat (c->dirfd, ST_START_SOCKET, F_OK, AT_SYMLINK_NOFOLLOW) == 0)
    return ST_CREATED;
  return ST_RUNNING;
}

int
st_container_remove_dir (const char *root, struct st_container *c, st_err *err)
{
  cleanup_close int rootfd = open (root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (rootfd < 0)
    return st_fail_sys (err, "open state root `%s`", root);
  if (st_rm_rf_at (rootfd, c->id) < 0)
    return st_fail_sys (err, "remove state directory of `%s`", c->id);
  return 0;
}

int
st_container_state_json (struct st_container *c, enum st_status status, char **out, st_err *err)
{
  struct oci_state view;
  size_t len;

  if (c->state == NULL)
    return st_fail (err, 0, "container `%s` has no state yet", c->id);
  view = *c->state;
  view.status = (char *) st_status_name (status);
  view.has_pid = true;
  if (status == ST_STOPPED)
    view.pid = 0;
  /* Internal bookkeeping stays out of what users and hooks see. */
  view.start_time = 0, view.has_start_time = false;
  view.boot_id = NULL;
  view.has_exit_status = false;
  return oci_emit (&oci_type_state, &view, true, out, &len, err);
}
