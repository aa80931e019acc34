build-clang/src/container/state.o: src/container/state.c \
  src/container/state.h oci-spec/oci.h oci-spec/../src/util/error.h \
  oci-spec/config.def src/util/error.h src/util/cleanup.h src/util/fs.h \
  src/util/names.h

src/container/state.h:

oci-spec/oci.h:

oci-spec/../src/util/error.h:

oci-spec/config.def:

src/util/error.h:

src/util/cleanup.h:

src/util/fs.h:

src/util/names.h:
