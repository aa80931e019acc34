/* Parsing of names users type: container ids and signals. */
#ifndef STOKE_NAMES_H
#define STOKE_NAMES_H

#include "error.h"

#define ST_ID_MAX 255

/* An id is 1..255 of [A-Za-z0-9_+.-], and not "." or "..": it names a directory. */
int st_id_validate (const char *id, st_err *err);

/* "TERM", "SIGTERM", "term", "15", "RTMIN+2" → signal number; error names the input. */
int st_signal_parse (const char *s, int *sig, st_err *err);

#endif
