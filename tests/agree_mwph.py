#!/usr/bin/env python3
"""Agreement of wikinorm's tokenizer with mwparserfromhell on templates.

    agree_mwph.py --tool build/tests/tool_templates [--min 99] [--show N]
                  [--label NAME] FILE_OR_DIR...

For every file, both parsers list their templates in document order,
nested ones included (a template before those inside it); each template
is its name and the set of its parameter names. The lists are aligned
(difflib on the names) and a template agrees when both sides have it with
the same name and the same parameter names. Names are compared after
removing comments and collapsing white space, on both sides (MediaWiki
ignores both in names).

Prints one TAP line, "ok - ..." when at least --min percent agree, with
the measured percentage, then the disagreements by class with examples
(as '#' comments). Exit status 0 when ok, 1 otherwise.
"""
import argparse
import collections
import difflib
import multiprocessing
import os
import re
import subprocess
import sys

import mwparserfromhell

COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)


def norm(s):
    return " ".join(COMMENT.sub("", s).split())


def theirs(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    try:
        code = mwparserfromhell.parse(text)
    except Exception as e:  # mwparserfromhell gives up on some inputs
        return path, None, str(e)
    out = []
    for t in code.filter_templates():
        params = tuple(sorted({norm(str(p.name)) for p in t.params}))
        out.append((norm(str(t.name)), params))
    return path, out, None


def ours(tool, files):
    res = subprocess.run([tool] + files, stdout=subprocess.PIPE, check=False)
    if res.returncode not in (0, 1):
        sys.exit("agree_mwph: %s failed with status %d" % (tool, res.returncode))
    out, cur = {}, None
    lines = {}
    for line in res.stdout.decode("utf-8", "replace").split("\n"):
        if line.startswith("F\t"):
            cur = out.setdefault(line[2:], [])
        elif line.startswith("T\t") and cur is not None:
            _, name, params, where = line.split("\t", 3)
            names = {norm(p) for p in params.split("\x1f")} if params else set()
            cur.append((norm(name), tuple(sorted(names))))
            lines.setdefault(id(cur), []).append(where)
    return out, {p: lines.get(id(l), []) for p, l in out.items()}


def expand(args):
    files = []
    for a in args:
        if os.path.isdir(a):
            files += sorted(
                os.path.join(a, f)
                for f in os.listdir(a)
                if os.path.isfile(os.path.join(a, f)) and not f.endswith((".tsv", ".md"))
            )
        elif os.path.isfile(a):
            files.append(a)
    return files


def classify(a, b):
    """The class of a disagreement between our template a and theirs b
    (either may be None)."""
    if b is None:
        return "only wikinorm has this template"
    if a is None:
        return "only mwparserfromhell has this template"
    if a[0] != b[0]:
        return "names differ"
    return "parameter names differ"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--min", type=float, default=99.0)
    ap.add_argument("--show", type=int, default=3, help="examples per class")
    ap.add_argument("--label", default="corpus")
    ap.add_argument("paths", nargs="+")
    opt = ap.parse_args()
    files = expand(opt.paths)
    if not files:
        print("not ok - %s: no files" % opt.label)
        return 1
    mine, where = ours(opt.tool, files)
    with multiprocessing.Pool(min(4, os.cpu_count() or 1)) as pool:
        results = pool.map(theirs, files, chunksize=8)
    total = agree = 0
    classes = collections.Counter()
    examples = collections.defaultdict(list)
    failed = []
    for path, tl, err in results:
        if tl is None:
            failed.append((path, err))
            continue
        ol = mine.get(path, [])
        sm = difflib.SequenceMatcher(None, [t[0] for t in ol], [t[0] for t in tl], autojunk=False)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            pairs = []
            if tag == "equal":
                pairs = list(zip(ol[i1:i2], tl[j1:j2]))
            else:
                n = min(i2 - i1, j2 - j1)
                pairs = list(zip(ol[i1:i1 + n], tl[j1:j1 + n]))
                pairs += [(a, None) for a in ol[i1 + n:i2]]
                pairs += [(None, b) for b in tl[j1 + n:j2]]
            at = lambda k: where[path][k] if k < len(where.get(path, [])) else "?"
            idx = list(range(i1, i2)) if tag == "equal" else list(range(i1, i1 + min(i2 - i1, j2 - j1))) + list(range(i1 + min(i2 - i1, j2 - j1), i2)) + [None] * max(0, (j2 - j1) - (i2 - i1))
            for (a, b), k in zip(pairs, idx):
                total += 1
                if a == b:
                    agree += 1
                    continue
                c = classify(a, b)
                classes[c] += 1
                if len(examples[c]) < opt.show:
                    line = at(k) if k is not None else (at(i1) if i1 < len(ol) else "?")
                    examples[c].append(("%s:%s" % (os.path.basename(path), line), a, b))
    pct = 100.0 * agree / total if total else 100.0
    ok = pct >= opt.min and not failed
    print("%s - %s: %d of %d templates agree with mwparserfromhell (%.2f%%, need %.1f%%) "
          "over %d files" % ("ok" if ok else "not ok", opt.label, agree, total, pct, opt.min,
                             len(files)))
    for path, err in failed:
        print("# mwparserfromhell failed on %s: %s" % (path, err))
    for c, n in classes.most_common():
        print("# %6d  %s" % (n, c))
        for f, a, b in examples[c]:
            print("#           %s" % f)
            print("#             wikinorm: %r" % (a,))
            print("#             mwph:     %r" % (b,))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
