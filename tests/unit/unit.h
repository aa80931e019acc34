/* A minimal unit-test harness: each check prints "ok - NAME" or "FAIL - NAME: WHY"; unit_done()
 * prints "N passed, N failed" and gives main's exit code (1 when anything failed). */
#ifndef STOKE_UNIT_H
#define STOKE_UNIT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static int unit_passed, unit_failed;

__attribute__ ((format (printf, 3, 4))) static inline bool
unit_check (bool cond, const char *name, const char *why, ...)
{
  va_list ap;

  if (cond) {
    unit_passed++;
    printf ("ok - %s\n", name);
  } else {
    unit_failed++;
    printf ("FAIL - %s: ", name);
    va_start (ap, why);
    vprintf (why, ap);
    va_end (ap);
    putchar ('\n');
  }
  fflush (stdout);
  return cond;
}

/* CHECK (cond, name, why-format, ...) */
#define CHECK(cond, name, ...) unit_check ((cond), (name), __VA_ARGS__)

static inline int
unit_done (void)
{
  printf ("%d passed, %d failed\n", unit_passed, unit_failed);
  return unit_failed ? 1 : 0;
}

#endif
