build-clang/src/util/fs.o: src/util/fs.c src/util/fs.h src/util/error.h \
  src/util/cleanup.h

src/util/fs.h:

src/util/error.h:

src/util/cleanup.h:
