#!/usr/bin/env bash
# Real MediaWiki exports (fixtures/dumps always, ../shared/dumps when
# present): every namespace-0 wikitext page that is not a redirect comes
# out once, with the title, ids, latest revision text and language an
# independent Python reading (xml.etree.iterparse) finds; gzip, bzip2,
# multistream bzip2, UTF-16 and a pipe give the same documents; BadXML is
# a clear error with exit 2; --jobs 1 and --jobs 4 are byte-identical.
source "$WN_ROOT/tests/lib.sh"
TOOL=$WN_ROOT/$WN_BUILD/tests/tool_read
F=$WN_ROOT/fixtures/dumps
dirs=("$F")
[ -n "$SHARED" ] && [ -d "$SHARED/dumps" ] && dirs+=("$SHARED/dumps")

# The reference: kept pages as JSON lines (title, ns, ids, text).
cat >"$TMP/ref.py" <<'EOF'
import bz2, gzip, json, sys
import xml.etree.ElementTree as ET
path, namespaces = sys.argv[1], {int(n) for n in sys.argv[2].split(",")}
opener = bz2.open if path.endswith(".bz2") else gzip.open if path.endswith(".gz") else open
local = lambda t: t.rsplit("}", 1)[-1]
with opener(path, "rb") as f:
    for _, el in ET.iterparse(f):
        if local(el.tag) != "page":
            continue
        kids = {local(c.tag): c for c in el}
        revs = [c for c in el if local(c.tag) == "revision"]
        rev = {local(c.tag): c for c in revs[-1]} if revs else {}
        model = rev["model"].text if "model" in rev else "wikitext"
        text = rev.get("text")
        ns = int(kids["ns"].text) if "ns" in kids else 0
        if ns in namespaces and "redirect" not in kids and model == "wikitext" \
                and text is not None and text.get("deleted") is None:
            print(json.dumps({"title": kids["title"].text, "ns": ns,
                              "page_id": int(kids["id"].text) if "id" in kids else -1,
                              "revision_id": int(rev["id"].text) if "id" in rev else -1,
                              "text": text.text or ""}, ensure_ascii=False))
        el.clear()
EOF
# The reader's view, reduced to the same fields.
cat >"$TMP/view.py" <<'EOF'
import json, sys
for line in sys.stdin:
    d = json.loads(line)
    print(json.dumps({k: d[k] for k in ("title", "ns", "page_id", "revision_id", "text")},
                     ensure_ascii=False))
EOF
titles() { "$PY" -c 'import json,sys; [print(json.loads(l)["title"]) for l in sys.stdin]'; }

for dir in "${dirs[@]}"; do
  where=$(basename "$dir")
  for f in "$dir"/*.xml "$dir"/*.xml.bz2; do
    [ -f "$f" ] || continue
    name="$where/$(basename "$f")"
    case "$f" in
    *BadXML*)
      "$WN" parse "$f" >"$TMP/out" 2>"$TMP/err"
      expect_eq "$name: exit 2" "$?" 2
      check "$name: a clear error with file:line:col" \
        grep -qE "BadXML\.xml:3:[0-9]+: error: malformed XML dump: Opening and ending tag mismatch" "$TMP/err"
      check "$name: nothing on stdout" test ! -s "$TMP/out"
      continue
      ;;
    esac
    "$PY" "$TMP/ref.py" "$f" 0 >"$TMP/ref" || not_ok "$name: the Python reference fails"
    "$TOOL" --text "$f" >"$TMP/got" 2>"$TMP/err"
    expect_eq "$name: the reader returns OK" "$?" 0
    "$PY" "$TMP/view.py" <"$TMP/got" >"$TMP/view"
    n=$(wc -l <"$TMP/ref")
    if cmp -s "$TMP/view" "$TMP/ref"; then ok "$name: $n pages with the same titles, ids and texts as Python"; else
      not_ok "$name: titles, ids and texts as Python"
      diff <(cut -c1-200 "$TMP/ref") <(cut -c1-200 "$TMP/view") | head -5 | sed 's/^/#   /'
    fi
    check "$name: at least one page" test "$n" -gt 0
    "$WN" parse -f jsonl "$f" >"$TMP/parse" 2>"$TMP/perr"
    expect_eq "$name: wikinorm parse exits 0" "$?" 0
    expect_eq "$name: wikinorm parse gives one document per page, in order" \
      "$(titles <"$TMP/parse" | md5sum)" "$(titles <"$TMP/ref" | md5sum)"
    "$TOOL" --text --chunks 7 "$f" >"$TMP/chunked" 2>/dev/null
    check "$name: random chunk sizes give the same documents" cmp -s "$TMP/chunked" "$TMP/got"
  done
done

L=$F/dumpsterdive_smallwiki-latest-pages-articles.xml
expect_eq "ltg: 903 namespace-0 wikitext pages that are not redirects" \
  "$("$WN" parse -f jsonl "$L" | wc -l | tr -d ' ')" 903
expect_eq "ltg: the language comes from <dbname>" \
  "$("$TOOL" "$L" | head -1 | "$PY" -c 'import json,sys; print(json.loads(sys.stdin.readline())["lang"])')" ltg
"$PY" "$TMP/ref.py" "$L" 0,10,14 | wc -l | tr -d ' ' >"$TMP/n3"
expect_eq "ltg: --ns 0,10,14 reads those namespaces" \
  "$("$WN" parse -f jsonl --ns 0,10,14 "$L" | wc -l | tr -d ' ')" "$(cat "$TMP/n3")"
BG=$F/gensim_bgwiki-latest-pages-articles-shortened.xml.bz2
"$TOOL" "$BG" >"$TMP/bg"
check "bgwiki (UTF-16LE, bzip2): the title is decoded" grep -q '"title":"Григориански календар"' "$TMP/bg"
check "bgwiki: language bg" grep -q '"lang":"bg"' "$TMP/bg"
check "Slots (0.11): the main slot's text" \
  grep -q '"text":"Hello"' <("$TOOL" --text "$F/mediawiki_Slots.import-1.xml")
check "mwxml (0.8): the latest revision" \
  grep -q '"revision_id":2,.*"text":"Revision 2 text"' <("$TOOL" --text "$F/mwxml_dump.xml")

# The same dump in every form the reader accepts gives the same documents,
# positions included.
"$TOOL" --text "$L" >"$TMP/plain"
gzip -c "$L" >"$TMP/l.gz"
bzip2 -c "$L" >"$TMP/l.bz2"
# Multistream as Wikipedia makes it: header, pages in groups, footer.
"$PY" - "$L" "$TMP/l.multi.bz2" <<'EOF'
import bz2, sys
s = open(sys.argv[1], "rb").read()
cuts, at = [], 0
while True:
    at = s.find(b"  <page>", at + 1)
    if at < 0: break
    cuts.append(at)
bounds = [0] + cuts[::100] + [s.rindex(b"</mediawiki>"), len(s)]
with open(sys.argv[2], "wb") as out:
    for a, b in zip(bounds, bounds[1:]):
        if b > a: out.write(bz2.compress(s[a:b]))
EOF
iconv -f UTF-8 -t UTF-16 "$L" >"$TMP/l.u16"
{ printf '\xfe\xff'; iconv -f UTF-8 -t UTF-16BE "$L"; } >"$TMP/l.u16be"
{ printf '\xef\xbb\xbf'; cat "$L"; } >"$TMP/l.bom"
for v in l.gz l.bz2 l.multi.bz2 l.u16 l.u16be l.bom; do
  "$TOOL" --text "$TMP/$v" >"$TMP/v" 2>"$TMP/err"
  check "ltg as $v: the same documents" cmp -s "$TMP/v" "$TMP/plain"
done
check "the multistream file has many streams" \
  "$PY" -c 'import sys; assert open(sys.argv[1], "rb").read().count(b"BZh9") > 5' "$TMP/l.multi.bz2"
"$WN" parse -f jsonl "$L" >"$TMP/p.file"
cat "$L" | "$WN" parse -f jsonl >"$TMP/p.pipe"
check "ltg from a pipe: the same output" cmp -s "$TMP/p.pipe" "$TMP/p.file"
bzip2 -dc "$TMP/l.multi.bz2" | "$WN" parse -f jsonl - >"$TMP/p.bzcat"
check "bzcat | wikinorm parse: the same output" cmp -s "$TMP/p.bzcat" "$TMP/p.file"
"$WN" parse -f jsonl "$TMP/l.multi.bz2" >"$TMP/p.multi"
check "a multistream file read directly: the same output" cmp -s "$TMP/p.multi" "$TMP/p.file"

# --jobs 1 and --jobs 4: byte-identical stdout and stderr, for parse and
# for the default command.
for cmd in parse normalize; do
  "$WN" $cmd -f jsonl -j 1 "$L" "$F/mwxml_dump.xml" "$F/mediawiki_BadXML.xml" >"$TMP/j1" 2>"$TMP/e1"
  r1=$?
  "$WN" $cmd -f jsonl -j 4 "$L" "$F/mwxml_dump.xml" "$F/mediawiki_BadXML.xml" >"$TMP/j4" 2>"$TMP/e4"
  r4=$?
  check "$cmd: --jobs 1 and --jobs 4 give byte-identical stdout" cmp -s "$TMP/j1" "$TMP/j4"
  check "$cmd: and byte-identical stderr" cmp -s "$TMP/e1" "$TMP/e4"
  expect_eq "$cmd: the same exit code (2: BadXML)" "$r1/$r4" "2/2"
done
exit $((T_FAILED > 0))
