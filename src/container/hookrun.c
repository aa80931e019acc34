#include <stdlib.h>

#include "container/internal.h"
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
