/* Parsing of names users type: container ids and signals. */
#ifndef STOKE_NAMES_H
#define STOKE_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define ST_ID_MAX 255

/* s for an error message: at most size-1 characters, control characters as '?', so a message
 * stays one line whatever the user typed. */
const char *st_printable (const char *s, char *buf, size_t size);

/* An id is 1..255 of [A-Za-z0-9_+.-], and not "." or "..": it names a directory. */
int st_id_validate (const char *id, st_err *err);

/* "TERM", "SIGTERM", "term", "15", "RTMIN+2" → signal number; error names the input. */
int st_signal_parse (const char *s, int *sig, st_err *err);

/* `-u UID[:GID]`: numbers only, each below 2^32-1 (CVE-2026-30892: "1000:abc" must be an
 * error, never a silent uid or gid 0). */
int st_user_parse (const char *s, uint32_t *uid, uint32_t *gid, bool *has_gid, st_err *err);

/* One id (a gid of -g): a number below 2^32-1. */
int st_id_number_parse (const char *s, uint32_t *out);

#endif
