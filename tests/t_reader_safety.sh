#!/usr/bin/env bash
# Hostile and damaged dumps through the command line: entity bombs and
# external entities are refused at once (exit 2, nothing read, small
# memory); invalid UTF-8 anywhere — in a title, in a text, astride the
# reader's 64 KiB read boundary — is repaired and every later page still
# comes out; page texts over libxml2's 10 MB node limit parse; deep nesting,
# another root element and unsupported compression are clear errors.
source "$WN_ROOT/tests/lib.sh"
TOOL=$WN_ROOT/$WN_BUILD/tests/tool_read

# run NAME CMD…: stdout in $TMP/out, stderr in $TMP/err, status in RC.
run() {
  shift
  "$@" >"$TMP/out" 2>"$TMP/err"
  RC=$?
}
msg() { # NAME REGEX: stderr matches
  if grep -qE "$2" "$TMP/err"; then ok "$1"; else
    not_ok "$1"
    head -c 400 "$TMP/err" | sed 's/^/#   /'
  fi
}
small_rss() { # NAME KB CMD…: the command's peak RSS stays under KB
  local name=$1 kb=$2
  shift 2
  if [ ! -x /usr/bin/time ] || [ "$WN_SAN" = 1 ]; then
    ok "$name # skip (no GNU time, or under sanitizers)"
    return
  fi
  local m
  m=$(/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1)
  if [ "$m" -lt "$kb" ]; then ok "$name (${m} KB)"; else not_ok "$name (${m} KB >= $kb KB)"; fi
}

# ---- XML bombs and external entities ----
cat >"$TMP/laughs.xml" <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE mediawiki [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<mediawiki><page><title>&lol9;</title><ns>0</ns><revision><text>&lol9;</text></revision></page></mediawiki>
EOF
run laughs timeout 20 "$WN" parse "$TMP/laughs.xml"
expect_eq "billion laughs: exit 2" "$RC" 2
msg "billion laughs: the DOCTYPE is refused" "laughs\.xml:2:[0-9]+: error: DOCTYPE declarations are refused"
check "billion laughs: nothing read" test ! -s "$TMP/out"
small_rss "billion laughs: memory stays small" 30000 "$WN" parse "$TMP/laughs.xml"

printf 'SECRET-%s\n' "$RANDOM" >"$TMP/secret.txt"
cat >"$TMP/xxe.xml" <<EOF
<?xml version="1.0"?>
<!DOCTYPE mediawiki [<!ENTITY xxe SYSTEM "file://$TMP/secret.txt">]>
<mediawiki><page><title>T</title><ns>0</ns><revision><text>&xxe;</text></revision></page></mediawiki>
EOF
run xxe "$WN" parse "$TMP/xxe.xml"
expect_eq "external entity: exit 2" "$RC" 2
check "external entity: the file is never read into the output" bash -c "! grep -q SECRET '$TMP/out' '$TMP/err'"
cat >"$TMP/pe.xml" <<EOF
<!DOCTYPE mediawiki [<!ENTITY % p SYSTEM "file://$TMP/secret.txt"> %p;]>
<mediawiki></mediawiki>
EOF
run pe "$WN" parse "$TMP/pe.xml"
expect_eq "parameter entity: exit 2" "$RC" 2
msg "parameter entity: the DOCTYPE is refused" "DOCTYPE declarations are refused"
printf '<mediawiki><page><title>&amp;&#x4E2D;&unknown;</title></page></mediawiki>' >"$TMP/undef.xml"
run undef "$WN" parse "$TMP/undef.xml"
expect_eq "an undeclared entity: exit 2" "$RC" 2
msg "an undeclared entity: named" "Entity 'unknown' not defined"

# ---- invalid UTF-8 everywhere ----
# A page whose multi-byte characters straddle the 64 KiB read boundary, a
# bad byte exactly on it, bad bytes in titles and texts; pages after them.
"$PY" - "$TMP/bad.xml" <<'EOF'
import sys
head = (b'<mediawiki xml:lang="zh"><siteinfo><dbname>zhwiki</dbname></siteinfo>\n')
def page(title, text):
    return (b"<page><title>" + title + b"</title><ns>0</ns><revision><id>1</id>"
            b"<text xml:space=\"preserve\">" + text + b"</text></revision></page>\n")
out = head + page(b"First", b"ok")
# Pad so that the next text puts a 3-byte character across offset 65536.
prefix = out + b"<page><title>Straddle</title><ns>0</ns><revision><id>1</id><text>"
pad = 65536 - len(prefix) - 1
text = b"a" * pad + "中".encode() + b"b" * 65533 + b"\xff" + b"\xe4\xb8" + b"c" * 100
out = prefix + text + b"</text></revision></page>\n"
# 中 spans bytes 65535-65537; \xff is the last byte of the second read,
# and the cut sequence \xe4\xb8 starts the third.
assert out.index("中".encode()) == 65535 and out.index(b"\xff") == 131071
out += page(b"Bad \xc3\x28 title", b"x \x80 y \xed\xa0\x80 z \xf8")
out += page(b"Control", b"a\x01b\x0bc")
out += page(b"Last", "完好".encode())
out += b"</mediawiki>\n"
open(sys.argv[1], "wb").write(out)
EOF
run bad "$WN" parse -f jsonl "$TMP/bad.xml"
expect_eq "invalid UTF-8: exit 0 (repaired, not fatal)" "$RC" 0
expect_eq "invalid UTF-8: every page comes out" \
  "$("$PY" -c 'import json,sys; print(",".join(json.loads(l)["title"] for l in open(sys.argv[1])))' "$TMP/out")" \
  "First,Straddle,Bad �( title,Control,Last"
msg "invalid UTF-8: a warning names line:col of the first bad byte" "bad\.xml:3:[0-9]+: warning: invalid UTF-8"
"$TOOL" --text "$TMP/bad.xml" >"$TMP/docs" 2>/dev/null
check "the character astride the read boundary is intact" grep -q 'a中b' "$TMP/docs"
check "bad bytes are U+FFFD, the rest kept" grep -q '"text":"x � y ��� z �"' "$TMP/docs"
check "control characters XML forbids are U+FFFD" grep -q '"text":"a�b�c"' "$TMP/docs"
check "the page after the damage is intact" grep -q '"title":"Last".*"text":"完好"' "$TMP/docs"
for seed in 1 2 3; do
  "$TOOL" --text --chunks $seed "$TMP/bad.xml" >"$TMP/docs$seed" 2>/dev/null
  check "the same in random chunks (seed $seed)" cmp -s "$TMP/docs$seed" "$TMP/docs"
done
# The same file through a pipe, gzip and bzip2.
for form in pipe gz bz2; do
  case $form in
  pipe) "$WN" parse -f jsonl <"$TMP/bad.xml" >"$TMP/o.$form" 2>/dev/null ;;
  gz) gzip -c "$TMP/bad.xml" | "$WN" parse -f jsonl >"$TMP/o.$form" 2>/dev/null ;;
  bz2) bzip2 -c "$TMP/bad.xml" >"$TMP/bad.xml.bz2" && "$WN" parse -f jsonl "$TMP/bad.xml.bz2" >"$TMP/o.$form" 2>/dev/null ;;
  esac
  check "invalid UTF-8 via $form: the same output" cmp -s "$TMP/o.$form" "$TMP/out"
done

# ---- sizes ----
"$PY" -c '
import sys
t = "x" * (12 * 1024 * 1024)
sys.stdout.write("<mediawiki><page><title>Huge</title><ns>0</ns><revision><text>" + t +
                 "</text></revision></page><page><title>After</title><ns>0</ns><revision>"
                 "<text>a</text></revision></page></mediawiki>\n")' >"$TMP/huge.xml"
run huge "$TOOL" "$TMP/huge.xml"
expect_eq "a 12 MiB page text (over libxml2's 10 MB node limit): read" "$RC" 0
check "its whole length is delivered" grep -q '"title":"Huge".*"len":12582912' "$TMP/out"
check "the next page too" grep -q '"title":"After"' "$TMP/out"
small_rss "a 12 MiB page needs about one copy of it in memory" 80000 "$WN" parse "$TMP/huge.xml"

"$PY" -c 'print("<mediawiki>" + "<a>" * 200)' >"$TMP/deep.xml"
run deep "$WN" parse "$TMP/deep.xml"
expect_eq "deep nesting: exit 2" "$RC" 2
msg "deep nesting: explained" "nested deeper than 64"
printf '<?xml version="1.0"?>\n<html><body>x</body></html>\n' >"$TMP/x.xhtml"
run xhtml "$WN" parse "$TMP/x.xhtml"
expect_eq "XML that is no MediaWiki export: exit 2" "$RC" 2
msg "XML that is no MediaWiki export: explained" "not a MediaWiki XML export: the root element is <html>"

# ---- compression told by bytes, not names ----
"$PY" -c 'import lzma,sys; sys.stdout.buffer.write(lzma.compress(b"<mediawiki></mediawiki>"))' >"$TMP/d.xml.xz"
run xz "$WN" parse "$TMP/d.xml.xz"
expect_eq "xz: exit 2" "$RC" 2
msg "xz: says how to read it" "xz.*xzcat"
gzip -c "$WN_ROOT/fixtures/seeds/000_soyuz-ms-02.zh.txt" >"$TMP/article.txt"
run gzdoc "$WN" parse -f jsonl "$TMP/article.txt"
expect_eq "gzip named .txt: a gzipped wikitext document" "$RC/$(wc -l <"$TMP/out")" "0/1"
"$WN" parse -f jsonl "$WN_ROOT/fixtures/seeds/000_soyuz-ms-02.zh.txt" >"$TMP/plain.out" 2>/dev/null
check "and the same output as the plain file" cmp -s "$TMP/plain.out" "$TMP/out"
printf 'BZh9garbage that is not bzip2' >"$TMP/fake.bz2"
run fake "$WN" parse "$TMP/fake.bz2"
expect_eq "corrupt bzip2: exit 2" "$RC" 2
msg "corrupt bzip2: explained" "corrupt bzip2 data"
exit $((T_FAILED > 0))
