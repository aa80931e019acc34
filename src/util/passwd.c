#include "passwd.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"

#define PASSWD_MAX (16 << 20)

bool
st_passwd_lookup (const char *path, uid_t uid, char *name, size_t name_size, char *home,
                  size_t home_size)
{
  cleanup_file FILE *f = NULL;
  char line[1024];
  struct stat st;
  off_t seen = 0;
  /* The file may come from a hostile image: a FIFO must not block us, a device or a huge file
   * must not keep us reading. */
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);

  if (fd < 0)
    return false;
  if (fstat (fd, &st) < 0 || !S_ISREG (st.st_mode) || (f = fdopen (fd, "r")) == NULL) {
    close (fd);
    return false;
  }
  while (seen < PASSWD_MAX && fgets (line, sizeof line, f)) {
    seen += strlen (line);
    /* name:password:uid:gid:gecos:home:shell; empty fields are allowed, so no strtok. */
    char *field[7] = { 0 }, *p = line;
    int n = 0;
    while (n < 7) {
      field[n++] = p;
      p = strpbrk (p, ":\n");
      if (p == NULL || *p == '\n') {
        if (p)
          *p = '\0';
        break;
      }
      *p++ = '\0';
    }
    if (n < 6 || *field[2] == '\0')
      continue;
    char *end;
    unsigned long v = strtoul (field[2], &end, 10);
    if (*end || v != uid)
      continue;
    if (name)
      snprintf (name, name_size, "%s", field[0]);
    if (home)
      snprintf (home, home_size, "%s", field[5]);
    return true;
  }
  return false;
}
