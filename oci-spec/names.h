/* Names the spec uses for kernel constants. */
#ifndef STOKE_OCI_NAMES_H
#define STOKE_OCI_NAMES_H

/* "RLIMIT_NOFILE" -> RLIMIT_NOFILE; -1 when unknown. */
int oci_rlimit_from_name (const char *name);

/* A linux.namespaces[].type ("pid", "network", "mount", ...) -> its CLONE_NEW* flag; -1 when
 * unknown. */
int oci_namespace_flag (const char *type);

#endif
