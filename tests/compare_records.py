#!/usr/bin/env python3
"""Compares wikinorm records with expected ones.

usage: compare_records.py full|fields GOT WANT

GOT is JSON Lines (wikinorm -f jsonl) or a pretty document; WANT a JSON
document holding one record or an array of them. `full` compares whole
records; `fields` only their "fields". Either way the key order of "fields"
must match too (schema order is part of the contract). Exit 0 when equal;
otherwise prints a unified diff of the sorted, indented forms.
"""
import difflib
import json
import sys


def load(path):
    text = open(path, encoding="utf-8").read().strip()
    try:
        doc = json.loads(text)
        return doc if isinstance(doc, list) else [doc]
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]


def show(x, sort=True):
    return json.dumps(x, ensure_ascii=False, indent=2, sort_keys=sort).splitlines()


def main():
    mode, got_path, want_path = sys.argv[1:4]
    got, want = load(got_path), load(want_path)
    if mode == "fields":
        got = [r.get("fields") for r in got]
        want = [r.get("fields") for r in want]
    ok = got == want
    # Same content: now the order of the fields (json keeps insertion order).
    ordered = [show(r.get("fields") if mode == "full" else r, False) for r in got]
    expected = [show(r.get("fields") if mode == "full" else r, False) for r in want]
    if ok and ordered == expected:
        return 0
    a = show(want, sort=ok is False) if not ok else sum(expected, [])
    b = show(got, sort=ok is False) if not ok else sum(ordered, [])
    what = "content" if not ok else "key order of fields"
    print(f"# {got_path} differs from {want_path} ({what}):")
    for line in difflib.unified_diff(a, b, "want", "got", lineterm="", n=2):
        print("#   " + line)
    return 1


if __name__ == "__main__":
    sys.exit(main())
