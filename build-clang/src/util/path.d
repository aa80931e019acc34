build-clang/src/util/path.o: src/util/path.c src/util/path.h \
  src/util/error.h src/util/cleanup.h

src/util/path.h:

src/util/error.h:

src/util/cleanup.h:
