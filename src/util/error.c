#include "error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static struct
{
  int fd;
  enum st_log_format format;
  enum st_log_level level;
} logcfg = { .fd = -1, .format = ST_LOG_TEXT, .level = ST_LOG_WARNING };

static const char *const level_names[] = { "error", "warning", "info", "debug" };

int
st_fail (st_err *err, int errnum, const char *fmt, ...)
{
  va_list ap;
  char *msg = NULL;

  if (err == NULL || *err != NULL)
    return -1;
  va_start (ap, fmt);
  if (vasprintf (&msg, fmt, ap) < 0)
    msg = NULL;
  va_end (ap);
  if (msg && errnum) {
    char *full = NULL;
    if (asprintf (&full, "%s: %s", msg, strerror (errnum)) >= 0) {
      free (msg);
      msg = full;
    }
  }
  *err = calloc (1, sizeof **err);
  if (*err == NULL) {
    free (msg);
    return -1;
  }
  (*err)->errnum = errnum;
  (*err)->msg = msg ? msg : strdup ("out of memory");
  return -1;
}

int
st_error_prefix (st_err *err, const char *fmt, ...)
{
  va_list ap;
  char *prefix = NULL, *full = NULL;

  if (err == NULL || *err == NULL)
    return -1;
  va_start (ap, fmt);
  if (vasprintf (&prefix, fmt, ap) < 0)
    prefix = NULL;
  va_end (ap);
  if (prefix && asprintf (&full, "%s: %s", prefix, (*err)->msg) >= 0) {
    free ((*err)->msg);
    (*err)->msg = full;
  }
  free (prefix);
  return -1;
}

void
st_error_free (st_err *err)
{
  if (err && *err) {
    free ((*err)->msg);
    free (*err);
    *err = NULL;
  }
}

int
st_log_parse_level (const char *s, enum st_log_level *out)
{
  for (size_t i = 0; i < sizeof level_names / sizeof *level_names; i++)
    if (strcmp (s, level_names[i]) == 0) {
      *out = i;
      return 0;
    }
  if (strcmp (s, "warn") == 0) {
    *out = ST_LOG_WARNING;
    return 0;
  }
  /* runc accepts logrus' "fatal" and "panic": both mean errors only. */
  if (strcmp (s, "fatal") == 0 || strcmp (s, "panic") == 0) {
    *out = ST_LOG_ERROR;
    return 0;
  }
  return -1;
}

int
st_log_open (const char *path, enum st_log_format format, enum st_log_level level, st_err *err)
{
  logcfg.format = format;
  logcfg.level = level;
  if (path == NULL || *path == '\0')
    return 0;
  int fd = open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    return st_fail_sys (err, "open log file `%s`", path);
  if (logcfg.fd >= 0)
    close (logcfg.fd);
  logcfg.fd = fd;
  return 0;
}

/* Append s to buf as the body of a JSON string. */
static size_t
json_escape (char *buf, size_t size, const char *s)
{
  size_t n = 0;
  for (; *s && n + 7 < size; s++) {
    unsigned char c = *s;
    if (c == '"' || c == '\\') {
      buf[n++] = '\\';
      buf[n++] = c;
    } else if (c < 0x20) {
      n += snprintf (buf + n, size - n, "\\u%04x", c);
    } else {
      buf[n++] = c;
    }
  }
  buf[n] = '\0';
  return n;
}

static void
log_write (enum st_log_level level, const char *msg)
{
  char line[8192], esc[6144], stamp[64];
  struct timespec ts;
  struct tm tm;
  int n;

  clock_gettime (CLOCK_REALTIME, &ts);
  gmtime_r (&ts.tv_sec, &tm);
  n = (int) strftime (stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf (stamp + n, sizeof stamp - n, ".%09ldZ", ts.tv_nsec);
  if (logcfg.format == ST_LOG_JSON) {
    json_escape (esc, sizeof esc, msg);
    n = snprintf (line, sizeof line, "{\"level\":\"%s\",\"msg\":\"%s\",\"time\":\"%s\"}\n",
                  level_names[level], esc, stamp);
  } else {
    n = snprintf (line, sizeof line, "%s %s: %s\n", stamp, level_names[level], msg);
  }
  if (n > (int) sizeof line - 1)
    n = sizeof line - 1;
  if (write (logcfg.fd, line, n) < 0) {
    /* Nowhere left to report a failing log. */
  }
}

void
st_log (enum st_log_level level, const char *fmt, ...)
{
  va_list ap;
  char msg[4096];

  if (level > logcfg.level)
    return;
  va_start (ap, fmt);
  vsnprintf (msg, sizeof msg, fmt, ap);
  va_end (ap);
  if (logcfg.fd >= 0)
    log_write (level, msg);
  else if (level != ST_LOG_ERROR)
    fprintf (stderr, "stoke: %s: %s\n", level_names[level], msg);
}

/* One line, whatever the config or the command line put into the message: control characters
 * are written as escapes (a newline in a hostname becomes \n). */
static char *
one_line (const char *msg)
{
  size_t n = strlen (msg);
  char *out = malloc (n * 4 + 1), *o = out;

  if (out == NULL)
    return NULL;
  for (const unsigned char *p = (const unsigned char *) msg; *p; p++) {
    if (*p == '\n')
      o += sprintf (o, "\\n");
    else if (*p == '\t')
      o += sprintf (o, "\\t");
    else if (*p < 0x20 || *p == 0x7f)
      o += sprintf (o, "\\x%02x", *p);
    else
      *o++ = *p;
  }
  *o = '\0';
  return out;
}

void
st_report (st_err err)
{
  char *line = one_line (err && err->msg ? err->msg : "unknown error");
  const char *msg = line ? line : "unknown error";

  fprintf (stderr, "stoke: %s\n", msg);
  if (logcfg.fd >= 0)
    log_write (ST_LOG_ERROR, msg);
  free (line);
}
