#!/usr/bin/env bash
# Pathological inputs for every stage (reader, tokenizer, infobox, mapping,
# values, record), not only the tokenizer: many parameters, a 10 MB single
# line, many table rows and crew rows, very long keys and values, deep
# nesting of every construct. Each input goes through `parse` and the
# default command (normalize); each must exit 0 without a crash and grow
# linearly: the user CPU time for 4n is under 6x the time for n (best of 3
# runs each; times under 50 ms are taken as 50 ms: below that, a shared
# machine's noise, not the algorithm, decides; a quadratic stage at these
# sizes takes seconds). Under the sanitizer build (WN_SAN=1) n is scaled
# down 4x, and the bound is 8x with a 100 ms floor.
source "$WN_ROOT/tests/lib.sh"

"$PY" - "$WN" "$TMP" "${WN_SAN:-0}" <<'EOF'
import os, subprocess, sys

wn, tmp, san = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
scale = 4 if san else 1
failed = 0

def ok(msg): print("ok - " + msg, flush=True)
def not_ok(msg):
    global failed
    failed += 1
    print("not ok - " + msg, flush=True)

# ---- generators: n -> text (str) ----
ZH_HEAD = "{{太空任务信息框\n| 任务名称 = 联盟MS-02\n| 发射 = 2016年10月19日<br>08:05 UTC\n"
EN_HEAD = "{{Infobox spaceflight\n| name = Soyuz MS-02\n| launch_date = 19 October 2016, 08:05 UTC\n"

def params(n):
    return EN_HEAD + "".join("| param_%d = value %d\n" % (i, i) for i in range(n)) + "}}\n"

def zh_params(n):
    return ZH_HEAD + "".join("| 参数%d = 值%d [[链接%d]]\n" % (i, i, i) for i in range(n)) + "}}\n"

def one_line(n):  # n bytes of mixed markup, no newline, inside and after an infobox
    unit = "[[a|b]] {{x|y=z}} '''b''' ''i'' <ref>r</ref> [http://e.org l] &nbsp; 文字 "
    body = (unit * (n // len(unit.encode()) + 1))
    return EN_HEAD + "| mission_type = " + body[: n // 2] + "}}" + body[: n // 2]

def table_rows(n):
    return EN_HEAD + "}}\n{| class=\"wikitable\"\n! a !! b\n" + \
        "".join("|-\n| r%d || [[x%d]] || {{y|%d}}\n" % (i, i, i) for i in range(n)) + "|}\n"

def crew_rows(n):
    rows = "".join(
        "|-\n|飞行工程师%d\n| align=\"left\" |{{flagicon|RUS}} {{le|宇航员∙%d|Cosmonaut %d}}\n|第%d次\n"
        % (i % 3, i, i, i % 9 + 1) for i in range(n))
    return ZH_HEAD + "}}\n== 机组人员 ==\n{| class=\"wikitable\"\n!职位\n!姓名\n!飞行次数\n" + rows + "|}\n"

def long_key_value(n):  # keys and values of n bytes, into typed fields too
    v = ("9" * n)
    t = ("联盟" * (n // 6))
    return ("{{Infobox spaceflight\n| " + "k" * n + " = v\n| name = " + t +
            "\n| launch_date = " + "19 October " + v +
            "\n| mission_duration = " + v + " days" +
            "\n| launch_mass = " + v + " kg" +
            "\n| launch_site = [[" + t + "|" + t + "]], Site " + v +
            "\n| crew_members = " + ", ".join([t[:60]] * (n // 64)) +
            "\n| orbit_period = " + "1." + v + " minutes" +
            "\n| COSPAR_ID = " + v + "\n}}\n")

def zh_long_values(n):
    v = "年" * (n // 3)
    return ("{{太空任务信息框\n| 任务名称 = " + v + "\n| 发射 = 2016年" + "1" * n + "月19日" +
            "\n| 任务时间 = " + "1" * n + "天3时" + "\n| 圈数 = " + "２" * (n // 3) +
            "\n| 成员介绍 = 从左至右：" + "，".join(["金布罗"] * (n // 12)) + "\n}}\n")

def nest(opener, closer, middle="x"):
    return lambda n: EN_HEAD + "| mission_type = " + opener * n + middle + closer * n + "\n}}\n" + \
        opener * n + middle + closer * n

def unclosed(opener):
    return lambda n: EN_HEAD + "| mission_type = " + opener * n + "\n}}\n" + opener * n

def tables_nested(n):
    return EN_HEAD + "}}\n" + "{|\n|\n" * n + "x\n" + "|}\n" * n

def headings(n):
    return EN_HEAD + "}}\n" + "=" * n + " h " + "=" * n + "\n" + "".join(
        "%s h%d %s\n" % ("=" * (i % 7 + 1), i, "=" * (i % 7 + 1)) for i in range(n))

def lists(n):
    return EN_HEAD + "}}\n" + "*" * n + " deep\n" + "".join(
        "%s item %d\n" % ("*#:;"[i % 4] * (i % 50 + 1), i) for i in range(n))

cases = [
    # name, generator, n (4n is the headline size)
    ("10^5 parameters in one template", params, 25000),
    ("10^5 zh parameters with links", zh_params, 25000),
    ("a 10 MB single line", one_line, 2500000),
    ("10^5 table rows", table_rows, 25000),
    ("10^5 crew rows in a 机组人员 table", crew_rows, 25000),
    ("1 MB keys and values in typed fields", long_key_value, 256 * 1024),
    ("1 MB zh values (dates, durations, counts, photo order)", zh_long_values, 256 * 1024),
    ("nested templates", nest("{{a|", "}}"), 25000),
    ("nested parser functions", nest("{{#if:", "|y}}"), 25000),
    ("nested template arguments", nest("{{{a|", "}}}"), 25000),
    ("nested links", nest("[[a|", "]]"), 25000),
    ("nested external links", nest("[http://e.org ", "]"), 25000),
    ("nested tags", nest("<span>", "</span>"), 25000),
    ("nested refs", nest("<ref>", "</ref>"), 25000),
    ("nested comments", nest("<!--", "-->"), 25000),
    ("nested bold and italic", nest("'''''", "'''''"), 25000),
    ("nested tables", tables_nested, 25000),
    ("long headings and 10^5 headings", headings, 25000),
    ("deep and many list items", lists, 25000),
    ("unclosed templates", unclosed("{{a|"), 25000),
    ("unclosed links", unclosed("[[a|"), 25000),
    ("unclosed tags", unclosed("<ref>"), 25000),
    ("unclosed tables", unclosed("{|\n"), 25000),
    ("unclosed external links", unclosed("[http://a "), 25000),
]

def run(cmd, path):
    """User CPU seconds of one run, and its exit status."""
    with open(path, "rb") as f:
        p = subprocess.Popen(cmd + ["-f", "jsonl", path], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
        err = b""
        # stderr is drained so that a flood of warnings cannot block.
        err = p.stderr.read()
        _, status, ru = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
    return ru.ru_utime, p.returncode, err

# Below FLOOR seconds, times are noise on a shared machine. The sanitizer
# build is slower and noisier (its allocator's quarantine grows with the
# heap), so it gets a higher floor and bound; a quadratic stage, 16x for
# 4n, still fails both, and the plain pass holds the strict 6x.
FLOOR = 0.1 if san else 0.05
LIMIT = 8 if san else 6

def best(cmd, path, bound=None):
    """Best user time of up to 3 runs; with a bound, stops at the first run
    within it (the best of 3 can only be lower: the verdict is the same),
    or past 3x the bound (CPU time does not vary 3x between runs: a
    failure either way, without spending minutes on it)."""
    times, rcs, errs = [], [], []
    for _ in range(3):
        t, rc, err = run(cmd, path)
        times.append(t); rcs.append(rc); errs.append(err)
        if bound is not None and (t <= bound or t > 3 * bound):
            break
    return min(times), rcs, errs

for name, gen, n in cases:
    n = max(16, n // scale)
    small, large = os.path.join(tmp, "small.wiki"), os.path.join(tmp, "large.wiki")
    with open(small, "w", encoding="utf-8") as f: f.write(gen(n))
    with open(large, "w", encoding="utf-8") as f: f.write(gen(4 * n))
    mb = os.path.getsize(large) / 1e6
    for label, cmd in (("parse", [wn, "parse"]), ("normalize", [wn])):
        t1, rc1, e1 = best(cmd, small)
        t4, rc4, e4 = best(cmd, large, LIMIT * max(t1, FLOOR))
        bad = [rc for rc in rc1 + rc4 if rc != 0]
        san_report = any(b"Sanitizer" in e or b"runtime error" in e for e in e1 + e4)
        if bad or san_report:
            not_ok("%s, %s: exits 0 without a crash (exits %s)" % (name, label, rc1 + rc4))
            for line in (e4[0] or e1[0]).decode("utf-8", "replace").splitlines()[:15]:
                print("#   " + line)
        else:
            ok("%s, %s: exits 0 without a crash" % (name, label))
        ratio = max(t4, FLOOR) / max(t1, FLOOR)
        msg = "%s, %s: linear (n=%d: %.3fs, 4n=%d: %.3fs, %.1fx, %.1f MB)" % (
            name, label, n, t1, 4 * n, t4, ratio, mb)
        if t4 <= LIMIT * max(t1, FLOOR):
            ok(msg)
        else:
            not_ok(msg)
sys.exit(1 if failed else 0)
EOF
