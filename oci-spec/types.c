/* The descriptor tables, one per type of config.def, expanded by the preprocessor. */
#include "oci.h"

/* Where a member's companion lives: has_<m> for scalars, <m>_len for arrays and maps. */
#define AUX_STR(t, m)    0
#define AUX_BOOL(t, m)   offsetof (struct oci_##t, has_##m)
#define AUX_I32(t, m)    offsetof (struct oci_##t, has_##m)
#define AUX_U32(t, m)    offsetof (struct oci_##t, has_##m)
#define AUX_I64(t, m)    offsetof (struct oci_##t, has_##m)
#define AUX_U64(t, m)    offsetof (struct oci_##t, has_##m)
#define AUX_STRS(t, m)   offsetof (struct oci_##t, m##_len)
#define AUX_U32S(t, m)   offsetof (struct oci_##t, m##_len)
#define AUX_OBJ(t, m)    0
#define AUX_OBJS(t, m)   offsetof (struct oci_##t, m##_len)
#define AUX_STRMAP(t, m) offsetof (struct oci_##t, m##_len)
#define AUX_OBJMAP(t, m) offsetof (struct oci_##t, m##_len)

#define KEYS_STR(t, m)    0
#define KEYS_BOOL(t, m)   0
#define KEYS_I32(t, m)    0
#define KEYS_U32(t, m)    0
#define KEYS_I64(t, m)    0
#define KEYS_U64(t, m)    0
#define KEYS_STRS(t, m)   0
#define KEYS_U32S(t, m)   0
#define KEYS_OBJ(t, m)    0
#define KEYS_OBJS(t, m)   0
#define KEYS_STRMAP(t, m) 0
#define KEYS_OBJMAP(t, m) offsetof (struct oci_##t, m##_keys)

#define SUB_STR(s)    NULL
#define SUB_BOOL(s)   NULL
#define SUB_I32(s)    NULL
#define SUB_U32(s)    NULL
#define SUB_I64(s)    NULL
#define SUB_U64(s)    NULL
#define SUB_STRS(s)   NULL
#define SUB_U32S(s)   NULL
#define SUB_OBJ(s)    &oci_type_##s
#define SUB_OBJS(s)   &oci_type_##s
#define SUB_STRMAP(s) NULL
#define SUB_OBJMAP(s) &oci_type_##s

#define FIELD(t, m, key, kind, sub, flags, since)                                                  \
  { key,                                                                                           \
    OCI_K_##kind,                                                                                  \
    OCI_##flags,                                                                                   \
    since,                                                                                         \
    offsetof (struct oci_##t, m),                                                                  \
    AUX_##kind (t, m),                                                                             \
    KEYS_##kind (t, m),                                                                            \
    SUB_##kind (sub) },

/* The parser tracks the members it has seen in a 64-bit mask. */
#define TYPE(t)                                                                                    \
  static const struct oci_field fields_##t[] = { OCI_FIELDS_##t (FIELD) };                         \
  _Static_assert(sizeof fields_##t / sizeof fields_##t[0] <= 64, "too many fields in " #t);        \
  const struct oci_type oci_type_##t                                                               \
      = { #t, sizeof (struct oci_##t), fields_##t, sizeof fields_##t / sizeof fields_##t[0] };

OCI_TYPES (TYPE)
