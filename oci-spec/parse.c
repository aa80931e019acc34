/* The generic JSON parser: yajl's event parser drives a stack of frames that walks the descriptor
 * tables and fills the structs in one pass, with no intermediate tree and no recursion. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yajl/yajl_parse.h>

#include "internal.h"
#include "../src/util/cleanup.h"

#define MAX_FILE_SIZE (64 << 20)

enum frame_kind
{
  FR_OBJ,  /* an object of `type`, at `obj` */
  FR_STRS, /* arrays and maps: member `member` of `obj` */
  FR_U32S,
  FR_OBJS,
  FR_STRMAP,
  FR_OBJMAP,
  FR_SKIP, /* inside the value of an unknown key */
};

/* One step of a JSON path: how a value is reached from its container. */
enum step
{
  STEP_NONE,
  STEP_FIELD, /* .name */
  STEP_INDEX, /* [index] */
  STEP_KEY,   /* ["name"] */
};

struct frame
{
  enum frame_kind kind;
  enum step via; /* how this frame's value is reached from the frame below */
  const char *via_name;
  size_t via_index;
  const struct oci_type *type;     /* FR_OBJ */
  const struct oci_field *pending; /* FR_OBJ: the member of the last key; NULL if unknown */
  uint64_t seen;                   /* FR_OBJ: members set so far, by index */
  const struct oci_field *member;  /* containers */
  void *obj;
  size_t cap; /* containers: allocated elements */
};

struct ctx
{
  const char *source;
  st_err *err;
  void *root;
  const struct oci_type *root_type;
  bool too_deep;
  bool at_key; /* a map key is being read: paths end at the map */
  int top;     /* -1 before the root object and after it */
  struct frame stack[OCI_MAX_DEPTH];
};

enum vtype
{
  V_NULL,
  V_BOOL,
  V_NUMBER,
  V_STRING,
  V_MAP,
  V_ARRAY,
};

static const char *const vtype_names[]
    = { "null", "boolean", "number", "string", "object", "array" };

static const char *
kind_desc (enum oci_kind k)
{
  switch (k) {
  case OCI_K_STR:
    return "a string";
  case OCI_K_BOOL:
    return "a boolean";
  case OCI_K_I32:
    return "a 32-bit integer";
  case OCI_K_U32:
    return "an unsigned 32-bit integer";
  case OCI_K_I64:
    return "a 64-bit integer";
  case OCI_K_U64:
    return "an unsigned 64-bit integer";
  case OCI_K_STRS:
    return "an array of strings";
  case OCI_K_U32S:
    return "an array of unsigned 32-bit integers";
  case OCI_K_OBJ:
    return "an object";
  case OCI_K_OBJS:
    return "an array of objects";
  case OCI_K_STRMAP:
    return "an object of strings";
  case OCI_K_OBJMAP:
    return "an object of objects";
  }
  return "?";
}

static size_t *
member_len (const struct frame *f)
{
  return OCI_AT (f->obj, f->member->aux, size_t);
}

static void *
member_ptr (const struct frame *f)
{
  return OCI_AT (f->obj, f->member->off, void *);
}

/* Write s as the body of a JSON string. */
static void
put_escaped (FILE *out, const char *s)
{
  for (; *s; s++) {
    unsigned char c = *s;
    if (c == '"' || c == '\\')
      fprintf (out, "\\%c", c);
    else if (c < 0x20 || c == 0x7f)
      fprintf (out, "\\u%04x", c);
    else
      fputc (c, out);
  }
}

static void
put_step (FILE *out, bool first, enum step step, const char *name, size_t index)
{
  switch (step) {
  case STEP_NONE:
    break;
  case STEP_FIELD:
    fprintf (out, "%s%s", first ? "" : ".", name);
    break;
  case STEP_INDEX:
    fprintf (out, "[%zu]", index);
    break;
  case STEP_KEY:
    fputs ("[\"", out);
    put_escaped (out, name);
    fputs ("\"]", out);
    break;
  }
}

/* The step to the value the frame is about to receive. */
static enum step
frame_leaf (const struct frame *f, const char **name, size_t *index)
{
  switch (f->kind) {
  case FR_OBJ:
    if (f->pending == NULL)
      return STEP_NONE;
    *name = f->pending->key;
    return STEP_FIELD;
  case FR_STRS:
  case FR_U32S:
  case FR_OBJS:
    *index = *member_len (f);
    return STEP_INDEX;
  case FR_STRMAP:
  case FR_OBJMAP: {
    size_t len = *member_len (f);
    if (len == 0)
      return STEP_NONE;
    if (f->kind == FR_STRMAP)
      *name = (*(struct oci_kv **) member_ptr (f))[len - 1].key;
    else
      *name = (*OCI_AT (f->obj, f->member->keys, char **))[len - 1];
    return STEP_KEY;
  }
  case FR_SKIP:
    break;
  }
  return STEP_NONE;
}

/* "json.path" of the value the top frame is about to receive; NULL when at the top level. */
static char *
current_path (struct ctx *x)
{
  char *buf = NULL;
  size_t size = 0;
  const char *name = NULL;
  size_t index = 0;
  bool first = true;
  FILE *out;

  if (x->top < 0)
    return NULL;
  out = open_memstream (&buf, &size);
  if (out == NULL)
    return NULL;
  for (int i = 1; i <= x->top; i++) {
    const struct frame *f = &x->stack[i];
    put_step (out, first, f->via, f->via_name, f->via_index);
    first = first && f->via == STEP_NONE;
  }
  if (!x->at_key) {
    enum step leaf = frame_leaf (&x->stack[x->top], &name, &index);
    put_step (out, first, leaf, name, index);
  }
  fclose (out);
  if (buf && *buf == '\0') {
    free (buf);
    return NULL;
  }
  return buf;
}

/* Fail with "source: path: message" for the value the top frame is about to receive. Returns 0,
 * which makes yajl stop. */
static int __attribute__ ((format (printf, 2, 3))) fail (struct ctx *x, const char *fmt, ...)
{
  cleanup_free char *path = current_path (x);
  cleanup_free char *msg = NULL;
  va_list ap;

  va_start (ap, fmt);
  if (vasprintf (&msg, fmt, ap) < 0)
    msg = NULL;
  va_end (ap);
  if (msg == NULL)
    st_fail (x->err, ENOMEM, "%s", x->source);
  else if (path)
    st_fail (x->err, 0, "%s: %s: %s", x->source, path, msg);
  else
    st_fail (x->err, 0, "%s: %s", x->source, msg);
  return 0;
}

static int
fail_oom (struct ctx *x)
{
  st_fail (x->err, ENOMEM, "%s", x->source);
  return 0;
}

static int
fail_type (struct ctx *x, enum oci_kind want, enum vtype got)
{
  return fail (x, "expected %s, got %s", kind_desc (want), vtype_names[got]);
}

/* Make room for one more element in an array of `size`-byte elements. */
static bool
grow (void **array, size_t *cap, size_t len, size_t size)
{
  if (len < *cap)
    return true;
  size_t ncap = *cap ? *cap * 2 : 4;
  void *n = reallocarray (*array, ncap, size);
  if (n == NULL)
    return false;
  *array = n;
  *cap = ncap;
  return true;
}

static struct frame *
push (struct ctx *x, enum frame_kind kind)
{
  struct frame *f;
  enum step via = STEP_NONE;
  const char *name = NULL;
  size_t index = 0;

  if (x->top + 1 >= OCI_MAX_DEPTH) {
    x->too_deep = true;
    return NULL;
  }
  if (x->top >= 0)
    via = frame_leaf (&x->stack[x->top], &name, &index);
  f = &x->stack[++x->top];
  memset (f, 0, sizeof *f);
  f->kind = kind;
  f->via = via;
  f->via_name = name;
  f->via_index = index;
  return f;
}

/* Make the frame just pushed the frame of object `obj` of `type`. */
static int
push_object (struct ctx *x, struct frame *f, const struct oci_type *type, void *obj)
{
  f->kind = FR_OBJ;
  f->type = type;
  f->obj = obj;
  return 1;
}

static int
copy_string (struct ctx *x, const char *s, size_t len, char **out)
{
  if (memchr (s, '\0', len))
    return fail (x, "string contains a NUL character");
  *out = strndup (s, len);
  return *out ? 1 : fail_oom (x);
}

static int
convert_int (struct ctx *x, enum oci_kind kind, const char *s, size_t len, void *dst)
{
  bool neg = len > 0 && s[0] == '-';
  uint64_t v = 0;
  bool ok = len > (size_t) neg && len < 32;

  for (size_t i = neg; ok && i < len; i++) {
    unsigned d = (unsigned char) s[i] - '0';
    if (d > 9 || v > (UINT64_MAX - d) / 10)
      ok = false;
    else
      v = v * 10 + d;
  }
  if (ok) {
    switch (kind) {
    case OCI_K_U32:
      ok = (!neg || v == 0) && v <= UINT32_MAX;
      if (ok)
        *(uint32_t *) dst = v;
      break;
    case OCI_K_U64:
      ok = !neg || v == 0;
      if (ok)
        *(uint64_t *) dst = v;
      break;
    case OCI_K_I32:
      ok = neg ? v <= (uint64_t) INT32_MAX + 1 : v <= INT32_MAX;
      if (ok)
        *(int32_t *) dst = neg ? (int32_t) (0 - (uint32_t) v) : (int32_t) v;
      break;
    case OCI_K_I64:
      ok = neg ? v <= (uint64_t) INT64_MAX + 1 : v <= INT64_MAX;
      if (ok)
        *(int64_t *) dst = neg ? (int64_t) (0 - v) : (int64_t) v;
      break;
    default:
      ok = false;
    }
  }
  if (!ok)
    return fail (x, "expected %s, got %.*s%s", kind_desc (kind), (int) (len > 40 ? 40 : len), s,
                 len > 40 ? "..." : "");
  return 1;
}

static size_t
element_size (enum frame_kind kind)
{
  switch (kind) {
  case FR_STRS:
    return sizeof (char *);
  case FR_U32S:
    return sizeof (uint32_t);
  case FR_STRMAP:
    return sizeof (struct oci_kv);
  default:
    return sizeof (void *);
  }
}

/* An array or map member begins. It is allocated even when it stays empty, so that a NULL
 * member means absent and [] or {} survives a round trip. */
static int
start_container (struct ctx *x, struct frame *c, const struct oci_field *member, void *owner)
{
  size_t kcap = 0;

  c->member = member;
  c->obj = owner;
  if (!grow (member_ptr (c), &c->cap, 0, element_size (c->kind)))
    return fail_oom (x);
  if (c->kind == FR_STRS)
    (*(char ***) member_ptr (c))[0] = NULL;
  if (c->kind == FR_OBJMAP
      && !grow ((void **) OCI_AT (owner, member->keys, char **), &kcap, 0, sizeof (char *)))
    return fail_oom (x);
  return 1;
}

/* A value for member f->pending of the object on top. */
static int
object_value (struct ctx *x, struct frame *f, enum vtype vt, const char *s, size_t len)
{
  const struct oci_field *fd = f->pending;
  uint64_t bit;
  void *dst;

  if (fd == NULL) {
    /* An unknown key: skip its value. */
    if (vt == V_MAP || vt == V_ARRAY)
      return push (x, FR_SKIP) != NULL;
    return 1;
  }
  bit = UINT64_C (1) << (fd - f->type->fields);
  dst = OCI_AT (f->obj, fd->off, void);
  /* A repeated key replaces the earlier value; null means absent. */
  if (f->seen & bit) {
    oci_field_clear (fd, f->obj);
    f->seen &= ~bit;
  }
  if (vt == V_NULL)
    return 1;

  switch (fd->kind) {
  case OCI_K_STR:
    if (vt != V_STRING)
      return fail_type (x, fd->kind, vt);
    if (!copy_string (x, s, len, dst))
      return 0;
    break;
  case OCI_K_BOOL:
    if (vt != V_BOOL)
      return fail_type (x, fd->kind, vt);
    *(bool *) dst = len != 0;
    *OCI_AT (f->obj, fd->aux, bool) = true;
    break;
  case OCI_K_I32:
  case OCI_K_U32:
  case OCI_K_I64:
  case OCI_K_U64:
    if (vt != V_NUMBER)
      return fail_type (x, fd->kind, vt);
    if (!convert_int (x, fd->kind, s, len, dst))
      return 0;
    *OCI_AT (f->obj, fd->aux, bool) = true;
    break;
  case OCI_K_STRS:
  case OCI_K_U32S:
  case OCI_K_OBJS: {
    if (vt != V_ARRAY)
      return fail_type (x, fd->kind, vt);
    struct frame *c = push (x, fd->kind == OCI_K_STRS   ? FR_STRS
                               : fd->kind == OCI_K_U32S ? FR_U32S
                                                        : FR_OBJS);
    if (c == NULL || !start_container (x, c, fd, f->obj))
      return 0;
    break;
  }
  case OCI_K_OBJ: {
    if (vt != V_MAP)
      return fail_type (x, fd->kind, vt);
    void *child = calloc (1, fd->sub->size);
    if (child == NULL)
      return fail_oom (x);
    *(void **) dst = child;
    f->seen |= bit;
    struct frame *c = push (x, FR_OBJ);
    if (c == NULL)
      return 0;
    return push_object (x, c, fd->sub, child);
  }
  case OCI_K_STRMAP:
  case OCI_K_OBJMAP: {
    if (vt != V_MAP)
      return fail_type (x, fd->kind, vt);
    struct frame *c = push (x, fd->kind == OCI_K_STRMAP ? FR_STRMAP : FR_OBJMAP);
    if (c == NULL || !start_container (x, c, fd, f->obj))
      return 0;
    break;
  }
  }
  f->seen |= bit;
  return 1;
}

static int
array_value (struct ctx *x, struct frame *f, enum vtype vt, const char *s, size_t len)
{
  size_t *n = member_len (f);
  void **array = member_ptr (f);

  switch (f->kind) {
  case FR_STRS: {
    char *str;
    if (vt != V_STRING)
      return fail_type (x, OCI_K_STR, vt);
    /* Room for a NULL after the last one: string arrays go to execve as they are. */
    if (!grow (array, &f->cap, *n + 1, sizeof (char *)))
      return fail_oom (x);
    if (!copy_string (x, s, len, &str))
      return 0;
    (*(char ***) array)[(*n)++] = str;
    (*(char ***) array)[*n] = NULL;
    return 1;
  }
  case FR_U32S: {
    uint32_t v;
    if (vt != V_NUMBER)
      return fail_type (x, OCI_K_U32, vt);
    if (!convert_int (x, OCI_K_U32, s, len, &v))
      return 0;
    if (!grow (array, &f->cap, *n, sizeof (uint32_t)))
      return fail_oom (x);
    (*(uint32_t **) array)[(*n)++] = v;
    return 1;
  }
  default: {
    const struct oci_type *type = f->member->sub;
    void *child;
    struct frame *c;
    if (vt != V_MAP)
      return fail_type (x, OCI_K_OBJ, vt);
    if (!grow (array, &f->cap, *n, sizeof (void *)))
      return fail_oom (x);
    c = push (x, FR_OBJ); /* before appending: the step is [n] */
    if (c == NULL)
      return 0;
    child = calloc (1, type->size);
    if (child == NULL)
      return fail_oom (x);
    (*(void ***) array)[(*n)++] = child;
    return push_object (x, c, type, child);
  }
  }
}

static int
map_value (struct ctx *x, struct frame *f, enum vtype vt, const char *s, size_t len)
{
  size_t n = *member_len (f);

  if (f->kind == FR_STRMAP) {
    struct oci_kv *kv = *(struct oci_kv **) member_ptr (f);
    if (vt != V_STRING)
      return fail_type (x, OCI_K_STR, vt);
    return copy_string (x, s, len, &kv[n - 1].value);
  }
  if (vt != V_MAP)
    return fail_type (x, OCI_K_OBJ, vt);
  void *child = calloc (1, f->member->sub->size);
  if (child == NULL)
    return fail_oom (x);
  (*(void ***) member_ptr (f))[n - 1] = child;
  struct frame *c = push (x, FR_OBJ);
  if (c == NULL)
    return 0;
  return push_object (x, c, f->member->sub, child);
}

static int
on_value (struct ctx *x, enum vtype vt, const char *s, size_t len)
{
  struct frame *f;

  if (x->top < 0) {
    if (vt != V_MAP)
      return fail (x, "expected a JSON object");
    x->root = calloc (1, x->root_type->size);
    if (x->root == NULL)
      return fail_oom (x);
    f = push (x, FR_OBJ);
    return push_object (x, f, x->root_type, x->root);
  }
  f = &x->stack[x->top];
  switch (f->kind) {
  case FR_OBJ:
    return object_value (x, f, vt, s, len);
  case FR_STRS:
  case FR_U32S:
  case FR_OBJS:
    return array_value (x, f, vt, s, len);
  case FR_STRMAP:
  case FR_OBJMAP:
    return map_value (x, f, vt, s, len);
  case FR_SKIP:
    if (vt == V_MAP || vt == V_ARRAY)
      return push (x, FR_SKIP) != NULL;
    return 1;
  }
  return 1;
}

static int
on_map_key (void *ctx, const unsigned char *key, size_t len)
{
  struct ctx *x = ctx;
  struct frame *f = &x->stack[x->top];
  const char *k = (const char *) key;
  size_t *n;

  switch (f->kind) {
  case FR_OBJ:
    /* A key with a NUL byte matches no member. Without one, strncmp() == 0 means the name is at
     * least len bytes long, so name[len] is in bounds. */
    f->pending = NULL;
    if (len == 0 || memchr (k, '\0', len))
      return 1;
    for (size_t i = 0; i < f->type->nfields; i++) {
      const char *name = f->type->fields[i].key;
      if (name[0] == k[0] && strncmp (name, k, len) == 0 && name[len] == '\0') {
        f->pending = &f->type->fields[i];
        break;
      }
    }
    return 1;
  case FR_STRMAP: {
    struct oci_kv **kv = member_ptr (f);
    char *copy;
    n = member_len (f);
    if (!grow ((void **) kv, &f->cap, *n, sizeof **kv))
      return fail_oom (x);
    x->at_key = true;
    if (!copy_string (x, k, len, &copy))
      return 0;
    x->at_key = false;
    (*kv)[(*n)++] = (struct oci_kv){ copy, NULL };
    return 1;
  }
  case FR_OBJMAP: {
    void ***values = member_ptr (f);
    char ***keys = OCI_AT (f->obj, f->member->keys, char **);
    size_t vcap = f->cap, kcap = f->cap;
    char *copy;
    n = member_len (f);
    if (!grow ((void **) values, &vcap, *n, sizeof (void *))
        || !grow ((void **) keys, &kcap, *n, sizeof (char *)))
      return fail_oom (x);
    f->cap = vcap;
    x->at_key = true;
    if (!copy_string (x, k, len, &copy))
      return 0;
    x->at_key = false;
    (*values)[*n] = NULL;
    (*keys)[(*n)++] = copy;
    return 1;
  }
  default:
    return 1;
  }
}

struct key_ref
{
  const char *key;
  size_t index;
};

static int
key_ref_cmp (const void *a, const void *b)
{
  const struct key_ref *p = a, *q = b;
  int c = strcmp (p->key, q->key);
  if (c)
    return c;
  return p->index < q->index ? -1 : p->index > q->index;
}

/* Repeated keys in a map: the last one wins. Sorting keeps big maps O(n log n). */
static int
dedupe_map (struct ctx *x, struct frame *f)
{
  size_t n = *member_len (f), out = 0;
  struct oci_kv *kv = f->kind == FR_STRMAP ? *(struct oci_kv **) member_ptr (f) : NULL;
  void **values = f->kind == FR_OBJMAP ? *(void ***) member_ptr (f) : NULL;
  char **keys = f->kind == FR_OBJMAP ? *OCI_AT (f->obj, f->member->keys, char **) : NULL;
  cleanup_free struct key_ref *refs = NULL;
  cleanup_free bool *drop = NULL;
  bool any = false;

  if (n < 2)
    return 1;
  refs = calloc (n, sizeof *refs);
  drop = calloc (n, sizeof *drop);
  if (refs == NULL || drop == NULL)
    return fail_oom (x);
  for (size_t i = 0; i < n; i++)
    refs[i] = (struct key_ref){ kv ? kv[i].key : keys[i], i };
  qsort (refs, n, sizeof *refs, key_ref_cmp);
  for (size_t i = 0; i + 1 < n; i++)
    if (strcmp (refs[i].key, refs[i + 1].key) == 0)
      any = drop[refs[i].index] = true;
  if (!any)
    return 1;
  for (size_t i = 0; i < n; i++) {
    if (drop[i]) {
      if (kv) {
        free (kv[i].key);
        free (kv[i].value);
      } else {
        free (keys[i]);
        oci_free (f->member->sub, values[i]);
      }
      continue;
    }
    if (kv)
      kv[out] = kv[i];
    else {
      keys[out] = keys[i];
      values[out] = values[i];
    }
    out++;
  }
  *member_len (f) = out;
  return 1;
}

static int
on_end (void *ctx)
{
  struct ctx *x = ctx;
  struct frame *f = &x->stack[x->top];

  if (f->kind == FR_OBJ) {
    for (size_t i = 0; i < f->type->nfields; i++) {
      const struct oci_field *fd = &f->type->fields[i];
      if (fd->required == OCI_REQ && !(f->seen & (UINT64_C (1) << i))) {
        f->pending = fd;
        return fail (x, "required field missing");
      }
    }
  } else if ((f->kind == FR_STRMAP || f->kind == FR_OBJMAP) && !dedupe_map (x, f)) {
    return 0;
  }
  x->top--;
  return 1;
}

static int
on_null (void *ctx)
{
  return on_value (ctx, V_NULL, NULL, 0);
}

static int
on_boolean (void *ctx, int b)
{
  return on_value (ctx, V_BOOL, NULL, b != 0);
}

static int
on_number (void *ctx, const char *s, size_t len)
{
  return on_value (ctx, V_NUMBER, s, len);
}

static int
on_string (void *ctx, const unsigned char *s, size_t len)
{
  return on_value (ctx, V_STRING, (const char *) s, len);
}

static int
on_start_map (void *ctx)
{
  return on_value (ctx, V_MAP, NULL, 0);
}

static int
on_start_array (void *ctx)
{
  return on_value (ctx, V_ARRAY, NULL, 0);
}

static const yajl_callbacks callbacks = {
  .yajl_null = on_null,
  .yajl_boolean = on_boolean,
  .yajl_number = on_number,
  .yajl_string = on_string,
  .yajl_start_map = on_start_map,
  .yajl_map_key = on_map_key,
  .yajl_end_map = on_end,
  .yajl_start_array = on_start_array,
  .yajl_end_array = on_end,
};

/* " (line L, column C)" of byte `offset`. */
static void
position (const char *json, size_t len, size_t offset, char *buf, size_t size)
{
  size_t line = 1, col = 1;
  if (offset > len)
    offset = len;
  for (size_t i = 0; i < offset; i++) {
    if (json[i] == '\n') {
      line++;
      col = 1;
    } else {
      col++;
    }
  }
  snprintf (buf, size, "line %zu, column %zu", line, col);
}

static int
syntax_error (yajl_handle h, const char *json, size_t len, size_t offset, const char *source,
              st_err *err)
{
  unsigned char *raw = yajl_get_error (h, 0, (const unsigned char *) json, len);
  char where[64];
  char *msg = (char *) raw;
  size_t n;

  /* A lexical error is at the byte yajl stopped at; a parse error comes after the token that
   * broke the grammar, so step back onto it. */
  if (msg && strncmp (msg, "parse error", 11) == 0 && offset > 0 && offset < len)
    offset--;
  position (json, len, offset, where, sizeof where);
  if (msg == NULL)
    return st_fail (err, 0, "%s: invalid JSON (%s)", source, where);
  for (char *p = msg; *p; p++)
    if (*p == '\n' || *p == '\r' || *p == '\t')
      *p = ' ';
  n = strlen (msg);
  while (n > 0 && (msg[n - 1] == ' ' || msg[n - 1] == '.'))
    msg[--n] = '\0';
  st_fail (err, 0, "%s: invalid JSON: %s (%s)", source, msg, where);
  yajl_free_error (h, raw);
  return -1;
}

int
oci_parse (const struct oci_type *type, const char *json, size_t len, const char *source,
           void **out, st_err *err)
{
  struct ctx x
      = { .source = source ? source : "<input>", .err = err, .root_type = type, .top = -1 };
  const char *nul;
  yajl_handle h;
  yajl_status st;
  size_t i, offset;
  int ret = 0;

  *out = NULL;
  for (i = 0; i < len && strchr (" \t\r\n", json[i]) && json[i]; i++)
    ;
  if (i == len)
    return st_fail (err, 0, "%s: empty file", x.source);
  nul = memchr (json, '\0', len);
  if (nul) {
    char where[64];
    position (json, len, nul - json, where, sizeof where);
    return st_fail (err, 0, "%s: invalid JSON: NUL byte (%s)", x.source, where);
  }

  h = yajl_alloc (&callbacks, NULL, &x);
  if (h == NULL)
    return st_fail (err, ENOMEM, "%s", x.source);
  /* Errors found by yajl_complete_parse() are at the end of the input. */
  st = yajl_parse (h, (const unsigned char *) json, len);
  offset = yajl_get_bytes_consumed (h);
  if (st == yajl_status_ok) {
    st = yajl_complete_parse (h);
    offset = len;
  }
  if (st == yajl_status_client_canceled) {
    if (x.too_deep) {
      char where[64];
      position (json, len, offset ? offset - 1 : 0, where, sizeof where); /* at the bracket */
      st_fail (err, 0, "%s: JSON nested deeper than %d levels (%s)", x.source, OCI_MAX_DEPTH,
               where);
    }
    ret = -1;
  } else if (st != yajl_status_ok) {
    ret = syntax_error (h, json, len, offset, x.source, err);
  }
  yajl_free (h);
  if (ret < 0) {
    oci_free (type, x.root);
    return ret;
  }
  *out = x.root;
  return 0;
}

int
oci_parse_file (const struct oci_type *type, const char *path, const char *source, void **out,
                st_err *err)
{
  cleanup_close int fd = -1;
  cleanup_free char *buf = NULL;
  struct stat st;
  size_t len = 0, cap;

  *out = NULL;
  if (source == NULL)
    source = path;
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return st_fail_sys (err, "open `%s`", path);
  if (fstat (fd, &st) < 0)
    return st_fail_sys (err, "stat `%s`", path);
  if (st.st_size > MAX_FILE_SIZE)
    return st_fail (err, 0, "%s: file too large (%lld bytes)", source, (long long) st.st_size);
  cap = st.st_size > 0 ? (size_t) st.st_size + 1 : 4096;
  buf = malloc (cap);
  if (buf == NULL)
    return st_fail (err, ENOMEM, "%s", source);
  for (;;) {
    ssize_t r;
    if (len == cap) {
      if (cap >= MAX_FILE_SIZE)
        return st_fail (err, 0, "%s: file too large", source);
      char *n = realloc (buf, cap * 2);
      if (n == NULL)
        return st_fail (err, ENOMEM, "%s", source);
      buf = n;
      cap *= 2;
    }
    r = read (fd, buf + len, cap - len);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0)
      return st_fail_sys (err, "read `%s`", path);
    if (r == 0)
      break;
    len += r;
  }
  return oci_parse (type, buf, len, source, out, err);
}
