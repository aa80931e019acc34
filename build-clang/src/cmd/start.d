build-clang/src/cmd/start.o: src/cmd/start.c src/cmd/cmd.h \
  src/container/container.h src/container/state.h oci-spec/oci.h \
  oci-spec/../src/util/error.h oci-spec/config.def src/util/error.h

src/cmd/cmd.h:

src/container/container.h:

src/container/state.h:

oci-spec/oci.h:

oci-spec/../src/util/error.h:

oci-spec/config.def:

src/util/error.h:
