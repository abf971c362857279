#!/usr/bin/env bash
# Memory does not grow with the dump: the peak RSS for 32,000 pages is
# within 1.5x of that for 500, for `wikinorm parse` and the default
# command, with one job and with several, from a file and from a pipe.
# (Under sanitizers RSS means little: the runs shrink and only the output
# is checked.)
source "$WN_ROOT/tests/lib.sh"
MK=$WN_ROOT/fixtures/dumps/make_seed_dump.py
if [ ! -x /usr/bin/time ]; then
  not_ok "GNU time is missing (Debian package: time)"
  exit 1
fi
small=500 big=32000
[ "$WN_SAN" = 1 ] && big=4000
"$PY" "$MK" --pages $small -o "$TMP/small.xml"
"$PY" "$MK" --pages $big -o "$TMP/big.xml"

# peak KB CMD…: the peak RSS of CMD in KB (stdout discarded).
peak() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

# within NAME SMALL_KB BIG_KB: BIG within 1.5x of SMALL.
within() {
  if [ "$WN_SAN" = 1 ]; then
    ok "$1: $small pages $2 KB, $big pages $3 KB # skip the ratio under sanitizers"
  elif [ $(($3 * 2)) -le $(($2 * 3)) ]; then
    ok "$1: $big pages $3 KB, within 1.5x of $small pages $2 KB"
  else
    not_ok "$1: $big pages $3 KB, more than 1.5x of $small pages $2 KB"
  fi
}
# parse with one job and with four; the default command with the default
# jobs (the cores); parse from a pipe (bash and cat are measured too, and
# they are smaller).
for run in "parse -j 1" "parse -j 4" "-j 0" "pipe"; do
  if [ "$run" = pipe ]; then
    a=$(peak bash -c "cat '$TMP/small.xml' | '$WN' parse -o /dev/null")
    b=$(peak bash -c "cat '$TMP/big.xml' | '$WN' parse -o /dev/null")
    within "parse from a pipe" "$a" "$b"
    continue
  fi
  [ "$run" = "-j 0" ] && run="" # -j takes 1 to 256: leave it out for the default
  a=$(peak "$WN" $run -o /dev/null "$TMP/small.xml")
  b=$(peak "$WN" $run -f jsonl -o "$TMP/out" "$TMP/big.xml")
  within "wikinorm ${run:-(normalize, default jobs)}" "$a" "$b"
  [ "$run" = "parse -j 4" ] &&
    expect_eq "the big dump gives one document per page" "$(wc -l <"$TMP/out" | tr -d ' ')" "$big"
done
exit $((T_FAILED > 0))
