/* The container's pty: opened from its own devpts, the master handed to whoever holds the
 * console (a --console-socket listener, or the foreground `run`), the slave made the
 * controlling terminal and stdio of the process. */
#ifndef STOKE_TERMINAL_H
#define STOKE_TERMINAL_H

#include "oci-spec/oci.h"

/* After pivot_root: open a new pty pair in the container's devpts. */
int st_terminal_open (const struct oci_box *size, int *master, int *slave, st_err *err);

/* Send the master to a connected console socket with SCM_RIGHTS. */
int st_terminal_send (int sock, int master, st_err *err);

/* Make slave the controlling terminal (after setsid) and the process' stdin/out/err. */
int st_terminal_attach (int slave, st_err *err);

#endif
