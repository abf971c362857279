"""Keeps README.md true: runs its examples and compares their output.

- A fenced block whose first line is "$ COMMAND" is an example with its
  output: COMMAND runs (with "wikinorm" meaning the binary under test) and
  its standard output must equal the rest of the block exactly.
- The lines of the block under "## Usage" that start with "wikinorm" or a
  pipe into it must run with an exit status below 2 (1 is a documented
  outcome of diff and check).
Prints ok / not ok lines for tests/run.sh.
"""
import os
import re
import subprocess
import sys
import tempfile

wn, readme = sys.argv[1], sys.argv[2]
text = open(readme, encoding="utf-8").read()
blocks = re.findall(r"```[a-z]*\n(.*?)```", text, re.S)
failed = 0


# Examples run in a scratch folder that sees the checkout's fixtures, so
# that "> records.jsonl" in an example writes nothing into the checkout.
scratch = tempfile.mkdtemp()
os.symlink(os.path.join(os.path.dirname(os.path.abspath(readme)), "fixtures"),
           os.path.join(scratch, "fixtures"))


def run(cmd):
    cmd = re.sub(r"(^|\| *)wikinorm ", lambda m: m.group(1) + wn + " ", cmd)
    return subprocess.run(["bash", "-o", "pipefail", "-c", cmd], capture_output=True, text=True,
                          cwd=scratch)


def report(ok, name, detail=""):
    global failed
    print(("ok - " if ok else "not ok - ") + name)
    if not ok:
        failed += 1
        for line in detail.splitlines()[:20]:
            print("#   " + line)


examples = 0
for b in blocks:
    lines = b.split("\n")
    if not lines[0].startswith("$ "):
        continue
    examples += 1
    cmd, want = lines[0][2:], "\n".join(lines[1:])
    r = run(cmd)
    got = r.stdout
    same = got == want
    detail = ""
    if not same:
        import difflib
        detail = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True), "README", "actual"))
    report(same, "README example gives its documented output: " + cmd[:70], detail)
report(examples >= 3, "README has at least 3 examples with output (%d)" % examples)

usage = text.split("## Usage", 1)[1]
block = re.search(r"```sh\n(.*?)```", usage, re.S).group(1)
cmds = [re.sub(r"\s+#.*$", "", l).strip() for l in block.splitlines()]
cmds = [c for c in cmds if c and ("wikinorm " in c)]
for c in cmds:
    r = run(c + " >/dev/null")
    report(r.returncode < 2, "README usage line runs (exit %d): %s" % (r.returncode, c[:70]), r.stderr)
report(len(cmds) >= 5, "README usage block has its examples (%d)" % len(cmds))
import shutil
shutil.rmtree(scratch)
sys.exit(1 if failed else 0)
