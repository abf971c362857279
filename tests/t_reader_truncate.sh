#!/usr/bin/env bash
# A dump cut anywhere: the output is exactly the complete pages before the
# cut (the same lines the whole dump gives for them), then an error naming
# the damage, and exit 2. Random cut points (WN_CUTS, default 200 per form)
# of a dump built from the seeds, plain and multistream bzip2 (a cut
# compressed stream yields the pages decompressed before the cut) and gzip,
# each read from a file and from a pipe.
source "$WN_ROOT/tests/lib.sh"
MK=$WN_ROOT/fixtures/dumps/make_seed_dump.py
"$PY" "$MK" --pages 14 --extras -o "$TMP/seed.xml" --manifest "$TMP/seed.man"
"$PY" "$MK" --pages 14 --extras --multistream 2 -o "$TMP/seed.xml.bz2"
gzip -c "$TMP/seed.xml" >"$TMP/seed.xml.gz"
check "the multistream dump decompresses to the plain one" \
  cmp -s <(bzip2 -dc "$TMP/seed.xml.bz2") "$TMP/seed.xml"

"$PY" - "$WN" "$TMP" "${WN_CUTS:-200}" <<'EOF'
import bz2, json, random, subprocess, sys, zlib
wn, tmp, cuts = sys.argv[1], sys.argv[2], int(sys.argv[3])
plain = open(f"{tmp}/seed.xml", "rb").read()
man = [json.loads(l) for l in open(f"{tmp}/seed.man", encoding="utf-8")]
full = subprocess.run([wn, "parse", "-f", "jsonl", f"{tmp}/seed.xml"], capture_output=True)
lines = full.stdout.decode().splitlines(keepends=True)
kept = [m for m in man if m["kept"]]
ok = full.returncode == 0 and len(lines) == len(kept) and \
    [json.loads(l)["title"] for l in lines] == [m["title"] for m in kept]
print(("ok" if ok else "not ok") + f" - the whole dump gives one document per kept page ({len(lines)})")
if not ok:
    print("#", full.returncode, full.stderr.decode()[:500])
    sys.exit(1)

def expected_for(decoded_len):
    """The output lines of the kept pages complete within decoded_len bytes."""
    k = sum(1 for m in kept if m["end"] <= decoded_len)
    return "".join(lines[:k]), k

def bz2_prefix(data):
    """What libbz2 yields from a cut multistream file: every stream in turn."""
    out = b""
    while data:
        d = bz2.BZ2Decompressor()
        try:
            out += d.decompress(data)
        except (OSError, EOFError):
            break
        if not d.eof:
            break
        data = d.unused_data
    return out

def gz_prefix(data):
    d = zlib.decompressobj(31)
    try:
        return d.decompress(data)
    except zlib.error:
        return b""

forms = [
    ("plain", plain, lambda cut: len(cut)),
    ("bzip2", open(f"{tmp}/seed.xml.bz2", "rb").read(), lambda cut: len(bz2_prefix(cut))),
    ("gzip", open(f"{tmp}/seed.xml.gz", "rb").read(), lambda cut: len(gz_prefix(cut))),
]
rng = random.Random(20240611)
# The plain cuts stop before the last byte of </mediawiki>: past it the
# document is whole.
last = plain.rindex(b"</mediawiki>") + len("</mediawiki>") - 1
total = 0
for name, data, decoded in forms:
    hi = last if name == "plain" else len(data) - 1
    n = cuts if name != "gzip" else max(20, cuts // 4)
    points = sorted(rng.sample(range(1, hi + 1), min(n, hi)))
    for how in ("file", "pipe"):
        failures = []
        for i, c in enumerate(points):
            cut = data[:c]
            want, k = expected_for(decoded(cut))
            jobs = "1" if i % 2 == 0 else "3"
            if how == "file":
                path = f"{tmp}/cut.{name}"
                open(path, "wb").write(cut)
                p = subprocess.run([wn, "parse", "-f", "jsonl", "-j", jobs, path], capture_output=True)
            else:
                p = subprocess.run([wn, "parse", "-f", "jsonl", "-j", jobs, "-"], input=cut,
                                   capture_output=True)
            err = p.stderr.decode(errors="replace")
            got = p.stdout.decode(errors="replace")
            if got != want or p.returncode != 2 or ": error: " not in err:
                failures.append((c, k, p.returncode, got.count("\n"), err[:300]))
        total += len(points)
        print(("ok" if not failures else "not ok") +
              f" - {name} from a {how}: {len(points)} cuts give exactly the complete pages, exit 2")
        for f in failures[:5]:
            print(f"#   cut at {f[0]}: want {f[1]} pages, got {f[3]}, exit {f[2]}: {f[4]}")
print(f"# {total} cut points in all")
EOF

# The error names the damage: what was cut, where, and the last good page.
head -c 20000 "$TMP/seed.xml" >"$TMP/cut.xml"
"$WN" parse "$TMP/cut.xml" >/dev/null 2>"$TMP/err"
check "a cut dump says it is truncated" grep -q "error: truncated XML dump" "$TMP/err"
check "the message names the byte offset" grep -q "byte offset 20000" "$TMP/err"
check "the message names the last complete page" grep -q 'last complete page: "' "$TMP/err"
check "the message has file:line:col" grep -qE "cut\.xml:[0-9]+:[0-9]+: error" "$TMP/err"
head -c $(($(wc -c <"$TMP/seed.xml.bz2") / 2)) "$TMP/seed.xml.bz2" >"$TMP/cut.xml.bz2"
"$WN" parse "$TMP/cut.xml.bz2" >/dev/null 2>"$TMP/err"
check "a cut bzip2 file says so" grep -q "error: truncated bzip2 data" "$TMP/err"
check "its offset is one of the decompressed data" grep -q "of the decompressed data" "$TMP/err"
# A corrupt byte in the middle of a compressed stream.
"$PY" -c '
import sys
d = bytearray(open(sys.argv[1], "rb").read()); d[len(d) // 2] ^= 0xFF
open(sys.argv[2], "wb").write(d)' "$TMP/seed.xml.bz2" "$TMP/bad.xml.bz2"
"$WN" parse -f jsonl "$TMP/bad.xml.bz2" >"$TMP/out" 2>"$TMP/err"
expect_eq "a corrupt bzip2 stream exits 2" "$?" 2
check "it is named corrupt" grep -q "corrupt bzip2 data" "$TMP/err"
check "the pages before the damage are written" test -s "$TMP/out"
exit $((T_FAILED > 0))
