build-clang/src/linux/process.o: src/linux/process.c src/linux/process.h \
  oci-spec/oci.h oci-spec/../src/util/error.h oci-spec/config.def \
  oci-spec/names.h src/util/cleanup.h

src/linux/process.h:

oci-spec/oci.h:

oci-spec/../src/util/error.h:

oci-spec/config.def:

oci-spec/names.h:

src/util/cleanup.h:
