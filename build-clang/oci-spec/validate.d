build-clang/oci-spec/validate.o: oci-spec/validate.c oci-spec/oci.h \
  oci-spec/../src/util/error.h oci-spec/config.def oci-spec/names.h

oci-spec/oci.h:

oci-spec/../src/util/error.h:

oci-spec/config.def:

oci-spec/names.h:
