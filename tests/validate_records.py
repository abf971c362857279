#!/usr/bin/env python3
"""Validates wikinorm records against data/record.schema.json.

usage: validate_records.py LABEL FILE...   (FILE: JSON Lines or one JSON document; "-" = stdin)

Prints one TAP line for the whole set ("ok - LABEL: N records valid") and,
on failure, each invalid record's file, line and the validator's messages.
Needs python3-jsonschema (Draft 2020-12).
"""
import json
import os
import sys

import jsonschema

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def records(path):
    text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
    stripped = text.strip()
    if not stripped:
        return
    if "\n" not in stripped or stripped.startswith("{\n") or stripped.startswith("[\n"):
        try:  # one (pretty) document, or an array of records
            doc = json.loads(stripped)
            for i, r in enumerate(doc if isinstance(doc, list) else [doc], 1):
                yield (i, r)
            return
        except json.JSONDecodeError:
            pass
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip():
            yield (n, json.loads(line))


def main():
    label, paths = sys.argv[1], sys.argv[2:]
    schema = json.load(open(os.path.join(ROOT, "data", "record.schema.json"), encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    count, bad = 0, []
    for path in paths:
        try:
            for where, rec in records(path):
                count += 1
                errors = sorted(validator.iter_errors(rec), key=lambda e: list(e.absolute_path))
                if errors:
                    bad.append((path, where, errors))
        except (OSError, ValueError) as e:
            bad.append((path, 0, [e]))
    if bad:
        print(f"not ok - {label}: {len(bad)} of {count} records invalid")
        for path, where, errors in bad[:20]:
            for e in errors[:5]:
                at = "/".join(str(p) for p in getattr(e, "absolute_path", []))
                print(f"#   {path}:{where}: {at}: {getattr(e, 'message', e)}"[:400])
        return 1
    print(f"ok - {label}: {count} records valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
