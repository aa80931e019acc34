#include "sync.h"

#include "util/fdpass.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int
st_sync_send (int sock, int type, int value, const char *text, int fd)
{
  struct st_sync_msg m = { .type = type, .value = value };
  size_t len = offsetof (struct st_sync_msg, text);

  if (text) {
    size_t n = strnlen (text, sizeof m.text - 1);
    memcpy (m.text, text, n);
    len += n + 1;
  }
  return st_send_with_fd (sock, &m, len, fd);
}

int
st_sync_recv (int sock, struct st_sync_msg *m, int *fd)
{
  union
  {
    char buf[CMSG_SPACE (sizeof (int))];
    struct cmsghdr align;
  } ctl;
  struct iovec iov = { m, sizeof *m };
  struct msghdr mh = {
    .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf, .msg_controllen = sizeof ctl.buf
  };
  ssize_t n;

  if (fd)
    *fd = -1;
  do
    n = recvmsg (sock, &mh, MSG_CMSG_CLOEXEC);
  while (n < 0 && errno == EINTR);
  if (n <= 0)
    return n;
  if (n < (ssize_t) offsetof (struct st_sync_msg, text)) {
    errno = EPROTO;
    return -1;
  }
  if (n == (ssize_t) offsetof (struct st_sync_msg, text))
    m->text[0] = '\0';
  m->text[sizeof m->text - 1] = '\0';
  for (struct cmsghdr *c = CMSG_FIRSTHDR (&mh); c; c = CMSG_NXTHDR (&mh, c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
      int got;
      memcpy (&got, CMSG_DATA (c), sizeof got);
      if (fd)
        *fd = got;
      else
        close (got);
    }
  }
  return 1;
}

int
st_sync_expect (int sock, int type, const char *what, struct st_sync_msg *m, int *fd, st_err *err)
{
  int r = st_sync_recv (sock, m, fd);
  if (r < 0)
    return st_fail_sys (err, "%s", what);
  if (r == 0)
    return st_fail (err, 0, "%s: the other side exited", what);
  if (m->type == ST_SYNC_ERROR)
    return st_fail (err, 0, "%s", m->text);
  if (m->type != type)
    return st_fail (err, EPROTO, "%s: unexpected message %d", what, m->type);
  return 0;
}
