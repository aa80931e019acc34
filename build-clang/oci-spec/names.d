build-clang/oci-spec/names.o: oci-spec/names.c oci-spec/names.h

oci-spec/names.h:
