# wikinorm — build, test, install.
#   make            build/wikinorm and build/libwikinorm.a
#   make demo       install what is missing, build, normalize the bundled fixtures
#   make check      install what is missing, build, run the tests (plain and ASan+UBSan)
#   make fuzz       run every libFuzzer target for FUZZ_SECONDS each
#   make bench      speed and memory against peers (bench/README.md)
#   make install PREFIX=/usr/local
# CC, CFLAGS, LDFLAGS, PREFIX and DESTDIR may be given on the command line.

CC      ?= cc
CFLAGS  ?= -O2 -g
PREFIX  ?= /usr/local
BUILD   ?= build
PKGS    := libxml-2.0 libcjson libutf8proc zlib opencc
FUZZ_SECONDS ?= 60

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# The library runs no thread: -lpthread is the command line's alone.
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lbz2 -lm
WARN       := -std=c11 -Wall -Wextra -Werror -Wno-unused-parameter
ALL_CFLAGS  = $(WARN) -D_GNU_SOURCE -Iinclude -Isrc -I$(BUILD) $(PKG_CFLAGS) $(CFLAGS)

# libwikinorm.a = src/*.c + src/util/*.c; the binary = src/cli/*.c + the library.
LIB_SRC  := $(sort $(wildcard src/*.c src/util/*.c))
LIB_OBJ  := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIB_SRC)) $(BUILD)/obj/data.o
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
CLI_OBJ  := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(CLI_SRC))
DATA     := $(sort $(wildcard data/*))
UNIT_SRC := $(sort $(wildcard tests/unit_*.c))
UNIT_BIN := $(patsubst tests/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
TOOL_SRC := $(sort $(wildcard tests/tool_*.c))
TOOL_BIN := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TOOL_SRC))
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
API_BIN  := $(BUILD)/tests/unit_api $(BUILD)/tests/unit_api_cxx
STYLE_SRC = $(sort $(wildcard src/*.c src/*.h src/util/*.c src/util/*.h src/cli/*.c src/cli/*.h include/*.h tests/*.c tests/*.h fuzz/*.c fuzz/*.h bench/*.c))

.PHONY: all clean demo check test test-asan deps fuzz bench install format lint
all: $(BUILD)/wikinorm $(BUILD)/libwikinorm.a

$(BUILD)/obj/%.o: src/%.c include/wikinorm.h $(wildcard src/*.h src/util/*.h src/cli/*.h) | $(BUILD)/obj
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# Data files (mappings, lexicons) are embedded at build time as byte arrays.
$(BUILD)/data.c: $(DATA) tests/embed.sh | $(BUILD)/obj
	sh tests/embed.sh $(DATA) > $@.tmp && mv $@.tmp $@
$(BUILD)/obj/data.o: $(BUILD)/data.c
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/libwikinorm.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/wikinorm: $(CLI_OBJ) $(BUILD)/libwikinorm.a
	$(CC) $(ALL_CFLAGS) $^ -o $@ $(LDFLAGS) $(PKG_LIBS) -lpthread

$(BUILD)/tests/%: tests/%.c tests/tap.h $(BUILD)/libwikinorm.a | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) $< $(BUILD)/libwikinorm.a -o $@ $(LDFLAGS) $(PKG_LIBS) -lpthread

# These also use the command line's pipeline (src/cli/pipeline.c): its ordered
# output, or its diagnostic printer.
$(BUILD)/tests/unit_reader $(BUILD)/tests/unit_alloc_fail $(BUILD)/tests/unit_infobox $(BUILD)/tests/tool_read: $(BUILD)/tests/%: tests/%.c tests/tap.h $(BUILD)/obj/cli/pipeline.o $(BUILD)/libwikinorm.a | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) $< $(BUILD)/obj/cli/pipeline.o $(BUILD)/libwikinorm.a -o $@ $(LDFLAGS) $(PKG_LIBS) -lpthread

# The public API test, as C and as C++, with call counters wrapped around
# the JSON writer and cJSON's parsers (tests/api_test.c).
API_WRAP := -Wl,--wrap=wn_record_write_json -Wl,--wrap=cJSON_Parse -Wl,--wrap=cJSON_ParseWithOpts \
  -Wl,--wrap=cJSON_ParseWithLength -Wl,--wrap=cJSON_ParseWithLengthOpts
$(BUILD)/tests/unit_api: tests/api_test.c include/wikinorm.h $(BUILD)/libwikinorm.a | $(BUILD)/tests
	$(CC) -std=c11 -Wall -Wextra -Werror -Iinclude $(CFLAGS) $< $(BUILD)/libwikinorm.a -o $@ \
	  $(LDFLAGS) $(API_WRAP) $(PKG_LIBS)
$(BUILD)/tests/unit_api_cxx: tests/api_test.c include/wikinorm.h $(BUILD)/libwikinorm.a | $(BUILD)/tests
	$(CXX) -std=c++17 -Wall -Wextra -Werror -Iinclude $(CFLAGS) -x c++ $< -x none \
	  $(BUILD)/libwikinorm.a -o $@ $(LDFLAGS) $(API_WRAP) $(PKG_LIBS)

$(BUILD)/obj $(BUILD)/tests:
	mkdir -p $@

deps:
	@sh tests/deps.sh

demo: deps
	$(MAKE) all
	@echo "== normalize the bundled seeds =="
	$(BUILD)/wikinorm -f jsonl fixtures/seeds/*.txt
	@echo "== diff zh and en records of Soyuz MS-02 =="
	-$(BUILD)/wikinorm diff fixtures/seeds/000_soyuz-ms-02.zh.txt fixtures/seeds/001_soyuz-ms-02.en.txt

test: all $(UNIT_BIN) $(TOOL_BIN) $(API_BIN)
	WN_BUILD=$(BUILD) bash tests/run.sh

# The same suite under AddressSanitizer and UndefinedBehaviorSanitizer.
test-asan:
	$(MAKE) BUILD=build-asan CFLAGS="-O1 -g -fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined,float-cast-overflow" all $(patsubst $(BUILD)/%,build-asan/%,$(UNIT_BIN) $(TOOL_BIN) $(API_BIN))

check: deps
	$(MAKE) all $(UNIT_BIN) $(TOOL_BIN) $(API_BIN)
	$(MAKE) test-asan
	WN_BUILDS="$(BUILD) build-asan" bash tests/run.sh

fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash fuzz/run.sh

bench: all
	WN_BUILD=$(BUILD) bash bench/run.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/wikinorm $(DESTDIR)$(PREFIX)/bin/wikinorm
	install -m 644 include/wikinorm.h $(DESTDIR)$(PREFIX)/include/wikinorm.h
	install -m 644 $(BUILD)/libwikinorm.a $(DESTDIR)$(PREFIX)/lib/libwikinorm.a
	install -m 644 wikinorm.1 $(DESTDIR)$(PREFIX)/share/man/man1/wikinorm.1

format:
	clang-format -i $(STYLE_SRC)

# The checked-in .clang-format, checked (tests/t_style.sh runs it too).
lint:
	clang-format --dry-run -Werror $(STYLE_SRC)

clean:
	rm -rf build build-asan build-fuzz
