#include "names.h"

#include <ctype.h>
#include <stdbool.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *
st_printable (const char *s, char *buf, size_t size)
{
  size_t i;
  for (i = 0; s[i] && i < size - 1; i++)
    buf[i] = isprint ((unsigned char) s[i]) ? s[i] : '?';
  buf[i] = '\0';
  return buf;
}

int
st_id_validate (const char *id, st_err *err)
{
  size_t n = strlen (id);

  if (n == 0)
    return st_fail (err, 0, "invalid container id: empty");
  if (n > ST_ID_MAX)
    return st_fail (err, 0, "invalid container id: longer than %d characters", ST_ID_MAX);
  if (strcmp (id, ".") == 0 || strcmp (id, "..") == 0)
    return st_fail (err, 0, "invalid container id `%s`", id);
  for (const char *p = id; *p; p++) {
    unsigned char c = *p;
    if (!(isalnum (c) || c == '_' || c == '+' || c == '-' || c == '.')) {
      char shown[65];
      return st_fail (err, 0, "invalid container id `%s`: only letters, digits, `_+.-` are allowed",
                      st_printable (id, shown, sizeof shown));
    }
  }
  return 0;
}

static int
parse_number (const char *s, long *out)
{
  char *end;
  errno = 0;
  long v = strtol (s, &end, 10);
  if (errno || end == s || *end)
    return -1;
  *out = v;
  return 0;
}

int
st_signal_parse (const char *s, int *sig, st_err *err)
{
  const char *name = s;
  long n;

  if (isdigit ((unsigned char) *s)) {
    if (parse_number (s, &n) == 0 && n > 0 && n < NSIG) {
      *sig = n;
      return 0;
    }
    return st_fail (err, 0, "unknown signal `%s`", s);
  }
  if (strncasecmp (name, "SIG", 3) == 0)
    name += 3;
  if (strncasecmp (name, "RTMIN", 5) == 0 || strncasecmp (name, "RTMAX", 5) == 0) {
    bool min = strncasecmp (name, "RTMIN", 5) == 0;
    long off = 0;
    if (name[5] && (parse_number (name + 5, &off) < 0 || (min ? off < 0 : off > 0)))
      return st_fail (err, 0, "unknown signal `%s`", s);
    n = (min ? SIGRTMIN : SIGRTMAX) + off;
    if (n < SIGRTMIN || n > SIGRTMAX)
      return st_fail (err, 0, "unknown signal `%s`", s);
    *sig = n;
    return 0;
  }
  for (int i = 1; i < SIGRTMIN; i++) {
    const char *abbrev = sigabbrev_np (i);
    if (abbrev && strcasecmp (abbrev, name) == 0) {
      *sig = i;
      return 0;
    }
  }
  if (strcasecmp (name, "IOT") == 0) {
    *sig = SIGABRT;
    return 0;
  }
  return st_fail (err, 0, "unknown signal `%s`", s);
}

int
st_id_number_parse (const char *s, uint32_t *out)
{
  unsigned long long v = 0;

  if (*s == '\0')
    return -1;
  for (const char *p = s; *p; p++) {
    if (*p < '0' || *p > '9')
      return -1;
    v = v * 10 + (*p - '0');
    if (v >= UINT32_MAX) /* (uid_t) -1 means "unchanged" to the kernel: never an id */
      return -1;
  }
  *out = v;
  return 0;
}

int
st_user_parse (const char *s, uint32_t *uid, uint32_t *gid, bool *has_gid, st_err *err)
{
  char buf[64];
  const char *colon = strchr (s, ':');
  size_t ulen = colon ? (size_t) (colon - s) : strlen (s);

  char shown[65];

  if (ulen >= sizeof buf)
    return st_fail (err, 0, "user `%s`: expected UID[:GID] as numbers",
                    st_printable (s, shown, sizeof shown));
  memcpy (buf, s, ulen);
  buf[ulen] = '\0';
  if (st_id_number_parse (buf, uid) < 0 || (colon && st_id_number_parse (colon + 1, gid) < 0))
    return st_fail (err, 0, "user `%s`: expected UID[:GID] as numbers",
                    st_printable (s, shown, sizeof shown));
  *has_gid = colon != NULL;
  return 0;
}
