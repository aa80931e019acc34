#include "terminal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include "util/cleanup.h"

int
st_terminal_open (const struct oci_box *size, int *master, int *slave, st_err *err)
{
  cleanup_close int m = -1;
  int unlock = 0, s;

  m = open ("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (m < 0)
    return st_fail_sys (err, "open /dev/ptmx in the container");
  if (ioctl (m, TIOCSPTLCK, &unlock) < 0)
    return st_fail_sys (err, "unlock pty");
  /* Ask the master for its peer instead of opening /dev/pts/N by name: a name can be a planted
   * symlink, the peer cannot. */
  s = ioctl (m, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (s < 0)
    return st_fail_sys (err, "open pty peer");
  if (size) {
    struct winsize ws = { .ws_row = size->height, .ws_col = size->width };
    ioctl (s, TIOCSWINSZ, &ws);
  }
  *master = steal_fd (m);
  *slave = s;
  return 0;
}

int
st_terminal_send (int sock, int master, st_err *err)
{
  char name[] = "/dev/ptmx";
  union
  {
    char buf[CMSG_SPACE (sizeof (int))];
    struct cmsghdr align;
  } ctl;
  struct iovec iov = { name, sizeof name - 1 };
  struct msghdr mh = {
    .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf, .msg_controllen = sizeof ctl.buf
  };
  struct cmsghdr *c;

  memset (&ctl, 0, sizeof ctl);
  c = CMSG_FIRSTHDR (&mh);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN (sizeof (int));
  memcpy (CMSG_DATA (c), &master, sizeof master);
  while (sendmsg (sock, &mh, MSG_NOSIGNAL) < 0)
    if (errno != EINTR)
      return st_fail_sys (err, "send the pty master to the console socket");
  return 0;
}

int
st_terminal_attach (int slave, st_err *err)
{
  if (ioctl (slave, TIOCSCTTY, 0) < 0)
    return st_fail_sys (err, "make the pty the controlling terminal");
  for (int fd = 0; fd < 3; fd++)
    if (dup2 (slave, fd) < 0)
      return st_fail_sys (err, "dup pty to fd %d", fd);
  if (slave > 2)
    close (slave);
  return 0;
}
