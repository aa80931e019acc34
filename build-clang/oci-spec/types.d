build-clang/oci-spec/types.o: oci-spec/types.c oci-spec/oci.h \
  oci-spec/../src/util/error.h oci-spec/config.def

oci-spec/oci.h:

oci-spec/../src/util/error.h:

oci-spec/config.def:
