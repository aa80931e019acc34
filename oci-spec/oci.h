/* C structs generated from config.def, and the generic parser/serializer API over them. */
#ifndef STOKE_OCI_H
#define STOKE_OCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../src/util/error.h"

/* GNU C (-std=gnu11) predefines `linux` (and `unix`) as 1; the data model has a member and a type
 * named linux, so the macro must go before config.def is expanded. Use __linux__ instead. */
#undef linux

#include "config.def"

/* GCC's gnu* modes predefine `linux` as 1, which would turn struct oci_linux and the member
 * config.linux into numbers. */
#undef linux

struct oci_kv
{
  char *key;
  char *value;
};

/* Struct members, one macro per KIND. */
#define OCI_MEMBER_STR(m, sub)  char *m;
#define OCI_MEMBER_BOOL(m, sub) bool m, has_##m;
#define OCI_MEMBER_I32(m, sub)                                                                     \
  int32_t m;                                                                                       \
  bool has_##m;
#define OCI_MEMBER_U32(m, sub)                                                                     \
  uint32_t m;                                                                                      \
  bool has_##m;
#define OCI_MEMBER_I64(m, sub)                                                                     \
  int64_t m;                                                                                       \
  bool has_##m;
#define OCI_MEMBER_U64(m, sub)                                                                     \
  uint64_t m;                                                                                      \
  bool has_##m;
#define OCI_MEMBER_STRS(m, sub)                                                                    \
  char **m;                                                                                        \
  size_t m##_len;
#define OCI_MEMBER_U32S(m, sub)                                                                    \
  uint32_t *m;                                                                                     \
  size_t m##_len;
#define OCI_MEMBER_OBJ(m, sub) struct oci_##sub *m;
#define OCI_MEMBER_OBJS(m, sub)                                                                    \
  struct oci_##sub **m;                                                                            \
  size_t m##_len;
#define OCI_MEMBER_STRMAP(m, sub)                                                                  \
  struct oci_kv *m;                                                                                \
  size_t m##_len;
#define OCI_MEMBER_OBJMAP(m, sub)                                                                  \
  struct oci_##sub **m;                                                                            \
  char **m##_keys;                                                                                 \
  size_t m##_len;

#define OCI_MEMBER(type, m, key, kind, sub, flags, since) OCI_MEMBER_##kind (m, sub)
#define OCI_FORWARD(t)                                    struct oci_##t;
#define OCI_STRUCT(t)                                                                              \
  struct oci_##t                                                                                   \
  {                                                                                                \
    OCI_FIELDS_##t (OCI_MEMBER)                                                                    \
  };

OCI_TYPES (OCI_FORWARD)
OCI_TYPES (OCI_STRUCT)

/* Descriptors: what the generic code walks. */
enum oci_kind
{
  OCI_K_STR,
  OCI_K_BOOL,
  OCI_K_I32,
  OCI_K_U32,
  OCI_K_I64,
  OCI_K_U64,
  OCI_K_STRS,
  OCI_K_U32S,
  OCI_K_OBJ,
  OCI_K_OBJS,
  OCI_K_STRMAP,
  OCI_K_OBJMAP,
};

enum
{
  OCI_OPT = 0,
  OCI_REQ = 1,
};

struct oci_type;

struct oci_field
{
  const char *key; /* JSON key */
  enum oci_kind kind;
  unsigned char required; /* OCI_REQ */
  unsigned short since;   /* spec version, 130 = 1.3.0 */
  size_t off;             /* the member */
  size_t aux;             /* has_member (scalars) or member_len (arrays, maps) */
  size_t keys;            /* member_keys (OBJMAP) */
  const struct oci_type *sub;
};

struct oci_type
{
  const char *name; /* "process", ... */
  size_t size;
  const struct oci_field *fields;
  size_t nfields;
};

#define OCI_TYPE_DECL(t) extern const struct oci_type oci_type_##t;
OCI_TYPES (OCI_TYPE_DECL)

/* Parse JSON text into a new object of `type`. `source` names the input in messages
 * ("config.json"): every error is one line "source: json.path: what is wrong". Unknown keys are
 * ignored, as the spec allows; null means absent; a repeated key (or map key) replaces the earlier
 * one. An array or map member given in the input is non-NULL even when empty, so [] and absent
 * differ and survive oci_emit(). Nesting is bounded (64 levels), so no input can exhaust the
 * stack. */
int oci_parse (const struct oci_type *type, const char *json, size_t len, const char *source,
               void **out, st_err *err);

/* Read and parse a file; `source` defaults to the path. */
int oci_parse_file (const struct oci_type *type, const char *path, const char *source, void **out,
                    st_err *err);

/* Serialize to JSON text, members in declaration order, absent ones omitted; `pretty` indents by
 * two spaces. *out is NUL-terminated, caller frees; `len` may be NULL. */
int oci_emit (const struct oci_type *type, const void *obj, bool pretty, char **out, size_t *len,
              st_err *err);

void oci_free (const struct oci_type *type, void *obj);

/* Typed conveniences. */
#define OCI_TYPED(t)                                                                               \
  static inline int oci_##t##_parse (const char *json, size_t len, const char *source,             \
                                     struct oci_##t **out, st_err *err)                            \
  {                                                                                                \
    return oci_parse (&oci_type_##t, json, len, source, (void **) out, err);                       \
  }                                                                                                \
  static inline void oci_##t##_free (struct oci_##t *obj)                                          \
  {                                                                                                \
    oci_free (&oci_type_##t, obj);                                                                 \
  }
OCI_TYPES (OCI_TYPED)

static inline void
oci_config_freep (struct oci_config **c)
{
  oci_config_free (*c);
}
#define cleanup_config __attribute__ ((cleanup (oci_config_freep)))

/* Semantic checks the types alone cannot express, for a config about to be run on Linux:
 * ociVersion within 1.0.0..1.3.x, process/root present, namespace types known and not repeated,
 * enumerations (rootfsPropagation, rlimit types, device types, cgroup device access), absolute
 * paths (cwd, hooks, namespace paths), id mappings present exactly when a user namespace is,
 * timeOffsets only with a new time namespace, hostname only with a UTS namespace. Errors are
 * "source: json.path: message"; `source` defaults to "config.json". */
int oci_config_validate (const struct oci_config *c, const char *source, st_err *err);

/* s as a JSON string literal ("..." or null) in buf, escaped and shortened so that a message
 * quoting a config value stays on one line. OCI_Q uses a buffer that lives until the end of the
 * enclosing full expression. */
const char *oci_quote (const char *s, char *buf, size_t size);
#define OCI_Q(s) oci_quote ((s), (char[128]){ 0 }, 128)

/* Look up a key in a STRMAP; NULL when absent. */
const char *oci_kv_get (const struct oci_kv *kv, size_t len, const char *key);

#endif
