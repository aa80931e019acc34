build-clang/src/container/hookrun.o: src/container/hookrun.c \
  src/container/internal.h src/container/container.h \
  src/container/state.h oci-spec/oci.h oci-spec/../src/util/error.h \
  oci-spec/config.def src/util/error.h src/container/hooks.h \
  src/util/cleanup.h src/util/fs.h

src/container/internal.h:

src/container/container.h:

src/container/state.h:

oci-spec/oci.h:

oci-spec/../src/util/error.h:

oci-spec/config.def:

src/util/error.h:

src/container/hooks.h:

src/util/cleanup.h:

src/util/fs.h:
