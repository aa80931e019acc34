/* Passing an fd over a unix socket (SCM_RIGHTS). */
#ifndef STOKE_FDPASS_H
#define STOKE_FDPASS_H

#include <stddef.h>

/* Send all len bytes of data and, when fd >= 0, fd with the first of them. 0, or -1 with
 * errno. */
int st_send_with_fd (int sock, const void *data, size_t len, int fd);

#endif
