build-clang/src/container/hooks.o: src/container/hooks.c \
  src/container/hooks.h oci-spec/oci.h oci-spec/../src/util/error.h \
  oci-spec/config.def src/util/error.h src/util/cleanup.h

src/container/hooks.h:

oci-spec/oci.h:

oci-spec/../src/util/error.h:

oci-spec/config.def:

src/util/error.h:

src/util/cleanup.h:
