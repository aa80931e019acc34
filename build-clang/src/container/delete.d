build-clang/src/container/delete.o: src/container/delete.c \
  src/cgroup/cgroup.h src/util/error.h src/container/internal.h \
  src/container/container.h src/container/state.h oci-spec/oci.h \
  oci-spec/../src/util/error.h oci-spec/config.def src/container/hooks.h \
  src/util/cleanup.h src/util/names.h

src/cgroup/cgroup.h:

src/util/error.h:

src/container/internal.h:

src/container/container.h:

src/container/state.h:

oci-spec/oci.h:

oci-spec/../src/util/error.h:

oci-spec/config.def:

src/container/hooks.h:

src/util/cleanup.h:

src/util/names.h:
