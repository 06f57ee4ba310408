#!/usr/bin/env python3
"""Checks the size rules of harness/: source files <= 400 lines, test files <= 500, functions
<= 60 lines. Prints each breach; exits 1 when there is one."""
import os, re, sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness")
FN = re.compile(r"^(\s*)(pub(\([a-z]+\))? )?(const )?(async )?(unsafe )?fn \w+")
bad = []
for dirpath, _, files in os.walk(root):
    if "/target" in dirpath:
        continue
    for name in files:
        if not name.endswith(".rs"):
            continue
        path = os.path.join(dirpath, name)
        rel = os.path.relpath(path, os.path.join(root, ".."))
        lines = open(path, encoding="utf-8").read().split("\n")
        test = "/tests/" in rel or "/benches/" in rel or name == "tests.rs"
        limit = 500 if test else 400
        if len(lines) - 1 > limit:
            bad.append(f"{rel}: {len(lines) - 1} lines (at most {limit})")
        i = 0
        while i < len(lines):
            m = FN.match(lines[i])
            if m and not lines[i].rstrip().endswith(";"):
                indent = m.group(1)
                end = i
                while end < len(lines) and lines[end].rstrip() != indent + "}":
                    end += 1
                n = end - i + 1
                if n > 60 and end < len(lines):
                    bad.append(f"{rel}:{i + 1}: fn of {n} lines (at most 60)")
            i += 1
for b in sorted(bad):
    print(b)
sys.exit(1 if bad else 0)
