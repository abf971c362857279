#!/usr/bin/env bash
# README's library example compiles against the built library and runs,
# printing the key, the record counts and the duration conflict.
source "$WN_ROOT/tests/lib.sh"
src=$TMP/example.c
$PY - "$WN_ROOT/README.md" "$src" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"<!-- example: library -->\n```c\n(.*?)```", text, re.S)
open(sys.argv[2], "w", encoding="utf-8").write(m.group(1) if m else "")
PY
check "README has the library example" test -s "$src"
libs="$(pkg-config --libs libxml-2.0 libcjson libutf8proc zlib opencc) -lbz2 -lm"
san=""
[ "$WN_SAN" = 1 ] && san="-fsanitize=address,undefined"
if cc -std=c11 -Wall -Wextra -Werror $san -I"$WN_ROOT/include" "$src" "$WN_ROOT/$WN_BUILD/libwikinorm.a" \
  $libs -o "$TMP/example" 2>"$TMP/cc.err"; then ok "the example compiles with -Wall -Wextra -Werror"; else
  not_ok "the example compiles"
  sed 's/^/#   /' "$TMP/cc.err" | head -20
fi
if g++ -std=c++17 -Wall -Wextra -Werror -fsyntax-only -x c++ "$WN_ROOT/include/wikinorm.h" 2>"$TMP/cxx.err"; then
  ok "include/wikinorm.h passes g++ -std=c++17 -Wall -Wextra -Werror -fsyntax-only"
else
  not_ok "include/wikinorm.h compiles as C++"
  sed 's/^/#   /' "$TMP/cxx.err" | head -10
fi
"$TMP/example" >"$TMP/out" 2>"$TMP/err"
rc=$?
expect_eq "the example exits 1 (the records differ)" "$rc" 1
check "it prints the key and both record counts" grep -qx 'soyuz-ms-02: 1 + 1 records' "$TMP/out"
check "it prints the duration conflict of 81 s" grep -Eq '^duration +conflict .* 81 s$' "$TMP/out"
[ "$T_FAILED" = 0 ]
