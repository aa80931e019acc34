build-clang/oci-spec/parse.o: oci-spec/parse.c oci-spec/internal.h \
  oci-spec/oci.h oci-spec/../src/util/error.h oci-spec/config.def \
  oci-spec/../src/util/cleanup.h

oci-spec/internal.h:

oci-spec/oci.h:

oci-spec/../src/util/error.h:

oci-spec/config.def:

oci-spec/../src/util/cleanup.h:
