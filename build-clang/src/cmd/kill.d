build-clang/src/cmd/kill.o: src/cmd/kill.c src/cmd/cmd.h \
  src/container/container.h src/container/state.h oci-spec/oci.h \
  oci-spec/../src/util/error.h oci-spec/config.def src/util/error.h \
  src/util/names.h

src/cmd/cmd.h:

src/container/container.h:

src/container/state.h:

oci-spec/oci.h:

oci-spec/../src/util/error.h:

oci-spec/config.def:

src/util/error.h:

src/util/names.h:
