/* /etc/passwd read by hand. stoke never calls getpwuid(3) and friends: NSS would load shared
 * libraries at run time, and a stoke binary started inside a container (a workload whose
 * interpreter is /proc/self/exe) would load the container's (CVE-2019-5736). */
#ifndef STOKE_PASSWD_H
#define STOKE_PASSWD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Find uid in the passwd file at path; copy its name and home (either may be NULL). */
bool st_passwd_lookup (const char *path, uid_t uid, char *name, size_t name_size, char *home,
                       size_t home_size);

#endif
