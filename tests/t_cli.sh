#!/usr/bin/env bash
# The command line: help, version, usage errors, exit codes, write errors.
source "$WN_ROOT/tests/lib.sh"
S=$WN_ROOT/fixtures/seeds

out=$("$WN" --help)
expect_exit "--help exits 0" 0 "$WN" --help
check "--help lists the subcommands" grep -q "wikinorm diff" <<<"$out"
expect_eq "-V prints the version" "$("$WN" -V)" "wikinorm 0.1.0"
expect_exit "an unknown option is a usage error" 2 "$WN" --no-such-option
expect_exit "an unknown format is a usage error" 2 "$WN" -f yaml "$S/000_soyuz-ms-02.zh.txt"
expect_exit "a bad job count is a usage error" 2 "$WN" -j 0 "$S/000_soyuz-ms-02.zh.txt"
expect_exit "diff with one input is a usage error" 2 "$WN" diff "$S/000_soyuz-ms-02.zh.txt"
expect_exit "a missing file is an input error" 2 "$WN" parse "$TMP/no-such-file.wiki"
err=$("$WN" parse "$TMP/no-such-file.wiki" 2>&1 >/dev/null)
check "a missing file is named in the error" grep -q "no-such-file.wiki" <<<"$err"

# Results go to stdout only: diagnostics never mix into the JSON.
"$WN" parse -f jsonl "$S/000_soyuz-ms-02.zh.txt" >"$TMP/out" 2>"$TMP/err"
check "parse output is one JSON document per line" $PY -c '
import json,sys
lines=open(sys.argv[1]).read().splitlines()
assert len(lines)==1, lines
json.loads(lines[0])' "$TMP/out"

# -o writes the file; stdin works with no file and with "-".
"$WN" parse -f jsonl -o "$TMP/o.jsonl" "$S/000_soyuz-ms-02.zh.txt"
check "-o writes the output file" cmp -s "$TMP/o.jsonl" "$TMP/out"
"$WN" parse -f jsonl <"$S/000_soyuz-ms-02.zh.txt" >"$TMP/stdin1"
"$WN" parse -f jsonl - <"$S/000_soyuz-ms-02.zh.txt" >"$TMP/stdin2"
check "stdin without a file and with - agree" cmp -s "$TMP/stdin1" "$TMP/stdin2"
check "stdin gives the same nodes as the file" $PY -c '
import json,sys
a=json.loads(open(sys.argv[1]).read()); b=json.loads(open(sys.argv[2]).read())
assert a["nodes"]==b["nodes"]' "$TMP/stdin1" "$TMP/out"

# A write failure must not pass silently.
if [ -w /dev/full ]; then
  expect_exit "writing to a full device is an error" 2 "$WN" parse "$S/000_soyuz-ms-02.zh.txt" -o /dev/full
  err=$("$WN" parse "$S/000_soyuz-ms-02.zh.txt" 2>&1 >/dev/full)
  check "the write error is explained" grep -q "write error" <<<"$err"
fi
# A closed pipe: wikinorm must exit 2, not die silently of SIGPIPE.
big=$TMP/big.wiki
for i in $(seq 1 400); do cat "$S/002_soyuz-ms-07.zh.txt"; done >"$big"
( "$WN" parse -f jsonl "$big" "$big" "$big" "$big"; echo "rc=$?" >"$TMP/rc" ) 2>/dev/null | head -c 10 >/dev/null
expect_eq "a closed pipe gives exit 2" "$(cat "$TMP/rc")" "rc=2"
