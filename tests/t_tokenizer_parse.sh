#!/usr/bin/env bash
# `wikinorm parse`: the node tree of each document as JSON. Checks the
# seeds' shapes (the issue's figures), JSON validity and forms (compact
# and -f json), stdin, several inputs, invalid UTF-8, every node type,
# positions, and valgrind on the seeds.
source "$WN_ROOT/tests/lib.sh"
cd "$WN_ROOT" || exit 1
S=fixtures/seeds

"$WN" parse "$S/000_soyuz-ms-02.zh.txt" >"$TMP/000.json" 2>"$TMP/err"
expect_eq "parse seed 000 exits 0" "$?" 0
expect_eq "parse seed 000: one line (JSON Lines when not a terminal)" "$(wc -l <"$TMP/000.json")" 1
"$WN" parse "$S/002_soyuz-ms-07.zh.txt" >"$TMP/002.json"
"$WN" parse -f json "$S/000_soyuz-ms-02.zh.txt" >"$TMP/000p.json"

# Structural checks in Python: one "ok/not ok" line each.
"$PY" - "$TMP" <<'PYEOF'
import json, sys
tmp = sys.argv[1]
def ok(cond, msg):
    print(("ok - " if cond else "not ok - ") + msg)
def walk(nodes):
    for n in nodes:
        yield n
        for key in ("params", "nodes", "rows", "cells", "options", "name_nodes"):
            yield from walk(n.get(key, []))
        if "caption" in n:
            yield from walk([n["caption"]])
d0 = json.load(open(tmp + "/000.json"))
d2 = json.load(open(tmp + "/002.json"))
dp = json.load(open(tmp + "/000p.json"))
ok(set(d0) == {"title", "nodes"}, "seed 000: {\"title\", \"nodes\"}")
t = d0["nodes"][0]
ok(t["type"] == "template" and t["name"] == "太空任务信息框" and t["line"] == 1 and t["col"] == 1,
   "seed 000: 太空任务信息框 at 1:1")
ok(len(t["params"]) == 15, "seed 000: 15 parameters (%d)" % len(t["params"]))
named = [p for p in t["params"] if not p["name"].isdigit()]
ok(len(named) == 14, "seed 000: 14 named parameters")
ok(t["params"][-1]["name"] == "1" and t["params"][-1]["value"] == "",
   "seed 000: the trailing |}} is an empty positional \"1\"")
ok(t["params"][0] == {**t["params"][0], "name": "任务名称", "value": "联盟MS-02"},
   "seed 000: 任务名称 = 联盟MS-02")
ok(dp == d0, "-f json (pretty) holds the same tree as the compact line")
i2 = d2["nodes"][0]
ok(i2["name"] == "宇航信息框" and len(i2["params"]) == 69,
   "seed 002: 宇航信息框 with 69 parameters (%d)" % len(i2["params"]))
le = [n for n in walk(i2["params"]) if n.get("type") == "template" and n["name"] == "le"]
ok(len(le) == 4, "seed 002: the {{le}} templates nested in its values (%d)" % len(le))
for name, d in (("000", d0), ("002", d2)):
    tables = [n for n in walk(d["nodes"]) if n.get("type") == "table"]
    ok(len(tables) == 1, "seed %s: one table node" % name)
    if not tables:
        continue
    rows = tables[0]["rows"]
    head = [c for c in rows[0]["cells"]]
    ok(len(rows) == 4 and all(c["header"] for c in head) and len(head) == 3,
       "seed %s: crew table with a header row of 3 and 3 more rows" % name)
    texts = [n.get("text", "").strip() for n in walk(head[1]["nodes"])]
    ok("姓名" in texts, "seed %s: header cell 姓名" % name)
    cell = rows[1]["cells"][1]
    ok(cell["attrs"] == 'align="left"' and any(n.get("type") == "template" for n in cell["nodes"]),
       "seed %s: name cell with align=\"left\" and a flag template" % name)
    ok(tables[0]["line"] > 1 and tables[0]["col"] == 1, "seed %s: table position" % name)
PYEOF

# stdin and several inputs: one line per document, in order
a=$("$WN" parse <"$S/000_soyuz-ms-02.zh.txt" | "$PY" -c 'import json,sys; print(len(json.load(sys.stdin)["nodes"]))')
b=$("$PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["nodes"]))' "$TMP/000.json")
expect_eq "parse from standard input gives the same nodes" "$a" "$b"
"$WN" parse "$S/000_soyuz-ms-02.zh.txt" "$S/002_soyuz-ms-07.zh.txt" - <"$S/000_soyuz-ms-02.zh.txt" >"$TMP/three"
expect_eq "three inputs: three JSON lines" "$(wc -l <"$TMP/three")" 3
names=$("$PY" -c 'import json,sys
for l in open(sys.argv[1]): print(json.loads(l)["nodes"][0]["name"])' "$TMP/three" | tr '\n' ' ')
expect_eq "three inputs in input order" "$names" "太空任务信息框 宇航信息框 太空任务信息框 "

# invalid UTF-8 is repaired by the reader, never a crash
printf '{{a|\377\376}}[[b|\200]]' >"$TMP/bad.txt"
"$WN" parse "$TMP/bad.txt" >"$TMP/bad.json" 2>"$TMP/bad.err"
expect_eq "parse of invalid UTF-8 exits 0" "$?" 0
check "invalid UTF-8: valid JSON with U+FFFD" "$PY" -c 'import json,sys
d=json.load(open(sys.argv[1])); s=json.dumps(d, ensure_ascii=False)
sys.exit(0 if "\ufffd" in s and d["nodes"][0]["type"] == "template" else 1)' "$TMP/bad.json"

# every node type appears in the JSON of a document that has them all
cat >"$TMP/all.txt" <<'WIKI'
== Heading ==
{{tpl|a|k=v}} {{#if:x|y}} {{{arg|d}}} [[Link|label]] [[File:x.png|thumb|cap]]
[http://example.org ext] http://example.org/bare <ref name=a>r</ref> <!-- c -->
'''bold''' ''italic'' &nbsp; __TOC__
* item
----
{| class="wikitable"
|+ caption
! h
|-
| cell
|}
WIKI
"$WN" parse "$TMP/all.txt" >"$TMP/all.json"
got=$("$PY" -c 'import json,sys
def walk(ns):
  for n in ns:
    yield n
    for k in ("params","nodes","rows","cells","options","name_nodes"): yield from walk(n.get(k, []))
    if "caption" in n: yield from walk([n["caption"]])
d=json.load(open(sys.argv[1]))
print(" ".join(sorted({n.get("type","param") for n in walk(d["nodes"])})))' "$TMP/all.json")
expect_eq "every node type is written" "$got" \
  "argument bold caption cell comment entity extlink heading hr italic list_item magic_word param parser_function row table tag template text url wikilink"

# line and column (1-based, code points)
pos=$(printf 'x\n联盟 {{b}}' | "$WN" parse | "$PY" -c 'import json,sys
n=json.load(sys.stdin)["nodes"][1]; print(n["type"], n["line"], n["col"])')
expect_eq "line and column count code points" "$pos" "template 2 4"

# quiet_valgrind CMD…: valgrind with errors and leaks as failures, output dropped
quiet_valgrind() { valgrind -q --leak-check=full --error-exitcode=9 "$@" >/dev/null 2>"$TMP/vg"; }
if [ "${WN_SAN:-0}" != 1 ] && command -v valgrind >/dev/null; then
  check "valgrind: parse of the seeds is clean" quiet_valgrind \
    "$WN" parse "$S"/000_soyuz-ms-02.zh.txt "$S"/001_soyuz-ms-02.en.txt "$S"/002_soyuz-ms-07.zh.txt
  check "valgrind: tokenizer unit tests are clean" quiet_valgrind \
    "$WN_ROOT/$WN_BUILD/tests/unit_tokenizer"
fi
[ "$T_FAILED" = 0 ]
