build-clang/src/linux/terminal.o: src/linux/terminal.c \
  src/linux/terminal.h oci-spec/oci.h oci-spec/../src/util/error.h \
  oci-spec/config.def src/util/cleanup.h

src/linux/terminal.h:

oci-spec/oci.h:

oci-spec/../src/util/error.h:

oci-spec/config.def:

src/util/cleanup.h:
