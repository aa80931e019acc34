build-clang/src/linux/rootfs.o: src/linux/rootfs.c src/linux/rootfs.h \
  oci-spec/oci.h oci-spec/../src/util/error.h oci-spec/config.def \
  src/cgroup/cgroup.h src/util/error.h src/linux/mount_opts.h \
  src/util/cleanup.h src/util/path.h

src/linux/rootfs.h:

oci-spec/oci.h:

oci-spec/../src/util/error.h:

oci-spec/config.def:

src/cgroup/cgroup.h:

src/util/error.h:

src/linux/mount_opts.h:

src/util/cleanup.h:

src/util/path.h:
