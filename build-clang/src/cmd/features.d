build-clang/src/cmd/features.o: src/cmd/features.c config.h src/cmd/cmd.h \
  src/container/container.h src/container/state.h oci-spec/oci.h \
  oci-spec/../src/util/error.h oci-spec/config.def src/util/error.h \
  src/util/cleanup.h

config.h:

src/cmd/cmd.h:

src/container/container.h:

src/container/state.h:

oci-spec/oci.h:

oci-spec/../src/util/error.h:

oci-spec/config.def:

src/util/error.h:

src/util/cleanup.h:
