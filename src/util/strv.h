/* NULL-terminated string arrays with a length, as the OCI structs hold them (char **v; size_t n).
 */
#ifndef STOKE_STRV_H
#define STOKE_STRV_H

#include <stddef.h>

/* Append a copy of s; 0, or -1 (ENOMEM). */
int st_strv_append (char ***v, size_t *n, const char *s);

/* Set an environment entry "K=V": replaces the entry for K, or appends. */
int st_strv_setenv (char ***v, size_t *n, const char *kv);

void st_strv_free (char **v, size_t n);

#endif
