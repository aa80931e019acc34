#include "passwd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"

bool
st_passwd_lookup (const char *path, uid_t uid, char *name, size_t name_size, char *home,
                  size_t home_size)
{
  cleanup_file FILE *f = fopen (path, "re");
  char line[1024];

  while (f && fgets (line, sizeof line, f)) {
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
