build-clang/src/cmd/spec.o: src/cmd/spec.c src/cmd/cmd.h \
  src/container/container.h src/container/state.h oci-spec/oci.h \
  oci-spec/../src/util/error.h oci-spec/config.def src/util/error.h \
  src/util/cleanup.h

src/cmd/cmd.h:

src/container/container.h:

src/container/state.h:

oci-spec/oci.h:

oci-spec/../src/util/error.h:

oci-spec/config.def:

src/util/error.h:

src/util/cleanup.h:
