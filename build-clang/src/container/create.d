build-clang/src/container/create.o: src/container/create.c \
  src/cgroup/cgroup.h src/util/error.h src/container/internal.h \
  src/container/container.h src/container/state.h oci-spec/oci.h \
  oci-spec/../src/util/error.h oci-spec/config.def src/container/hooks.h \
  src/linux/init.h src/linux/process.h src/linux/sync.h oci-spec/names.h \
  src/util/cleanup.h src/util/fs.h src/util/names.h src/util/path.h

src/cgroup/cgroup.h:

src/util/error.h:

src/container/internal.h:

src/container/container.h:

src/container/state.h:

oci-spec/oci.h:

oci-spec/../src/util/error.h:

oci-spec/config.def:

src/container/hooks.h:

src/linux/init.h:

src/linux/process.h:

src/linux/sync.h:

oci-spec/names.h:

src/util/cleanup.h:

src/util/fs.h:

src/util/names.h:

src/util/path.h:
