# stoke: a daemonless OCI container runtime.
#
#   make            build ./stoke (runs ./configure first when needed)
#   make demo       install missing Debian packages, build, run a demo container (root)
#   make check      install missing Debian packages, build, run the whole test suite (root)
#   make install    PREFIX=/usr/local DESTDIR=
#   make check-asan the suite against an ASan+UBSan build
#   make bench      build the measurement programs of tests/bench/
#   make stoke-dynamic  the same stoke linked dynamically (for tests/integration/security.sh)

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DESTDIR ?=

-include config.mk

CC ?= cc
OPTFLAGS ?= -O2 -g
WARNFLAGS = -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers
COMMIT := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
# -iquote: src/linux/*.h must not stand in for the kernel's <linux/*.h> (src/linux/seccomp.h
# against <linux/seccomp.h>, which libseccomp's own header includes).
CPPFLAGS += -D_GNU_SOURCE -I. -iquote src -DSTOKE_COMMIT='"$(COMMIT)"'
CFLAGS += -std=gnu11 $(OPTFLAGS) $(WARNFLAGS) $(PKG_CFLAGS) $(EXTRA_CFLAGS)
# Static unless STATIC= (sanitizers need the shared libraries).
STATIC ?= $(if $(STATIC_LIBS),1,)
LDLIBS += $(if $(STATIC),$(STATIC_LIBS),$(PKG_LIBS))

BUILD ?= build
LIB_SRCS := $(sort $(wildcard oci-spec/*.c src/util/*.c src/linux/*.c src/cgroup/*.c \
	src/container/*.c src/cmd/*.c))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/src/stoke.o
UNIT_SRCS := $(sort $(wildcard tests/unit/*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/unit/%)
BENCH_SRCS := $(sort $(wildcard tests/bench/*.c))
BENCH_BINS := $(BENCH_SRCS:tests/bench/%.c=$(BUILD)/tests/bench/%)

all: stoke

stoke: $(MAIN_OBJ) $(LIB_OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The same objects linked against the shared libraries: only for tests/integration/security.sh,
# which shows that such a binary, run inside a container, loads the container's libraries (the
# static ./stoke does not). Not installed.
stoke-dynamic: $(MAIN_OBJ) $(LIB_OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/%.o: %.c config.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

# Unit tests link against an archive, so each pulls in only the objects it uses: a test does not
# fail to link over a command calling st_usage (in src/stoke.c) or a module not written yet.
LIB_A := $(BUILD)/libstoke.a

$(LIB_A): $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

# Unit tests link the shared libraries: test_seccomp interposes libseccomp's compiler to count
# its calls, which only dynamic linking allows.
$(BUILD)/tests/unit/%: tests/unit/%.c $(LIB_A)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB_A) $(PKG_LIBS) -ldl

unit: $(UNIT_BINS)

# Measurements, not tests: built on request, run by hand (see each program's header).
$(BUILD)/tests/bench/%: tests/bench/%.c $(LIB_A)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB_A) $(LDLIBS)

bench: $(BENCH_BINS)

configure: configure.ac
	autoconf

config.mk config.h: configure config.mk.in config.h.in
	./configure --quiet

deps:
	@sh contrib/install-deps.sh

demo: deps
	$(MAKE) stoke
	sh tests/demo.sh

check:
	@STOKE_DEPS_EXTRA="jq" sh contrib/install-deps.sh
	$(MAKE) stoke unit
	sh tests/run

check-asan: deps
	$(MAKE) BUILD=build-asan STATIC= OPTFLAGS='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer' \
		LDFLAGS='-fsanitize=address,undefined' stoke unit
	STOKE_ASAN=1 sh tests/run

install: stoke
	install -d $(DESTDIR)$(BINDIR)
	install -m 0755 stoke $(DESTDIR)$(BINDIR)/stoke

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build build-asan stoke stoke-dynamic

distclean: clean
	rm -rf configure config.mk config.h config.log config.status autom4te.cache

.PHONY: all unit bench deps demo check check-asan install format clean distclean

-include $(LIB_OBJS:.o=.d) $(MAIN_OBJ:.o=.d)
