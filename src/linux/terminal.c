#include "terminal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>

#include "util/cleanup.h"
#include "util/fdpass.h"

int
st_terminal_open (const struct oci_box *size, int *master, int *slave, st_err *err)
{
  cleanup_close int m = -1;
  int unlock = 0, s;

  struct stat st;

  m = open ("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (m < 0)
    return st_fail_sys (err, "open /dev/ptmx in the container");
  /* Whatever the container made of /dev/ptmx, only a pty multiplexer (char 5:2) will do. */
  if (fstat (m, &st) < 0 || !S_ISCHR (st.st_mode) || major (st.st_rdev) != 5
      || minor (st.st_rdev) != 2)
    return st_fail (err, 0, "/dev/ptmx in the container is not a pty multiplexer");
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
  static const char name[] = "/dev/ptmx";
  if (st_send_with_fd (sock, name, sizeof name - 1, master) < 0)
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
