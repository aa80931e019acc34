/* recvtty: the receiving end of --console-socket, for the tests.
 *
 *   recvtty [-i INPUT] [-t SECONDS] SOCKET
 *
 * Listens on the unix socket SOCKET (created here; removed on exit), accepts one connection,
 * receives one file descriptor with SCM_RIGHTS and checks that it is a pty master. It then
 * writes INPUT (if given) to the pty and copies everything the container writes to the pty to
 * stdout, until the last slave is closed (EIO) or SECONDS pass (default 30).
 *
 * On stderr: "recvtty: pts N" once the fd is received (N from TIOCGPTN), or a one-line error.
 * Exit status: 0 after a clean relay, 1 on any error, 2 on timeout.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static const char *sock_path;

static void
die (const char *what)
{
  fprintf (stderr, "recvtty: %s: %s\n", what, strerror (errno));
  if (sock_path)
    unlink (sock_path);
  exit (1);
}

static void
on_alarm (int sig)
{
  (void) sig;
  static const char msg[] = "recvtty: timed out\n";
  if (write (2, msg, sizeof msg - 1) < 0) {
  }
  if (sock_path)
    unlink (sock_path);
  _exit (2);
}

static int
recv_fd (int conn)
{
  char data[4096];
  char control[CMSG_SPACE (sizeof (int) * 4)];
  struct iovec iov = { .iov_base = data, .iov_len = sizeof data };
  struct msghdr msg = {
    .msg_iov = &iov,
    .msg_iovlen = 1,
    .msg_control = control,
    .msg_controllen = sizeof control,
  };
  struct cmsghdr *c;
  ssize_t n;

  do
    n = recvmsg (conn, &msg, MSG_CMSG_CLOEXEC);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    die ("recvmsg");
  for (c = CMSG_FIRSTHDR (&msg); c; c = CMSG_NXTHDR (&msg, c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS
        && c->cmsg_len >= CMSG_LEN (sizeof (int))) {
      int fd;
      memcpy (&fd, CMSG_DATA (c), sizeof fd);
      return fd;
    }
  }
  errno = EBADMSG;
  die ("no file descriptor in the message (SCM_RIGHTS)");
  return -1;
}

static void
write_all (int fd, const char *buf, size_t len)
{
  while (len > 0) {
    ssize_t n = write (fd, buf, len);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      die ("write");
    }
    buf += n;
    len -= (size_t) n;
  }
}

int
main (int argc, char **argv)
{
  const char *input = NULL;
  unsigned timeout = 30;
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  int opt, lfd, conn, master;
  unsigned ptn;
  char buf[4096];

  while ((opt = getopt (argc, argv, "i:t:")) != -1) {
    switch (opt) {
    case 'i':
      input = optarg;
      break;
    case 't':
      timeout = (unsigned) atoi (optarg);
      break;
    default:
      fprintf (stderr, "usage: recvtty [-i INPUT] [-t SECONDS] SOCKET\n");
      return 1;
    }
  }
  if (optind != argc - 1) {
    fprintf (stderr, "usage: recvtty [-i INPUT] [-t SECONDS] SOCKET\n");
    return 1;
  }
  if (strlen (argv[optind]) >= sizeof addr.sun_path) {
    fprintf (stderr, "recvtty: socket path too long: %s\n", argv[optind]);
    return 1;
  }
  strcpy (addr.sun_path, argv[optind]);

  signal (SIGALRM, on_alarm);
  signal (SIGPIPE, SIG_IGN);
  alarm (timeout);

  lfd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (lfd < 0)
    die ("socket");
  unlink (addr.sun_path);
  /* Bind under a temporary name and rename, so that the path appearing means "listening". */
  {
    struct sockaddr_un tmp = addr;
    char tmpname[sizeof addr.sun_path];
    if (snprintf (tmpname, sizeof tmpname, "%s.tmp", addr.sun_path) >= (int) sizeof tmpname) {
      fprintf (stderr, "recvtty: socket path too long: %s\n", argv[optind]);
      return 1;
    }
    strcpy (tmp.sun_path, tmpname);
    unlink (tmpname);
    if (bind (lfd, (struct sockaddr *) &tmp, sizeof tmp) < 0)
      die ("bind");
    if (listen (lfd, 1) < 0)
      die ("listen");
    if (rename (tmpname, addr.sun_path) < 0)
      die ("rename");
  }
  sock_path = argv[optind];

  do
    conn = accept4 (lfd, NULL, NULL, SOCK_CLOEXEC);
  while (conn < 0 && errno == EINTR);
  if (conn < 0)
    die ("accept");
  master = recv_fd (conn);
  close (conn);
  close (lfd);
  unlink (sock_path);
  sock_path = NULL;

  if (ioctl (master, TIOCGPTN, &ptn) < 0)
    die ("the received fd is not a pty master (TIOCGPTN)");
  fprintf (stderr, "recvtty: pts %u\n", ptn);

  if (input)
    write_all (master, input, strlen (input));

  for (;;) {
    ssize_t n = read (master, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && errno == EIO)
      break; /* every slave fd is closed */
    if (n < 0)
      die ("read");
    if (n == 0)
      break;
    write_all (1, buf, (size_t) n);
  }
  return 0;
}
