build-clang/src/linux/sync.o: src/linux/sync.c src/linux/sync.h \
  src/util/error.h

src/linux/sync.h:

src/util/error.h:
