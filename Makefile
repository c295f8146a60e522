# Makefile: builds broadside, its tests, fuzzers and benchmarks; `make run` and `make test` are
# the two commands of the README and install what is missing first.

# The version, in this one place: `broadside --version` prints it and debian/changelog must
# name it (debian/rules checks).
VERSION := 0.2.0
CC      ?= cc
BUILD   ?= build/$(notdir $(CC))
PKGS    := libmicrohttpd sqlite3 md4c libsodium yaml-0.1 zlib libmagic libcurl openssl jansson \
           libxml-2.0 libzip
WARN    := -Wall -Wextra -Wformat=2 -Wshadow -Wpointer-arith -Wstrict-prototypes \
           -Wmissing-prototypes -Wvla
OPT     ?= -O2
CFLAGS  ?= $(OPT) -g
CFLAGS  += -std=c17 -D_GNU_SOURCE -Isrc $(WARN) $(if $(WERROR),-Werror) $(SANFLAGS) -MMD -MP
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
LDLIBS  += $(PKG_LIBS) -lpthread -lm
# make install: $(DESTDIR)$(PREFIX)/bin/broadside and its manual.
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man

ifeq ($(SAN),1)
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS  += $(SANFLAGS)
endif

CLI_SRC   := $(wildcard src/cli/*.c)
LIB_SRC   := $(filter-out $(CLI_SRC),$(wildcard src/*/*.c))
THEME     := $(sort $(wildcard theme/*.mustache theme/*.css))
SAMPLES   := $(sort $(wildcard sample/*.md))
STATIC    := $(sort $(wildcard static/*.js))
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/embedded_data.o
UNIT_SRC  := $(wildcard tests/unit/*.c)
UNIT_OBJ  := $(UNIT_SRC:%.c=$(BUILD)/%.o)
FUZZ_SRC  := $(wildcard tests/fuzz/fuzz_*.c)

.PHONY: all deps run test bench soak fuzz unit clean format format-check install uninstall

all: broadside

broadside: $(BUILD)/broadside
	cp $< $@.tmp && mv -f $@.tmp $@

$(BUILD)/broadside: $(CLI_SRC:%.c=$(BUILD)/%.o) $(LIB_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(BUILD)/src/cli/main.o: CPPFLAGS += -DBROADSIDE_VERSION='"$(VERSION)"'
$(BUILD)/src/cli/main.o: Makefile

$(BUILD)/embedded_data.c: $(THEME) $(SAMPLES) $(STATIC) scripts/embed.sh
	@mkdir -p $(dir $@)
	sh scripts/embed.sh -n theme_files $(THEME) -n sample_files $(SAMPLES) \
		-n static_files $(STATIC) > $@

$(BUILD)/embedded_data.o: $(BUILD)/embedded_data.c
	$(CC) $(CFLAGS) -c -o $@ $<

# The option parser is the one piece of the command line with unit tests of its own.
$(BUILD)/unit-tests: $(UNIT_OBJ) $(LIB_OBJ) $(BUILD)/src/cli/cli_opts.o
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lcriterion

$(BUILD)/render-bench: $(BUILD)/tests/bench/render_bench.o $(LIB_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lmd4c-html

$(BUILD)/fed-bench: $(BUILD)/tests/bench/fed_bench.o $(LIB_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

unit: $(BUILD)/unit-tests
	$(BUILD)/unit-tests --jobs 2

deps:
	@sh scripts/deps.sh build

run:
	@sh scripts/deps.sh build
	@$(MAKE) --no-print-directory broadside
	@test -f data/site.db || { ./broadside init --data data --demo && \
		./broadside site set --data data url http://127.0.0.1:8080; }
	./broadside serve --data data --listen 127.0.0.1:8080

test:
	@sh scripts/deps.sh test
	@sh scripts/test.sh

bench:
	@sh scripts/deps.sh bench
	@sh scripts/bench.sh

soak:
	@sh scripts/deps.sh bench
	@sh scripts/soak.sh

fuzz:
	@sh scripts/deps.sh test
	@sh scripts/fuzz.sh $(or $(SECONDS_EACH),60)

format:
	clang-format -i $(wildcard src/*/*.c src/*/*.h tests/unit/*.c tests/fuzz/*.c)

format-check:
	clang-format --dry-run --Werror $(wildcard src/*/*.c src/*/*.h tests/unit/*.c tests/fuzz/*.c)

install: broadside
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 0755 broadside $(DESTDIR)$(BINDIR)/broadside
	install -m 0644 broadside.1 $(DESTDIR)$(MANDIR)/man1/broadside.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/broadside $(DESTDIR)$(MANDIR)/man1/broadside.1

clean:
	rm -rf build broadside

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
