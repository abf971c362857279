#!/usr/bin/env bash
# The bad-input matrix: empty input, binary garbage, NUL bytes, invalid
# UTF-8 in every position class, unterminated comments, tags, tables and
# templates, an infobox with no name, duplicate keys, broken JSON records.
# Each goes through parse, the default command (normalize), merge, diff
# and check, from a file and from stdin. For every run:
#   - no crash, no sanitizer report (the suite runs under the ASan build);
#   - the exit code is one the man page documents for that command;
#   - every stderr line is a diagnostic "FILE:LINE:COL: severity: msg"
#     (or "FILE: severity: msg" / "wikinorm: msg"), and exit 2 comes with
#     at least one error line that says why;
#   - stdout, when the command succeeded, is valid UTF-8 and valid JSON.
# Then per input class, what it must say: the position of the first bad
# byte, of the unterminated construct, of the duplicate key.
source "$WN_ROOT/tests/lib.sh"

"$PY" - "$WN" "$TMP" "$WN_ROOT" <<'EOF'
import json, os, random, re, subprocess, sys

wn, tmp, root = sys.argv[1], sys.argv[2], sys.argv[3]
EN = os.path.join(root, "fixtures/seeds/001_soyuz-ms-02.en.txt")
failed = 0

def ok(msg): print("ok - " + msg, flush=True)
def not_ok(msg, detail=""):
    global failed
    failed += 1
    print("not ok - " + msg, flush=True)
    for line in detail.splitlines()[:12]:
        print("#   " + line)

def check(cond, msg, detail=""):
    (ok if cond else lambda m: not_ok(m, detail))(msg)
    return cond

def pos(data, off):
    """1-based line and column (in code points, bad bytes count one) of byte off."""
    line = data.count(b"\n", 0, off) + 1
    start = data.rfind(b"\n", 0, off) + 1
    seg = data[start:off]
    col = 1 + sum(1 for b in seg if (b & 0xC0) != 0x80)
    return line, col

ZH = "{{太空任务信息框\n| 任务名称 = 联盟MS-02\n| 发射 = 2016年10月19日<br>08:05 UTC\n| 圈数 = 2694\n}}\n".encode()
ENW = b"{{Infobox spaceflight\n| name = Soyuz MS-02\n| launch_date = 19 October 2016, 08:05 UTC\n| orbits_completed = 2694\n}}\n"

# name -> (bytes, {expectations})
cases = {}
rnd = random.Random(7)
cases["empty"] = (b"", {})
cases["whitespace"] = (b" \n\n\t\n", {})
cases["garbage"] = (b"x" + bytes(rnd.randrange(256) for _ in range(65535)), {"bad_utf8": True})
cases["garbage-with-braces"] = (b"x" + bytes(rnd.choice(b"{}[]|=<>!-\n\x00\xff'") for _ in range(65535)),
                                {"bad_utf8": True})
cases["nul-bytes"] = (b"{{Infobox space\x00flight\n| na\x00me = Soyuz\x00 MS-02\n| launch_date = 19 October 2016\x00\n}}\n\x00\x00", {})
# Invalid UTF-8 in each position class. bad_at: offset of the first bad byte.
def with_bad(doc, anchor, bad=b"\xff"):
    i = doc.index(anchor)
    return doc[:i] + bad + doc[i:], i
for label, doc, anchor, bad in [
    ("template name", ZH, "信息框".encode(), b"\xff"),
    ("param name", ZH, "名称".encode(), b"\xfe"),
    ("value", ZH, b"MS-02", b"\xc3\x28"),             # a broken 2-byte sequence
    ("value (overlong)", ENW, b"Soyuz", b"\xc0\xaf"),
    ("value (surrogate)", ENW, b"October", b"\xed\xa0\x80"),
    ("en param name", ENW, b"launch_date", b"\x80"),
    ("title", b"= Soyuz MS-02 =\n\nSoyuz MS-02\n- Launch Date: 19 October 2016\n", b"MS-02 =", b"\xf5"),
    ("rendered value", b"= Soyuz MS-02 =\n\nSoyuz MS-02\n- Launch Date: 19 October 2016\n", b"October", b"\xe8\x81"),
    ("crew table cell", ZH + "== 机组人员 ==\n{| class=\"wikitable\"\n!职位\n!姓名\n|-\n|指令长\n|雷日科夫\n|}\n".encode(),
     "雷日科夫".encode(), b"\xf0\x9f"),
]:
    data, at = with_bad(doc, anchor, bad)
    cases["invalid-utf8 in " + label] = (data, {"bad_at": at, "bad_utf8": True})
data = ENW + "联".encode()[:2]  # a truncated sequence at the very end
cases["invalid-utf8 at the end"] = (data, {"bad_at": len(data) - 2, "bad_utf8": True})
# Unterminated constructs: opener offset.
for label, doc in [
    ("comment", ENW + b"text <!-- never closed\n" + b"more\n" * 3),
    ("ref tag", ENW.replace(b"2694\n", b"2694<ref>never closed\n") + b"more\n"),
    ("table", ENW + b"{| class=\"wikitable\"\n|-\n| a || b\n|-\n| c\n"),
    ("template", b"intro\n" + ENW[:-3]),
    ("link", ENW + b"see [[Soyuz MS-01|the previous\n"),
]:
    opener = {"comment": b"<!--", "ref tag": b"<ref>", "table": b"{|", "template": b"{{", "link": b"[["}[label]
    cases["unterminated " + label] = (doc, {"open_at": doc.index(opener)})
cases["infobox with no name"] = (b"{{|name=Soyuz MS-02|launch_date=19 October 2016}}\n", {"noname_at": 0})
dup = "{{太空任务信息框\n| 任务名称 = 联盟MS-01\n| 发射 = 2016年10月19日<br>08:05 UTC\n| 任务名称 = 联盟MS-02\n}}\n".encode()
cases["duplicate keys"] = (dup, {"dup_at": [dup.index("任务名称".encode()), dup.rindex("任务名称".encode())],
                                 "dup_last": "联盟MS-02"})
dup_en = b"{{Infobox spaceflight\n| orbits_completed = 1\n| name = Soyuz MS-02\n| Orbits_completed = 2694\n}}\n"
cases["duplicate keys (en, differing case and _)"] = (
    dup_en, {"dup_at": [dup_en.index(b"orbits_completed"), dup_en.index(b"Orbits_completed")]})
# Numbers too large for any integer type, in every typed field.
big = "9" * 40
cases["overflowing numbers"] = (("{{Infobox spaceflight\n| name = Soyuz MS-%s\n| COSPAR_ID = %s-%sA\n"
    "| SATCAT = %s\n| launch_date = %s October %s, %s:%s UTC\n| landing_date = {{end date|%s|%s|%s}}\n"
    "| mission_duration = %s days %s hours\n| launch_mass = %s kg\n| distance_travelled = %s million km\n"
    "| orbits_completed = %s\n| orbit_period = %s minutes\n| orbit_inclination = -%s degrees\n"
    "| crew_size = %s\n| crew_members = A (%sth flight)\n}}\n"
    "{{太空任务信息框\n| 任务名称 = 联盟MS-%s\n| 发射 = %s年%s月%s日\n| 任务时间 = %s天%s时\n| 圈数 = %s\n"
    "| 成员 = %s\n}}\n").replace("%s", big).encode(), {})
# Date templates with long and non-ASCII parameters: {{start date}} once
# wrote past a 64-byte buffer and cut a year inside a UTF-8 character.
n15 = "9" * 15
cases["date templates with long parameters"] = ((
    "{{Infobox spaceflight\n| name = X\n| launch_date = {{start date|1|%s|%s|%s|%s|%s|联盟}}\n"
    "| landing_date = {{end date|-%s|-%s|-%s|-%s|-%s|-%s}}\n"
    "| launch_site = {{end date|2173天3时15分017|4|10}}\n"
    "| mission_duration = {{time interval|{{start date|%s}}|{{end date|%s|%s}}}}\n}}\n"
    % tuple([n15] * 14)).encode(), {})
# Broken JSON records (merge input).
good = json.dumps({"schema": "wikinorm/spaceflight/1", "key": "soyuz-ms-02", "designation": "Soyuz MS-02",
                   "source": {"lang": "en", "file": "x", "format": "wikitext"}, "fields": {}}).encode()
cases["json truncated"] = (good[:len(good) // 2], {"json": True, "json_bad_line": 1})
cases["json not a record"] = (b'{"a": 1}\n', {"json": True, "json_bad_line": 1})
cases["json lines with one bad line"] = (good + b"\n" + b'{"schema": 3, \n' + good + b"\n",
                                         {"json": True, "json_bad_line": 2})
cases["json with NUL escape and bad utf-8"] = (
    good.replace(b"Soyuz MS-02", b"Soyuz\\u0000 \xff MS-02\\ud800"), {"json": True})

DIAG = re.compile(r"^(\S.*?)(:\d+:\d+)?: (error|warning|note): \S")
def run(args, stdin_path=None):
    if stdin_path:
        with open(stdin_path, "rb") as f:
            p = subprocess.run([wn] + args, stdin=f, capture_output=True)
    else:
        p = subprocess.run([wn] + args, stdin=subprocess.DEVNULL, capture_output=True)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")

def json_ok(out):
    try:
        text = out.decode("utf-8")
    except UnicodeDecodeError as e:
        return "stdout is not valid UTF-8: %s" % e
    for i, line in enumerate(text.split("\n")):
        if line.strip():
            try:
                json.loads(line)
            except ValueError as e:
                return "stdout line %d is not JSON: %s: %r" % (i + 1, e, line[:200])
    return None

ALLOWED = {"parse": {0}, "normalize": {0}, "merge": {0, 2}, "diff": {0, 1, 2}, "check": {0, 1, 2}}

def generic(name, cmd, rc, out, err, allowed):
    """One line per run: no crash, a documented exit, diagnostics only on
    stderr, an error message with exit 2, JSON on stdout."""
    problems = []
    if rc < 0 or rc >= 128 or "Sanitizer" in err or "runtime error" in err:
        problems.append("crashed (exit %d)" % rc)
    else:
        if rc not in allowed:
            problems.append("exit %d is not one of %s" % (rc, sorted(allowed)))
        bad_lines = [l for l in err.splitlines()
                     if l and not DIAG.match(l) and not l.startswith("wikinorm: ")]
        if bad_lines:
            problems.append("stderr lines that are no diagnostic: %r" % bad_lines[:3])
        if rc == 2 and not re.search(r"(: error: |^wikinorm: )", err, re.M):
            problems.append("exit 2 without an error message")
        if rc in (0, 1) and cmd.split(" ")[0] in ("parse", "normalize", "merge"):
            problem = json_ok(out)
            if problem:
                problems.append(problem)
    check(not problems, "%s, %s: no crash, exit %d, clean stderr and stdout" % (name, cmd, rc),
          "\n".join(problems) + "\nstderr: " + err[-1200:])

results = {}
for name, (data, exp) in cases.items():
    fn = os.path.join(tmp, re.sub(r"[^A-Za-z0-9.-]+", "_", name) + (".jsonl" if exp.get("json") else ".wiki"))
    with open(fn, "wb") as f:
        f.write(data)
    is_json = exp.get("json", False)
    allowed = dict(ALLOWED)
    if is_json:  # JSON records are no wikitext: parse and normalize refuse them
        allowed["parse"] = {2}
        allowed["normalize"] = {2}
    runs = {
        "parse": run(["parse", "-f", "jsonl", fn]),
        "parse (stdin)": run(["parse", "-f", "jsonl", "-"], fn),
        "normalize": run(["-f", "jsonl", fn]),
        "normalize (stdin)": run(["-f", "jsonl"], fn),
        "merge": run(["merge", "-f", "jsonl", fn, EN]),
        "diff": run(["diff", fn, EN]),
        "diff (reversed)": run(["diff", EN, fn]),
        "check": run(["check", fn]),
    }
    for cmd, (rc, out, err) in runs.items():
        generic(name, cmd, rc, out, err, allowed[cmd.split(" ")[0]])
    results[name] = (fn, data, exp, runs)

# ---- what each class must say ----
def has_diag(err, fn, line, col=None, sev="warning|error", text=None):
    for l in err.splitlines():
        m = re.match(r"^(.*?):(\d+):(\d+): (error|warning|note): (.*)$", l)
        if not m or m.group(1) != fn or int(m.group(2)) != line:
            continue
        if col is not None and int(m.group(3)) != col:
            continue
        if not re.match(sev, m.group(4)):
            continue
        if text and not re.search(text, m.group(5), re.I):
            continue
        return True
    return False

for name, (fn, data, exp, runs) in results.items():
    if "bad_at" in exp:
        line, col = pos(data, exp["bad_at"])
        rc, out, err = runs["parse"]
        check(has_diag(err, fn, line, col, text="UTF-8|encoding|invalid"),
              "%s: parse warns of invalid UTF-8 at %d:%d" % (name, line, col), err)
        rc, out, err = runs["parse (stdin)"]
        check(has_diag(err, "<stdin>", line, col, text="UTF-8|encoding|invalid"),
              "%s: from stdin too, as <stdin>:%d:%d" % (name, line, col), err)
        rc, out, err = runs["parse"]
        check("\ufffd" in out.decode("utf-8", "replace") and b"\xef\xbf\xbd" in out,
              "%s: the bad bytes become U+FFFD in the output" % name)
    if "open_at" in exp:
        line, col = pos(data, exp["open_at"])
        rc, out, err = runs["parse"]
        check(has_diag(err, fn, line, col, sev="warning|error"),
              "%s: parse says where it opened (%d:%d)" % (name, line, col), err)
    if "noname_at" in exp:
        line, col = pos(data, exp["noname_at"])
        errs = runs["parse"][2] + runs["normalize"][2]
        check(has_diag(errs, fn, line, col),
              "%s: a warning at %d:%d (parse or normalize)" % (name, line, col), errs)
        rc, out, err = runs["normalize"]
        check(out.strip() == b"", "%s: no record is made from it" % name, out.decode("utf-8", "replace")[:300])
    if "dup_at" in exp:
        rc, out, err = runs["normalize"]
        lines = [pos(data, o)[0] for o in exp["dup_at"]]
        check(any(has_diag(err, fn, l, text="duplicate|twice|repeated|again") for l in lines),
              "%s: a warning names the duplicate key (line %s)" % (name, " or ".join(map(str, lines))), err)
        recs = [json.loads(l) for l in out.decode("utf-8", "replace").split("\n") if l.strip()]
        check(len(recs) == 1, "%s: one record" % name, out.decode("utf-8", "replace")[:300])
        if recs:
            r = recs[0]
            if "dup_last" in exp:
                nm = r.get("fields", {}).get("name", {})
                got = nm.get("zh") if isinstance(nm, dict) else nm
                check(got == exp["dup_last"], "%s: the last value wins, as in MediaWiki (name.zh %r)" % (name, got))
                prov = r.get("provenance", {}).get("name", {})
                check(prov.get("line") == lines[-1],
                      "%s: provenance points at the last one (line %s, want %d)" % (name, prov.get("line"), lines[-1]))
            else:
                got = r.get("fields", {}).get("orbits_completed")
                check(got == 2694, "%s: the last value wins (orbits_completed %r)" % (name, got))
            check(any(re.search("duplicate|twice|repeated|again", w.get("message", ""), re.I)
                      for w in r.get("warnings", []) if isinstance(w, dict)),
                  "%s: the record carries the warning" % name, json.dumps(r.get("warnings"), ensure_ascii=False))
    if exp.get("json"):
        rc, out, err = runs["merge"]
        check(rc == 2, "%s: merge exits 2" % name, err)
        if "json_bad_line" in exp:
            check(has_diag(err, fn, exp["json_bad_line"], sev="error"),
                  "%s: merge names %s:%d" % (name, os.path.basename(fn), exp["json_bad_line"]), err)
        rc, out, err = runs["parse"]
        check(rc == 2 and has_diag(err, fn, 1, sev="error"), "%s: parse refuses JSON with an error" % name, err)

# Integers too large for int64 are kept as text, never a wrapped number
# (the double-to-int64 cast was undefined; gcc's UBSan does not see it).
fn, data, exp, runs = results["overflowing numbers"]
rc, out, err = runs["normalize"]
recs = [json.loads(l) for l in out.decode("utf-8", "replace").split("\n") if l.strip()]
en = [r for r in recs if r.get("source", {}).get("lang") == "en" or "ids" in r.get("fields", {})]
if check(len(en) >= 1, "overflowing numbers: the en record is made", out.decode("utf-8", "replace")[:300]):
    f = en[0]["fields"]
    for path in ("ids.satcat", "orbits_completed", "crew.size"):
        v = f
        for part in path.split("."):
            v = v.get(part) if isinstance(v, dict) else None
        good = v is None or isinstance(v, dict) and "text" in v or \
            isinstance(v, int) and 0 <= v < 2 ** 63
        check(good, "overflowing numbers: %s is text or a true integer (%r)" % (path, v))

# The empty input: nothing to diff is trouble, said in words.
fn, data, exp, runs = results["empty"]
rc, out, err = runs["diff"]
check(rc == 2 and re.search(r"record|infobox", err, re.I),
      "empty: diff exits 2 and says there is no record (exit %d)" % rc, err)
rc, out, err = runs["parse"]
try:
    doc = json.loads(out)
    check(doc.get("nodes") == [], "empty: parse gives a document with no nodes")
except ValueError:
    not_ok("empty: parse gives one JSON document", out[:200].decode("utf-8", "replace"))
# ---- the limits of src/limits.h ----
ZH7 = os.path.join(root, "fixtures/seeds/002_soyuz-ms-07.zh.txt")
big = os.path.join(tmp, "over64mib.wiki")
with open(big, "wb") as f:
    f.write(ENW)
    line = b"a" * 1023 + b"\n"
    for _ in range(65 * 1024):
        f.write(line)
rc, out, err = run(["parse", "-f", "jsonl", big, ZH7])
check(rc == 2 and re.search(r"over64mib\.wiki.*error: .*(64 MiB|larger|limit)", err) is not None,
      "a document over WN_MAX_DOC_BYTES (64 MiB) is an error naming the file and the limit (exit %d)" % rc, err)
check(out.count(b"\n") == 1, "the next input is still processed after it")
os.unlink(big)

deep = os.path.join(tmp, "deep.wiki")
with open(deep, "w") as f:
    f.write("{{Infobox spaceflight|name=X|mission_type=" + "{{a|" * 150 + "x" + "}}" * 150 + "}}\n")
for cmd in (["parse"], []):
    rc, out, err = run(cmd + ["-f", "jsonl", deep])
    check(rc == 0 and re.search(r"deep\.wiki:1:\d+: warning: .*(nest|deep)", err, re.I) is not None,
          "%s: nesting past WN_MAX_DEPTH (100) is kept as text with a warning (exit %d)" % (cmd[0] if cmd else "normalize", rc), err)

many = os.path.join(tmp, "manydup.wiki")
with open(many, "w") as f:
    f.write("{{Infobox spaceflight\n" + "| name = X\n" * 1000 + "}}\n")
rc, out, err = run(["-f", "jsonl", many])
lines = [l for l in err.splitlines() if l]
check(rc == 0 and 100 <= len(lines) <= 102 and re.search(r"more diagnostics", lines[-1]) is not None,
      "WN_MAX_DIAGS_PER_DOC: 999 warnings print as 100 and a note of the rest (%d lines)" % len(lines), err[-400:])
sys.exit(1 if failed else 0)
EOF
