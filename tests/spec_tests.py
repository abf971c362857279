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
file=x.txt` names the input (rendered text wants a .txt name). Every
top-level key of the expected JSON is compared exactly with the same key of
the record (so "fields" means all of the fields); "warnings" compares the
warning messages in order, "records" the number of records. The expected
parts were written by reading the inputs, never copied from the tool.

usage: spec_tests.py WIKINORM FILE...   (prints ok / not ok lines)
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


def main():
    wn, files = sys.argv[1], sys.argv[2:]
    failed = 0
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
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
