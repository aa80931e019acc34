#include "fdpass.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

int
st_send_with_fd (int sock, const void *data, size_t len, int fd)
{
  union
  {
    char buf[CMSG_SPACE (sizeof (int))];
    struct cmsghdr align;
  } ctl;
  struct iovec iov = { (void *) data, len };
  struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
  ssize_t n;

  if (fd >= 0) {
    memset (&ctl, 0, sizeof ctl);
    mh.msg_control = ctl.buf;
    mh.msg_controllen = sizeof ctl.buf;
    struct cmsghdr *c = CMSG_FIRSTHDR (&mh);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN (sizeof (int));
    memcpy (CMSG_DATA (c), &fd, sizeof fd);
  }
  while ((n = sendmsg (sock, &mh, MSG_NOSIGNAL)) < 0)
    if (errno != EINTR)
      return -1;
  /* A stream socket may take less: the rest follows without the fd, which went with the first
   * part (a datagram or seqpacket socket always takes all). */
  for (size_t done = (size_t) n; done < len;) {
    n = send (sock, (const char *) data + done, len - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return -1;
    done += (size_t) n;
  }
  return 0;
}
