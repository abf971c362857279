#!/usr/bin/env bash
# The layout of DESIGN.md holds: the library prints nothing and runs no
# threads, cJSON stays in the JSON reader (and the allocator hooks), files
# keep one job each (size bounds), and the public header is C and C++.
source "$WN_ROOT/tests/lib.sh"
cd "$WN_ROOT" || exit 2
lib=$WN_BUILD/libwikinorm.a
undef=$(nm -u "$lib" 2>/dev/null | awk '{print $NF}' | sort -u)
check "nm -u $lib lists undefined symbols" test -n "$undef"
for sym in stderr stdout printf puts fputs fprintf perror pthread_create; do
  if grep -qx "$sym" <<<"$undef"; then not_ok "the library does not use $sym"; else ok "the library does not use $sym"; fi
done
# Which .c files see cJSON.h, directly or through a header.
flags=$(pkg-config --cflags libxml-2.0 libcjson libutf8proc zlib opencc 2>/dev/null)
seen=()
for f in $(find src -name '*.c' | sort); do
  deps=$(cc -std=c11 -D_GNU_SOURCE -Iinclude -Isrc -I"$WN_BUILD" $flags -MM "$f" 2>/dev/null)
  grep -q 'cJSON\.h' <<<"$deps" && seen+=("$f")
done
n=${#seen[@]}
if [ "$n" -le 3 ]; then ok "at most 3 .c files see cJSON.h ($n: ${seen[*]})"; else
  not_ok "at most 3 .c files see cJSON.h ($n: ${seen[*]})"
fi
# utf8proc in one file, libxml2 only in the reader.
u=$(grep -rl '#include <utf8proc.h>' src | wc -l)
expect_eq "one file includes utf8proc.h" "$u" 1
x=$(grep -rlE '#include <libxml/' src | grep -vE 'src/(reader|dump).c' | wc -l)
expect_eq "only the reader (reader.c, dump.c) includes libxml2" "$x" 0
for f in $(find src -name '*.[ch]' | sort); do
  n=$(wc -l <"$f")
  max=1000
  [ "$f" = src/tok_inline.c ] && max=1900
  if [ "$n" -le "$max" ]; then ok "$f: $n lines (at most $max)"; else not_ok "$f: $n lines (more than $max)"; fi
done
check "include/wikinorm.h declares wn_record" grep -q 'typedef struct wn_record wn_record;' include/wikinorm.h
check "the public header needs no stdio" bash -c "! grep -q '#include <stdio.h>' include/wikinorm.h"
check "the library has no command line" bash -c "! ls src/*.c | xargs grep -l 'int main(' >/dev/null"
[ "$T_FAILED" = 0 ]
