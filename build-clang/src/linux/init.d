build-clang/src/linux/init.o: src/linux/init.c src/linux/init.h \
  oci-spec/oci.h oci-spec/../src/util/error.h oci-spec/config.def \
  src/linux/process.h src/linux/rootfs.h src/linux/sync.h \
  src/util/error.h src/linux/terminal.h src/util/cleanup.h src/util/fs.h

src/linux/init.h:

oci-spec/oci.h:

oci-spec/../src/util/error.h:

oci-spec/config.def:

src/linux/process.h:

src/linux/rootfs.h:

src/linux/sync.h:

src/util/error.h:

src/linux/terminal.h:

src/util/cleanup.h:

src/util/fs.h:
