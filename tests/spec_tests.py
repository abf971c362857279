#!/usr/bin/env python3
"""Runs the spec example files (tests/spec/spec-*.txt), md4c style.

Each example is the input of one document, a line holding a single '.',
then the expected part of its record as JSON, between fence lines:

    ```````````````````````````````` example
    {{Infobox spaceflight
    | launch_date = 19 October 2016, 08:05:00 UTC
    }}
    .
    {"fields": {"launch": {"time": {"utc": "2016-10-19T08:05:00Z", "precision": "second"}}}}
    ````````````````````````````````

The fence may name options: `example lang=zh` passes --lang, `example
file=x.txt` names the input (rendered text wants a .txt name), `example
src=fixtures/zh-spaceflight/X.wiki` reads the input from that file of the
checkout (the inline input is then empty). Every
top-level key of the expected JSON is compared exactly with the same key of
the record (so "fields" means all of the fields); "warnings" compares the
warning messages in order, "records" the number of records. "facts" holds
hand-read facts of a real article, each a path into the record's fields
("launch.time.utc", "crew.members[0].name.en") and its value; each fact is
checked on its own. The expected parts were written by reading the inputs,
never copied from the tool.

usage: spec_tests.py [--facts-floor PCT] WIKINORM FILE...
Prints ok / not ok lines. Without --facts-floor every fact is a test; with
it, facts are counted and one test asserts that at least PCT % hold (the
ones that do not are listed as comments): a ratchet for real articles.
"""
import json
import os
import subprocess
import sys
import tempfile

FENCE = "`" * 32


def examples(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        if lines[i].startswith(FENCE + " example"):
            opts = dict(o.split("=", 1) for o in lines[i][len(FENCE) + 8:].split() if "=" in o)
            start = i + 1
            j = start
            while lines[j] != ".":
                j += 1
            k = j + 1
            while not lines[k].startswith(FENCE):
                k += 1
            yield start, opts, "\n".join(lines[start:j]) + "\n", "\n".join(lines[j + 1:k])
            i = k
        i += 1


def lookup(obj, path):
    """The value at a dotted path with [i] indices, or a sentinel."""
    for part in path.replace("[", ".[").split("."):
        if part.startswith("["):
            i = int(part[1:-1])
            if not isinstance(obj, list) or i >= len(obj):
                return MISSING
            obj = obj[i]
        else:
            if not isinstance(obj, dict) or part not in obj:
                return MISSING
            obj = obj[part]
    return obj


MISSING = object()


def main():
    args = sys.argv[1:]
    floor = None
    if args[0] == "--facts-floor":
        floor, args = float(args[1]), args[2:]
    wn, files = args[0], args[1:]
    root = os.environ.get("WN_ROOT", ".")
    failed = 0
    held = total = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            name = os.path.basename(path)
            for line, opts, text, want_text in examples(path):
                label = f"{name}:{line}"
                try:
                    want = json.loads(want_text)
                except ValueError as e:
                    print(f"not ok - {label}: expected part is not JSON: {e}")
                    failed += 1
                    continue
                if "src" in opts:
                    inp = os.path.join(root, opts["src"])
                else:
                    inp = os.path.join(tmp, opts.get("file", "spec.wiki"))
                    with open(inp, "w", encoding="utf-8") as f:
                        f.write(text)
                cmd = [wn, "-f", "jsonl"] + (["-l", opts["lang"]] if "lang" in opts else []) + [inp]
                p = subprocess.run(cmd, capture_output=True, text=True)
                recs = [json.loads(x) for x in p.stdout.splitlines() if x.strip()]
                got = {}
                if "records" in want:
                    got["records"] = len(recs)
                rec = recs[0] if recs else {}
                facts = want.pop("facts", None)
                if facts is not None:  # a real article: its key is a fact too
                    facts = dict(facts, **{"@" + k: v for k, v in want.items()})
                    want = {}
                for path, value in (facts or {}).items():
                    if path.startswith("@"):
                        have = rec.get(path[1:], MISSING)
                    else:
                        have = lookup(rec.get("fields", {}), path)
                    good = have == value
                    total += 1
                    held += good
                    if floor is None:
                        failed += not good
                        print(("ok" if good else "not ok") + f" - {label}: {path}")
                    if not good:
                        shown = "(absent)" if have is MISSING else json.dumps(have, ensure_ascii=False)
                        print(f"#   {label}: {path}: want {json.dumps(value, ensure_ascii=False)}, got {shown}")
                if not want:
                    continue
                for k in want:
                    if k == "records":
                        continue
                    if k == "warnings":
                        got[k] = [w["message"] for w in rec.get("warnings", [])]
                    else:
                        got[k] = rec.get(k)
                if got == want and p.returncode in (0, 2):
                    print(f"ok - {label}")
                else:
                    failed += 1
                    print(f"not ok - {label}")
                    print("#   want: " + json.dumps(want, ensure_ascii=False))
                    print("#   got:  " + json.dumps(got, ensure_ascii=False))
                    if p.stderr:
                        print("#   stderr: " + p.stderr.strip().replace("\n", "\n#   "))
    if total:
        pct = 100.0 * held / total
        print(f"# facts: {held} of {total} hold ({pct:.1f}%)")
        if floor is not None:
            good = pct >= floor
            failed += not good
            print(("ok" if good else "not ok") + f" - at least {floor:g}% of {total} hand-read facts hold ({pct:.1f}%)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
