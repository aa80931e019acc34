/* Error objects and logging.
 *
 * Every fallible function returns int (< 0 on failure) and fills a st_err with the errno (0 when
 * not a system error) and a one-line message naming what failed and where. Callers add context
 * with st_error_prefix(); main reports it once.
 */
#ifndef STOKE_ERROR_H
#define STOKE_ERROR_H

#include <errno.h>
#include <stdbool.h>

struct st_error
{
  int errnum;
  char *msg;
};
typedef struct st_error *st_err;

/* Fill *err (if err and *err is NULL) with the formatted message, followed by ": strerror(errnum)"
 * when errnum != 0. Always returns -1 so it can end a function: `return st_fail (err, ...)`. */
int st_fail (st_err *err, int errnum, const char *fmt, ...) __attribute__ ((format (printf, 3, 4)));

/* st_fail with the current errno. */
#define st_fail_sys(err, ...) st_fail ((err), errno, __VA_ARGS__)

/* Prepend "prefix: " to the message of *err; returns -1. */
int st_error_prefix (st_err *err, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

void st_error_free (st_err *err);

#define cleanup_err __attribute__ ((cleanup (st_error_free)))

enum st_log_level
{
  ST_LOG_ERROR = 0,
  ST_LOG_WARNING,
  ST_LOG_INFO,
  ST_LOG_DEBUG,
};

enum st_log_format
{
  ST_LOG_TEXT = 0,
  ST_LOG_JSON,
};

/* Where messages go: stderr always gets errors; --log FILE gets every message at or above the
 * level, as text lines or JSON lines ({"level":..,"msg":..,"time":..}). */
int st_log_open (const char *path, enum st_log_format format, enum st_log_level level, st_err *err);
int st_log_parse_level (const char *s, enum st_log_level *out);
void st_log (enum st_log_level level, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

/* Report a failure: "stoke: msg" on stderr and as an error record in the log. */
void st_report (st_err err);

#define st_debug(...)   st_log (ST_LOG_DEBUG, __VA_ARGS__)
#define st_warning(...) st_log (ST_LOG_WARNING, __VA_ARGS__)

#endif
