/* The generic serializer: members in declaration order, absent ones left out. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_gen.h>

#include "internal.h"

static yajl_gen_status
gen_string (yajl_gen g, const char *s)
{
  if (s == NULL)
    return yajl_gen_invalid_string;
  return yajl_gen_string (g, (const unsigned char *) s, strlen (s));
}

static yajl_gen_status
gen_number (yajl_gen g, enum oci_kind kind, const void *p)
{
  char buf[32];
  int n;

  switch (kind) {
  case OCI_K_I32:
    n = snprintf (buf, sizeof buf, "%" PRId32, *(const int32_t *) p);
    break;
  case OCI_K_U32:
    n = snprintf (buf, sizeof buf, "%" PRIu32, *(const uint32_t *) p);
    break;
  case OCI_K_I64:
    n = snprintf (buf, sizeof buf, "%" PRId64, *(const int64_t *) p);
    break;
  default:
    n = snprintf (buf, sizeof buf, "%" PRIu64, *(const uint64_t *) p);
    break;
  }
  return yajl_gen_number (g, buf, n);
}

#define TRY(expr)                                                                                  \
  do {                                                                                             \
    yajl_gen_status s_ = (expr);                                                                   \
    if (s_ != yajl_gen_status_ok)                                                                  \
      return s_;                                                                                   \
  } while (0)

static yajl_gen_status gen_object (yajl_gen g, const struct oci_type *type, const void *obj);

/* yajl's beautifier splits an empty container over lines; yajl_gen_number() inserts its text
 * verbatim, so write empty ones through it. */
static yajl_gen_status
gen_empty (yajl_gen g, bool map)
{
  return yajl_gen_number (g, map ? "{}" : "[]", 2);
}

static yajl_gen_status
gen_field (yajl_gen g, const struct oci_field *f, const void *obj)
{
  const void *p = (const char *) obj + f->off;
  bool map = f->kind == OCI_K_STRMAP || f->kind == OCI_K_OBJMAP;
  bool array = f->kind == OCI_K_STRS || f->kind == OCI_K_U32S || f->kind == OCI_K_OBJS;
  size_t len = map || array ? *(const size_t *) ((const char *) obj + f->aux) : 0;

  if ((map || array) && len == 0)
    return gen_empty (g, map);
  switch (f->kind) {
  case OCI_K_STR:
    return gen_string (g, *(char *const *) p);
  case OCI_K_BOOL:
    return yajl_gen_bool (g, *(const bool *) p);
  case OCI_K_I32:
  case OCI_K_U32:
  case OCI_K_I64:
  case OCI_K_U64:
    return gen_number (g, f->kind, p);
  case OCI_K_STRS:
    TRY (yajl_gen_array_open (g));
    for (size_t i = 0; i < len; i++)
      TRY (gen_string (g, (*(char **const *) p)[i]));
    return yajl_gen_array_close (g);
  case OCI_K_U32S:
    TRY (yajl_gen_array_open (g));
    for (size_t i = 0; i < len; i++)
      TRY (gen_number (g, OCI_K_U32, &(*(uint32_t *const *) p)[i]));
    return yajl_gen_array_close (g);
  case OCI_K_OBJ:
    return gen_object (g, f->sub, *(void *const *) p);
  case OCI_K_OBJS:
    TRY (yajl_gen_array_open (g));
    for (size_t i = 0; i < len; i++)
      TRY (gen_object (g, f->sub, (*(void **const *) p)[i]));
    return yajl_gen_array_close (g);
  case OCI_K_STRMAP: {
    const struct oci_kv *kv = *(struct oci_kv *const *) p;
    TRY (yajl_gen_map_open (g));
    for (size_t i = 0; i < len; i++) {
      TRY (gen_string (g, kv[i].key));
      TRY (gen_string (g, kv[i].value));
    }
    return yajl_gen_map_close (g);
  }
  case OCI_K_OBJMAP: {
    char *const *keys = *(char **const *) ((const char *) obj + f->keys);
    TRY (yajl_gen_map_open (g));
    for (size_t i = 0; i < len; i++) {
      TRY (gen_string (g, keys[i]));
      TRY (gen_object (g, f->sub, (*(void **const *) p)[i]));
    }
    return yajl_gen_map_close (g);
  }
  }
  return yajl_gen_status_ok;
}

static bool
field_present (const struct oci_field *f, const void *obj)
{
  const char *base = obj;

  switch (f->kind) {
  case OCI_K_STR:
  case OCI_K_OBJ:
    return *(void *const *) (base + f->off) != NULL;
  case OCI_K_BOOL:
  case OCI_K_I32:
  case OCI_K_U32:
  case OCI_K_I64:
  case OCI_K_U64:
    return *(const bool *) (base + f->aux);
  default:
    /* An empty array or map was given (the spec distinguishes [] from absent in places), but a
     * NULL one was not. */
    return *(void *const *) (base + f->off) != NULL;
  }
}

static yajl_gen_status
gen_object (yajl_gen g, const struct oci_type *type, const void *obj)
{
  bool open = false;

  if (obj == NULL)
    return yajl_gen_invalid_string;
  for (size_t i = 0; i < type->nfields; i++) {
    const struct oci_field *f = &type->fields[i];
    if (!field_present (f, obj))
      continue;
    if (!open)
      TRY (yajl_gen_map_open (g));
    open = true;
    TRY (gen_string (g, f->key));
    TRY (gen_field (g, f, obj));
  }
  return open ? yajl_gen_map_close (g) : gen_empty (g, true);
}

int
oci_emit (const struct oci_type *type, const void *obj, bool pretty, char **out, size_t *len,
          st_err *err)
{
  yajl_gen g = yajl_gen_alloc (NULL);
  yajl_gen_status st;
  const unsigned char *buf;
  size_t n;

  *out = NULL;
  if (len)
    *len = 0;
  if (g == NULL)
    return st_fail (err, ENOMEM, "serialize %s", type->name);
  yajl_gen_config (g, yajl_gen_validate_utf8, 1);
  if (pretty) {
    yajl_gen_config (g, yajl_gen_beautify, 1);
    yajl_gen_config (g, yajl_gen_indent_string, "  ");
  }
  st = gen_object (g, type, obj);
  if (st == yajl_gen_status_ok)
    st = yajl_gen_get_buf (g, &buf, &n);
  if (st != yajl_gen_status_ok) {
    yajl_gen_free (g);
    if (st == yajl_gen_invalid_string)
      return st_fail (err, EINVAL, "serialize %s: NULL or invalid UTF-8 string", type->name);
    return st_fail (err, EINVAL, "serialize %s: yajl_gen error %d", type->name, (int) st);
  }
  *out = malloc (n + 1);
  if (*out == NULL) {
    yajl_gen_free (g);
    return st_fail (err, ENOMEM, "serialize %s", type->name);
  }
  memcpy (*out, buf, n);
  (*out)[n] = '\0';
  if (len)
    *len = n;
  yajl_gen_free (g);
  return 0;
}
