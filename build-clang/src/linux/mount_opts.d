build-clang/src/linux/mount_opts.o: src/linux/mount_opts.c \
  src/linux/mount_opts.h src/util/error.h

src/linux/mount_opts.h:

src/util/error.h:
