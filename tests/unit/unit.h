/* A tiny unit-test harness. Every check prints one line, "ok - <name>" or "FAIL - <name>: <why>";
 * lines starting with "#" are notes. main() ends with `return unit_done ();`, which is 1 when any
 * check failed. tests/run counts the ok/FAIL lines.
 *
 *   unit_check (x == 1, "answer", "got %d", x);      CHECK (x == 1, "answer", "got %d", x);
 *   unit_streq (got, "text", unit_name ("message of %s", file));
 */
#ifndef STOKE_UNIT_H
#define STOKE_UNIT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int unit_checks_, unit_failures_;

/* Record one result; `why` (printf format) says what went wrong when !ok. Returns ok. */
__attribute__ ((format (printf, 3, 4), unused)) static bool
unit_check (bool ok, const char *name, const char *why, ...)
{
  va_list ap;

  unit_checks_++;
  if (ok) {
    printf ("ok - %s\n", name);
    return true;
  }
  unit_failures_++;
  printf ("FAIL - %s: ", name);
  va_start (ap, why);
  vprintf (why, ap);
  va_end (ap);
  putchar ('\n');
  fflush (stdout);
  return false;
}

#define CHECK(cond, name, ...) unit_check ((cond), (name), __VA_ARGS__)

/* Compare strings (NULL allowed); on mismatch show both. */
__attribute__ ((unused)) static bool
unit_streq (const char *got, const char *want, const char *name)
{
  bool ok = got && want ? strcmp (got, want) == 0 : got == want;
  return unit_check (ok, name, "got \"%s\", want \"%s\"", got ? got : "(null)",
                     want ? want : "(null)");
}

/* A formatted test name, valid until the 8th next call. */
__attribute__ ((format (printf, 1, 2), unused)) static const char *
unit_name (const char *fmt, ...)
{
  static char bufs[8][256];
  static unsigned next;
  char *b = bufs[next++ % 8];
  va_list ap;

  va_start (ap, fmt);
  vsnprintf (b, sizeof bufs[0], fmt, ap);
  va_end (ap);
  return b;
}

#define unit_note(...) (printf ("# " __VA_ARGS__), putchar ('\n'))

__attribute__ ((unused)) static int
unit_done (void)
{
  printf ("# %d checks, %d failed\n", unit_checks_, unit_failures_);
  fflush (stdout);
  return unit_failures_ ? 1 : 0;
}

#endif
