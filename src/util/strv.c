#include "strv.h"

#include <stdlib.h>
#include <string.h>

int
st_strv_append (char ***v, size_t *n, const char *s)
{
  char *copy = strdup (s);
  char **nv = copy ? realloc (*v, (*n + 2) * sizeof **v) : NULL;
  if (nv == NULL) {
    free (copy);
    return -1;
  }
  nv[(*n)++] = copy;
  nv[*n] = NULL;
  *v = nv;
  return 0;
}

int
st_strv_setenv (char ***v, size_t *n, const char *kv)
{
  const char *eq = strchr (kv, '=');
  size_t klen = eq ? (size_t) (eq - kv) : strlen (kv);

  for (size_t i = 0; i < *n; i++) {
    if (strncmp ((*v)[i], kv, klen) == 0 && (*v)[i][klen] == '=') {
      char *copy = strdup (kv);
      if (copy == NULL)
        return -1;
      free ((*v)[i]);
      (*v)[i] = copy;
      return 0;
    }
  }
  return st_strv_append (v, n, kv);
}

void
st_strv_free (char **v, size_t n)
{
  for (size_t i = 0; i < n; i++)
    free (v[i]);
  free (v);
}
