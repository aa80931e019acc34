/* Tables that name numbers (policies, flags, modes), looked up by name. */
#ifndef STOKE_NAMETAB_H
#define STOKE_NAMETAB_H

#include <stddef.h>
#include <string.h>

#define ST_N_ELEMENTS(a) (sizeof (a) / sizeof (a)[0])

struct st_name
{
  const char *name;
  int value;
};

/* The value named s in t[0..n), or -1. */
static inline int
st_name_lookup (const struct st_name *t, size_t n, const char *s)
{
  for (size_t i = 0; s && i < n; i++)
    if (strcmp (t[i].name, s) == 0)
      return t[i].value;
  return -1;
}

#endif
