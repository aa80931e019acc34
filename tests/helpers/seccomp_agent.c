/* A seccomp agent for the tests: listens on SOCKET for the runtime's ContainerProcessState
 * message with the listener fd (SCM_RIGHTS), stores the message in DIR/state.json, then answers
 * every notified syscall with EROFS and logs its number to DIR/syscalls, until the container's
 * processes are gone. Usage: seccomp_agent SOCKET DIR */
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static void
die (const char *what)
{
  perror (what);
  exit (1);
}

int
main (int argc, char **argv)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  static char msg[65536];
  char ctl[CMSG_SPACE (sizeof (int))], path[4096];
  struct iovec iov = { msg, sizeof msg - 1 };
  struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
                       .msg_controllen = sizeof ctl };
  int lfd, conn, nfd = -1;
  ssize_t n;
  FILE *f;

  if (argc != 3) {
    fprintf (stderr, "usage: seccomp_agent SOCKET DIR\n");
    return 2;
  }
  alarm (30);
  snprintf (addr.sun_path, sizeof addr.sun_path, "%s", argv[1]);
  lfd = socket (AF_UNIX, SOCK_STREAM, 0);
  if (lfd < 0 || bind (lfd, (struct sockaddr *) &addr, sizeof addr) < 0 || listen (lfd, 1) < 0)
    die ("listen");
  snprintf (path, sizeof path, "%s/ready", argv[2]);
  close (open (path, O_CREAT | O_WRONLY, 0644));
  conn = accept (lfd, NULL, NULL);
  if (conn < 0)
    die ("accept");
  n = recvmsg (conn, &mh, 0);
  if (n <= 0)
    die ("recvmsg");
  msg[n] = '\0';
  for (struct cmsghdr *c = CMSG_FIRSTHDR (&mh); c; c = CMSG_NXTHDR (&mh, c))
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
      memcpy (&nfd, CMSG_DATA (c), sizeof nfd);
  snprintf (path, sizeof path, "%s/state.json", argv[2]);
  f = fopen (path, "w");
  if (f == NULL || fputs (msg, f) < 0 || fclose (f) < 0)
    die ("state.json");
  if (nfd < 0) {
    fprintf (stderr, "no fd received\n");
    return 1;
  }
  snprintf (path, sizeof path, "%s/syscalls", argv[2]);
  f = fopen (path, "w");
  if (f == NULL)
    die ("syscalls");
  setvbuf (f, NULL, _IOLBF, 0);
  for (;;) {
    struct seccomp_notif req;
    struct seccomp_notif_resp resp;
    memset (&req, 0, sizeof req);
    if (ioctl (nfd, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0) {
      if (errno == EINTR)
        continue;
      break; /* ENOENT: nobody is left under the filter */
    }
    fprintf (f, "%d\n", req.data.nr);
    memset (&resp, 0, sizeof resp);
    resp.id = req.id;
    resp.error = -EROFS;
    ioctl (nfd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
  }
  return 0;
}
