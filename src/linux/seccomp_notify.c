/* The seccomp agent's side of SCMP_ACT_NOTIFY: the container process state, sent to
 * linux.seccomp.listenerPath with the listener fd (runtime-spec config-linux.md, "The Container
 * Process State"). */
#include "seccomp.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <yajl/yajl_gen.h>
#include <yajl/yajl_tree.h>

#include "util/cleanup.h"
#include "util/fdpass.h"

/* The runtime-spec version the message follows: the newest stoke implements (`stoke features`
 * says ociVersionMax), as runc sends the version it was built with. */
#define SC_STATE_OCI_VERSION "1.3.0"

static void
yajl_gen_freep (yajl_gen *g)
{
  if (*g)
    yajl_gen_free (*g);
}

static void
yajl_tree_freep (yajl_val *v)
{
  if (*v)
    yajl_tree_free (*v);
}

static yajl_gen_status
gen_str (yajl_gen g, const char *s)
{
  return yajl_gen_string (g, (const unsigned char *) s, strlen (s));
}

/* Write a parsed value back out; numbers keep their original text. */
static yajl_gen_status
gen_value (yajl_gen g, yajl_val v)
{
  yajl_gen_status st = yajl_gen_status_ok;

  switch (v->type) {
  case yajl_t_string:
    return gen_str (g, v->u.string);
  case yajl_t_number:
    return yajl_gen_number (g, v->u.number.r, strlen (v->u.number.r));
  case yajl_t_true:
    return yajl_gen_bool (g, 1);
  case yajl_t_false:
    return yajl_gen_bool (g, 0);
  case yajl_t_null:
    return yajl_gen_null (g);
  case yajl_t_object:
    st = yajl_gen_map_open (g);
    for (size_t i = 0; st == yajl_gen_status_ok && i < v->u.object.len; i++) {
      st = gen_str (g, v->u.object.keys[i]);
      if (st == yajl_gen_status_ok)
        st = gen_value (g, v->u.object.values[i]);
    }
    return st == yajl_gen_status_ok ? yajl_gen_map_close (g) : st;
  case yajl_t_array:
    st = yajl_gen_array_open (g);
    for (size_t i = 0; st == yajl_gen_status_ok && i < v->u.array.len; i++)
      st = gen_value (g, v->u.array.values[i]);
    return st == yajl_gen_status_ok ? yajl_gen_array_close (g) : st;
  default:
    return yajl_gen_invalid_string;
  }
}

static yajl_gen_status
gen_message (yajl_gen g, const char *metadata, pid_t pid, yajl_val state)
{
  yajl_gen_status st = yajl_gen_map_open (g);

#define STEP(x)                                                                                    \
  if (st == yajl_gen_status_ok)                                                                    \
  st = (x)
  STEP (gen_str (g, "ociVersion"));
  STEP (gen_str (g, SC_STATE_OCI_VERSION));
  /* The names of the fds in the SCM_RIGHTS array, in order. */
  STEP (gen_str (g, "fds"));
  STEP (yajl_gen_array_open (g));
  STEP (gen_str (g, "seccompFd"));
  STEP (yajl_gen_array_close (g));
  STEP (gen_str (g, "pid"));
  STEP (yajl_gen_integer (g, pid));
  if (metadata) {
    STEP (gen_str (g, "metadata"));
    STEP (gen_str (g, metadata));
  }
  STEP (gen_str (g, "state"));
  STEP (gen_value (g, state));
  STEP (yajl_gen_map_close (g));
#undef STEP
  return st;
}

int
st_seccomp_send_listener (const char *listener_path, const char *metadata, pid_t pid,
                          const char *state_json, int notify_fd, st_err *err)
{
  __attribute__ ((cleanup (yajl_tree_freep))) yajl_val state = NULL;
  __attribute__ ((cleanup (yajl_gen_freep))) yajl_gen g = NULL;
  cleanup_close int sock = -1;
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  const unsigned char *buf;
  char perr[256] = "";
  size_t len;

  if (notify_fd < 0)
    return st_fail (err, EBADF, "seccomp agent: no listener fd to send");
  if (strlen (listener_path) >= sizeof addr.sun_path)
    return st_fail (err, ENAMETOOLONG, "linux.seccomp.listenerPath `%s`", listener_path);
  memcpy (addr.sun_path, listener_path, strlen (listener_path) + 1);

  state = yajl_tree_parse (state_json, perr, sizeof perr);
  if (state == NULL || !YAJL_IS_OBJECT (state))
    return st_fail (err, 0, "seccomp agent: the container state is not a JSON object%s%s",
                    perr[0] ? ": " : "", perr);
  g = yajl_gen_alloc (NULL);
  if (g == NULL)
    return st_fail (err, ENOMEM, "seccomp agent: container process state");
  if (gen_message (g, metadata, pid, state) != yajl_gen_status_ok
      || yajl_gen_get_buf (g, &buf, &len) != yajl_gen_status_ok)
    return st_fail (err, 0, "seccomp agent: generating the container process state failed");

  sock = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (sock < 0)
    return st_fail_sys (err, "seccomp agent: socket");
  if (connect (sock, (struct sockaddr *) &addr, sizeof addr) < 0)
    return st_fail_sys (err, "seccomp agent: connect to linux.seccomp.listenerPath `%s`",
                        listener_path);
  if (st_send_with_fd (sock, buf, len, notify_fd) < 0)
    return st_fail_sys (err, "seccomp agent: send to `%s`", listener_path);
  /* One state per connection, then close (the spec): the agent reads to EOF. */
  if (close (steal_fd (sock)) < 0)
    return st_fail_sys (err, "seccomp agent: close `%s`", listener_path);
  return 0;
}
