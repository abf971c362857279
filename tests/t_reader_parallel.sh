#!/usr/bin/env bash
# Past one machine, and the pipeline's edges: the README's GNU parallel
# recipes (over the files of a split dump; over byte ranges of a
# multistream dump with its index) give exactly the serial output;
# --progress draws on a terminal only; a closed pipe or a full disk stops
# the threaded pipeline with exit 2; a slow pipe's pages come out at once.
source "$WN_ROOT/tests/lib.sh"
MK=$WN_ROOT/fixtures/dumps/make_seed_dump.py
export PATH="$(dirname "$WN"):$PATH" # the recipes call plain "wikinorm"

if ! command -v parallel >/dev/null; then
  not_ok "GNU parallel is not installed (Debian package: parallel)"
  exit 1
fi

# ---- a split dump: several complete files ----
for i in 0 1 2; do
  "$PY" "$MK" --pages 30 --start $((i * 30)) --extras -o "$TMP/split$i.xml"
done
bzip2 -k "$TMP/split1.xml"
files=("$TMP/split0.xml" "$TMP/split1.xml.bz2" "$TMP/split2.xml")
for cmd in parse normalize; do
  sub=$cmd
  [ $cmd = normalize ] && sub=""
  wikinorm $sub -f jsonl "${files[@]}" >"$TMP/serial" 2>/dev/null
  check "$cmd: the split dump gives output" test -s "$TMP/serial"
  # README: parallel -k wikinorm -j 1 -f jsonl ::: *-pages-articles[0-9]*.xml*.bz2 > records.jsonl
  parallel --will-cite -k wikinorm $sub -j 1 -f jsonl ::: "${files[@]}" >"$TMP/par" 2>/dev/null
  check "$cmd: GNU parallel over a split dump's files equals the serial run" \
    cmp -s "$TMP/par" "$TMP/serial"
done


# ---- a multistream dump and its index ----
"$PY" "$MK" --pages 90 --extras --multistream 5 --index "$TMP/index.txt" -o "$TMP/multi.xml.bz2"
bzip2 "$TMP/index.txt"
D=$TMP/multi.xml.bz2
I=$TMP/index.txt.bz2
# The README recipe, verbatim but for the file names and the group size.
HEAD=$(bzcat "$I" | head -1 | cut -d: -f1)
bzcat "$I" | cut -d: -f1 | uniq | awk -v size="$(stat -c %s "$D")" -v per=3 '
  { o[n++] = $1 }
  END { for (i = 0; i < n; i += per) print o[i], (i + per < n ? o[i + per] : size) - o[i] }' >"$TMP/ranges"
# unplace: JSON lines without "line", "col" and "file" members.
unplace() {
  "$PY" -c '
import json, sys
def strip(v):
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items() if k not in ("line", "col", "file")}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v
for line in sys.stdin:
    print(json.dumps(strip(json.loads(line)), ensure_ascii=False, sort_keys=True))'
}
job() {
  { head -c "$HEAD" "$D"; tail -c +$(($1 + 1)) "$D" | head -c "$2"; } | bzcat |
    { grep -vx '</mediawiki>'; echo '</mediawiki>'; } | wikinorm $SUB -j 1 -f jsonl
}
export -f job
export D HEAD
for cmd in parse normalize; do
  SUB=$cmd
  [ $cmd = normalize ] && SUB=""
  export SUB
  wikinorm $SUB -f jsonl "$D" >"$TMP/serial" 2>/dev/null
  check "$cmd: the multistream dump gives output" test -s "$TMP/serial"
  parallel --will-cite -k --colsep ' ' job {1} {2} :::: "$TMP/ranges" >"$TMP/par" 2>"$TMP/err"
  expect_eq "$cmd: every byte-range job succeeds" "$?" 0
  # Each job reads its own piece from a pipe: line numbers count from the
  # piece and the file is <stdin>; everything else is the serial output.
  check "$cmd: GNU parallel over a multistream dump's ranges equals the serial run (but positions)" \
    cmp -s <(unplace <"$TMP/par") <(unplace <"$TMP/serial")
done
check "the multistream recipe runs several jobs" test "$(wc -l <"$TMP/ranges")" -gt 3
expect_eq "the multistream dump gives every kept page" \
  "$(wikinorm parse -f jsonl "$D" | wc -l | tr -d ' ')" 90

# ---- --progress ----
"$PY" "$MK" --pages 3000 -o "$TMP/big.xml"
wikinorm parse --progress -o /dev/null "$TMP/big.xml" 2>"$TMP/err"
check "--progress is silent when stderr is no terminal" test ! -s "$TMP/err"
if command -v script >/dev/null; then
  script -qec "wikinorm parse --progress -j 2 -o /dev/null '$TMP/big.xml'" /dev/null >"$TMP/tty" 2>&1
  check "--progress on a terminal: pages, MB, MB/s and percent" \
    grep -qE "big\.xml: 3000 pages, [0-9.]+ MB, [0-9.]+ MB/s, 100%" "$TMP/tty"
  check "--progress ends its line" test "$(tail -c 2 "$TMP/tty" | od -An -c | tr -d ' ')" = '\r\n'
  gzip -c "$TMP/big.xml" >"$TMP/big.xml.gz"
  script -qec "wikinorm parse --progress -o /dev/null '$TMP/big.xml.gz'" /dev/null >"$TMP/tty" 2>&1
  check "--progress on compressed input: the percent of the compressed bytes" \
    grep -qE "3000 pages, .*, 100%" "$TMP/tty"
  script -qec "cat '$TMP/big.xml' | wikinorm parse --progress -o /dev/null" /dev/null >"$TMP/tty" 2>&1
  check "--progress on a pipe: no percent" grep -qE "<stdin>: 3000 pages, [0-9.]+ MB, [0-9.]+ MB/s[^,%]*$" "$TMP/tty"
else
  ok "--progress on a terminal # skip (no script(1))"
fi

# ---- write errors stop the threaded pipeline ----
for j in 1 4; do
  (wikinorm parse -f jsonl -j $j "$TMP/big.xml" 2>"$TMP/perr"; echo $? >"$TMP/rc") | head -c 100 >/dev/null
  expect_eq "-j $j into a closed pipe: exit 2" "$(cat "$TMP/rc")" 2
  check "-j $j into a closed pipe: the write error is explained" grep -q "write error" "$TMP/perr"
  if [ -w /dev/full ]; then
    wikinorm parse -j $j "$TMP/big.xml" >/dev/full 2>"$TMP/perr"
    expect_eq "-j $j into a full disk: exit 2" "$?" 2
  fi
done

# ---- a slow pipe: each page comes out as soon as it is read ----
"$PY" - "$WN" "$TMP/split0.xml" <<'EOF'
import os, select, subprocess, sys, time
wn, path = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
first = data.index(b"</page>") + len(b"</page>\n")
for jobs in ("1", "3"):
    p = subprocess.Popen([wn, "parse", "-f", "jsonl", "-j", jobs, "-"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    p.stdin.write(data[:first])
    p.stdin.flush()
    ready, _, _ = select.select([p.stdout], [], [], 5.0)
    line = os.read(p.stdout.fileno(), 1 << 16) if ready else b""
    p.communicate(data[first:])  # drains stdout: parse output can fill the pipe
    good = line.startswith(b'{"title":"') and b"#0" in line.split(b"\n")[0]
    print(("ok" if good else "not ok") +
          f" - -j {jobs}: the first page comes out while the pipe is still open")
EOF
exit $((T_FAILED > 0))
