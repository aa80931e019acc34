build-clang/src/cgroup/cgroup.o: src/cgroup/cgroup.c src/cgroup/cgroup.h \
  src/util/error.h src/util/cleanup.h src/util/fs.h

src/cgroup/cgroup.h:

src/util/error.h:

src/util/cleanup.h:

src/util/fs.h:
