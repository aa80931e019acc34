/* Helpers shared by the generic parser, serializer and destructor; not part of the API. */
#ifndef STOKE_OCI_INTERNAL_H
#define STOKE_OCI_INTERNAL_H

#include "oci.h"

#define OCI_MAX_DEPTH 64

#define OCI_AT(obj, off, T) ((T *) ((char *) (obj) + (off)))

/* Free what member `f` of `obj` holds and mark it absent. */
void oci_field_clear (const struct oci_field *f, void *obj);

#endif
