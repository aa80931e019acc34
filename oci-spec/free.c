/* The generic destructor and map lookup. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void
free_strs (char **v, size_t n)
{
  for (size_t i = 0; i < n; i++)
    free (v[i]);
  free (v);
}

void
oci_field_clear (const struct oci_field *f, void *obj)
{
  size_t *len = OCI_AT (obj, f->aux, size_t);

  switch (f->kind) {
  case OCI_K_STR:
    free (*OCI_AT (obj, f->off, char *));
    *OCI_AT (obj, f->off, char *) = NULL;
    return;
  case OCI_K_BOOL:
    *OCI_AT (obj, f->off, bool) = false;
    *OCI_AT (obj, f->aux, bool) = false;
    return;
  case OCI_K_I32:
  case OCI_K_U32:
    *OCI_AT (obj, f->off, uint32_t) = 0;
    *OCI_AT (obj, f->aux, bool) = false;
    return;
  case OCI_K_I64:
  case OCI_K_U64:
    *OCI_AT (obj, f->off, uint64_t) = 0;
    *OCI_AT (obj, f->aux, bool) = false;
    return;
  case OCI_K_STRS:
    free_strs (*OCI_AT (obj, f->off, char **), *len);
    break;
  case OCI_K_U32S:
    free (*OCI_AT (obj, f->off, uint32_t *));
    break;
  case OCI_K_OBJ:
    oci_free (f->sub, *OCI_AT (obj, f->off, void *));
    *OCI_AT (obj, f->off, void *) = NULL;
    return;
  case OCI_K_OBJS:
  case OCI_K_OBJMAP: {
    void **v = *OCI_AT (obj, f->off, void **);
    for (size_t i = 0; i < *len; i++)
      oci_free (f->sub, v[i]);
    free (v);
    if (f->kind == OCI_K_OBJMAP) {
      free_strs (*OCI_AT (obj, f->keys, char **), *len);
      *OCI_AT (obj, f->keys, char **) = NULL;
    }
    break;
  }
  case OCI_K_STRMAP: {
    struct oci_kv *kv = *OCI_AT (obj, f->off, struct oci_kv *);
    for (size_t i = 0; i < *len; i++) {
      free (kv[i].key);
      free (kv[i].value);
    }
    free (kv);
    break;
  }
  }
  *OCI_AT (obj, f->off, void *) = NULL;
  *len = 0;
}

void
oci_free (const struct oci_type *type, void *obj)
{
  if (obj == NULL)
    return;
  for (size_t i = 0; i < type->nfields; i++)
    oci_field_clear (&type->fields[i], obj);
  free (obj);
}

const char *
oci_kv_get (const struct oci_kv *kv, size_t len, const char *key)
{
  for (size_t i = 0; i < len; i++)
    if (kv[i].key && strcmp (kv[i].key, key) == 0)
      return kv[i].value;
  return NULL;
}
