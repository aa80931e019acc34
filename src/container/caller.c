/* Files and sockets the caller names on the command line: resolved against the caller's cwd
 * (create moves into the bundle), pid files, the console socket. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "container/internal.h"
#include "util/cleanup.h"
#include "util/fs.h"

int
st_caller_path (char **out, const char *path, st_err *err)
{
  char cwd[PATH_MAX];
  *out = NULL;
  if (path == NULL)
    return 0;
  if (path[0] == '/')
    *out = strdup (path);
  else if (getcwd (cwd, sizeof cwd) == NULL || asprintf (out, "%s/%s", cwd, path) < 0)
    *out = NULL;
  if (*out == NULL)
    return st_fail_sys (err, "path `%s`", path);
  return 0;
}

/* Written like runc's: the bare number, no newline, replaced atomically. */
int
st_write_pid_file (const char *path, pid_t pid, st_err *err)
{
  cleanup_free char *dir = strdup (path);
  cleanup_close int dfd = -1;
  char buf[32], *slash = dir ? strrchr (dir, '/') : NULL;
  int n = snprintf (buf, sizeof buf, "%d", pid);

  if (slash == NULL)
    return st_fail_sys (err, "--pid-file `%s`", path);
  *slash = '\0';
  dfd = open (*dir ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0)
    return st_fail_sys (err, "--pid-file `%s`", path);
  if (st_write_file_atomic (dfd, slash + 1, buf, n, 0644, err) < 0)
    return st_error_prefix (err, "--pid-file");
  return 0;
}

int
st_console_connect (const char *path, st_err *err)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  cleanup_close int fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

  if (strlen (path) >= sizeof addr.sun_path)
    return st_fail (err, ENAMETOOLONG, "--console-socket `%s`", path);
  strcpy (addr.sun_path, path);
  if (fd < 0 || connect (fd, (struct sockaddr *) &addr, sizeof addr) < 0)
    return st_fail_sys (err, "--console-socket: connect `%s`", path);
  return steal_fd (fd);
}
