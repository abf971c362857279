#!/usr/bin/env bash
# Linear time on the inputs that make backtracking parsers quadratic
# (mwparserfromhell takes about a minute on 10^4 copies of "{{a|",
# "<ref>", "{|"+newline or "[http://a "): for every shape of
# tests/tool_pathological.c, 4N copies must cost under 6 times N copies
# (CPU time, best of 3) and N = 10^5 copies well under a second. Under
# the sanitizers (WN_SAN=1) N is 25000 and only the ratio is checked.
source "$WN_ROOT/tests/lib.sh"
tool=$WN_ROOT/$WN_BUILD/tests/tool_pathological
if [ ! -x "$tool" ]; then
  not_ok "tool_pathological is built ($tool)"
  exit 1
fi
if [ "${WN_SAN:-0}" = 1 ]; then
  "$tool" --n 25000 --limit-ms 0
else
  "$tool" --n 100000 --limit-ms 1000
fi
