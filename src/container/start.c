/* start: wake the parked init; it execs the user process or tells us why it could not. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "container/internal.h"
#include "linux/sync.h"
#include "util/cleanup.h"

static int
refuse_status (const char *id, const char *op, enum st_status s, st_err *err)
{
  return st_fail (err, 0, "cannot %s container `%s`: it is %s", op, id, st_status_name (s));
}

int
st_container_start_locked (struct st_container *c, st_err *err)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  cleanup_close int fd = -1;
  cleanup_config struct oci_config *cfg = NULL;
  enum st_status s = st_container_status (c);
  struct st_sync_msg m;
  int r, passed;

  if (s != ST_CREATED)
    return refuse_status (c->id, "start", s, err);
  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return st_fail_sys (err, "start `%s`", c->id);
  snprintf (addr.sun_path, sizeof addr.sun_path, "/proc/self/fd/%d/" ST_START_SOCKET, c->dirfd);
  if (connect (fd, (struct sockaddr *) &addr, sizeof addr) < 0)
    return st_fail_sys (err, "start `%s`: reach its init", c->id);
  /* From here on the container counts as running (the socket's presence means "created"). */
  unlinkat (c->dirfd, ST_START_SOCKET, 0);
  if (st_container_load_config (c, &cfg, err) < 0)
    return -1;
  /* Until EOF: the exec closed our connection (close-on-exec). Every failure before it is
   * reported; only a kill from outside could end the init silently. */
  while ((r = st_sync_recv (fd, &m, &passed)) > 0) {
    if (m.type == ST_SYNC_SECCOMP && passed >= 0) {
      if (st_container_forward_listener (c, cfg, c->state->pid, passed, fd, err) < 0)
        return -1;
      continue;
    }
    if (passed >= 0)
      close (passed);
    return st_fail (err, 0, "%s", m.type == ST_SYNC_ERROR ? m.text : "start: protocol error");
  }
  if (r < 0)
    return st_fail_sys (err, "start `%s`", c->id);
  return st_container_run_hooks (c, cfg->hooks, ST_HOOK_POSTSTART, ST_RUNNING, c->state->pid, err);
}

int
st_container_start (const char *root, const char *id, st_err *err)
{
  cleanup_container struct st_container *c = NULL;

  if (st_container_load (root, id, true, &c, err) < 0)
    return -1;
  return st_container_start_locked (c, err);
}
