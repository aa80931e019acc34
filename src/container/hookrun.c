#include <stdlib.h>

#include <unistd.h>

#include "container/internal.h"
#include "linux/seccomp.h"
#include "linux/sync.h"
#include "util/cleanup.h"
#include "util/fs.h"

int
st_container_run_hooks (struct st_container *c, const struct oci_hooks *h, enum st_hook_phase phase,
                        enum st_status status, pid_t pid, st_err *err)
{
  cleanup_free char *json = NULL;
  int32_t saved_pid;
  int ret;

  if (h == NULL || c->state == NULL)
    return 0;
  saved_pid = c->state->pid;
  c->state->pid = pid;
  ret = st_container_state_json (c, status, &json, err);
  c->state->pid = saved_pid;
  if (ret < 0)
    return -1;
  if (st_hooks_run_all (h, phase, json, err) == 0)
    return 0;
  if (st_hook_phase_fatal (phase))
    return -1;
  st_warning ("%s", (*err)->msg);
  st_error_free (err);
  return 0;
}

int
st_container_load_config (struct st_container *c, struct oci_config **out, st_err *err)
{
  cleanup_free char *buf = NULL;
  size_t len;

  if (st_read_file_at (c->dirfd, ST_CONFIG_FILE, &buf, &len, err) < 0)
    return -1;
  return oci_config_parse (buf, len, ST_CONFIG_FILE, out, err);
}

int
st_container_forward_listener (struct st_container *c, const struct oci_config *cfg, pid_t pid,
                               int listener_fd, int sock, st_err *err)
{
  const struct oci_seccomp *sc = cfg->linux ? cfg->linux->seccomp : NULL;
  cleanup_free char *state = NULL;
  int32_t saved = c->state->pid;
  int ret;

  c->state->pid = pid;
  ret = st_container_state_json (c, ST_RUNNING, &state, err);
  c->state->pid = saved;
  if (ret == 0 && (sc == NULL || sc->listener_path == NULL))
    ret = st_fail (err, 0, "linux.seccomp: a listener fd but no listenerPath");
  if (ret == 0)
    ret = st_seccomp_send_listener (sc->listener_path, sc->listener_metadata, pid, state,
                                    listener_fd, err);
  close (listener_fd);
  if (ret < 0) {
    st_sync_send (sock, ST_SYNC_ERROR, 0, (*err)->msg, -1);
    return -1;
  }
  if (st_sync_send (sock, ST_SYNC_SECCOMP_DONE, 0, NULL, -1) < 0)
    return st_fail_sys (err, "linux.seccomp.listenerPath");
  return 0;
}
