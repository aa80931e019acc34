build-clang/oci-spec/free.o: oci-spec/free.c oci-spec/internal.h \
  oci-spec/oci.h oci-spec/../src/util/error.h oci-spec/config.def

oci-spec/internal.h:

oci-spec/oci.h:

oci-spec/../src/util/error.h:

oci-spec/config.def:
