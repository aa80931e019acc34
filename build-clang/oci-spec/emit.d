build-clang/oci-spec/emit.o: oci-spec/emit.c oci-spec/internal.h \
  oci-spec/oci.h oci-spec/../src/util/error.h oci-spec/config.def

oci-spec/internal.h:

oci-spec/oci.h:

oci-spec/../src/util/error.h:

oci-spec/config.def:
