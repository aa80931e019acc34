build-clang/src/util/names.o: src/util/names.c src/util/names.h \
  src/util/error.h

src/util/names.h:

src/util/error.h:
