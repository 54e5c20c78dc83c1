#!/usr/bin/env python3
"""Checks that what the prose says about the labs matches the tree.

    usage: labmeta.py REPORT.json

REPORT.json is the grader's report of the references with the hidden
tests (make check-labs writes it). For every labs/NN-name directory:

- handouts/NN-name.md exists and has the sections every lab has;
- every handout anchor a test cites ("handouts/X.md#anchor", or
  HANDOUT "#anchor" in a file that defines HANDOUT) is a heading there,
  by GitHub's slug rules;
- the README's table of labs gives the points the tests declare (public:
  every suite but "hidden"), and the totals in the README and the
  instructor guide agree with them.

Prints one line per problem and exits 1 if there is any.
"""

import json
import pathlib
import re
import sys

SECTIONS = ("Your task", "Common mistakes", "Watch it with tcpviz")


def slug(heading):
    """The anchor GitHub gives a heading."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path):
    found = set()
    fence = False
    for line in path.read_text().splitlines():
        if line.startswith("```"):
            fence = not fence
        elif not fence and line.startswith("#"):
            found.add(slug(line.lstrip("#")))
    return found


def cited(source):
    """(handout, anchor) pairs a test file cites."""
    text = source.read_text()
    pairs = set(re.findall(r'"(handouts/[\w.-]+\.md)#([\w-]+)', text))
    define = re.search(r'#define\s+HANDOUT\s+"([^"]+)"', text)
    if define:
        for anchor in re.findall(r'HANDOUT\s*"#([\w-]+)', text):
            pairs.add((define.group(1), anchor))
    return pairs


def points(report):
    """{lab: (public, hidden)} from the grader's report."""
    result = {}
    for lab in report["labs"]:
        public = hidden = 0
        for test in lab["tests"]:
            if test["name"].startswith("hidden::"):
                hidden += test["max_points"]
            else:
                public += test["max_points"]
        result[lab["lab"]] = (public, hidden)
    return result


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: labmeta.py REPORT.json")
    problems = []
    labs = sorted(p.name for p in pathlib.Path("labs").iterdir()
                  if re.fullmatch(r"\d\d-[\w-]+", p.name) and p.is_dir())

    for lab in labs:
        handout = pathlib.Path("handouts") / (lab + ".md")
        if not handout.exists():
            problems.append(f"{lab}: no {handout}")
            continue
        have = anchors(handout)
        for section in SECTIONS:
            if slug(section) not in have:
                problems.append(f"{handout}: no section \"{section}\"")
    sources = list(pathlib.Path("labs").glob("*/tests/*.c"))
    sources += list(pathlib.Path("solutions").glob("*/tests/*.c"))
    for source in sorted(sources):
        for handout, anchor in sorted(cited(source)):
            path = pathlib.Path(handout)
            if not path.exists():
                problems.append(f"{source}: cites {handout}, which is "
                                "missing")
            elif anchor not in anchors(path):
                problems.append(f"{source}: cites {handout}#{anchor}, "
                                "which is no heading there")

    with open(sys.argv[1]) as f:
        declared = points(json.load(f))
    readme = pathlib.Path("README.md").read_text()
    rows = {m.group(1): (int(m.group(2)), int(m.group(3))) for m in
            re.finditer(r"^\|\s*(\d\d)\s*\|[^|]*\|\s*(\d+)\s*\|\s*(\d+)\s*\|",
                        readme, re.M)}
    for lab in labs:
        want = declared.get(lab)
        if want is None:
            problems.append(f"{lab}: not in {sys.argv[1]}")
            continue
        got = rows.get(lab[:2])
        if got != want:
            problems.append(f"README.md: lab {lab[:2]} is listed with "
                            f"{got} (public, hidden) points, the tests "
                            f"declare {want}")
    public = sum(p for p, _ in declared.values())
    hidden = sum(h for _, h in declared.values())
    guide = pathlib.Path("handouts/instructor.md").read_text()
    expected = [
        (readme, "README.md", rf"\|\s*total\s*\|\s*{public}\s*\|\s*{hidden}\s*\|"),
        (readme, "README.md",
         rf"worth {public + hidden} points \({public} public, {hidden} hidden\)"),
        (readme, "README.md", rf"scores 0/{public}\."),
        (guide, "handouts/instructor.md",
         rf"{public} public\s+and\s+{hidden}\s+hidden\s+points,\s+"
         rf"{public + hidden}\s+in\s+all"),
        (guide, "handouts/instructor.md",
         rf"the maximum is {public + hidden}\)"),
        (guide, "handouts/instructor.md", rf"untouched tree: 0/{public}\."),
    ]
    for text, name, pattern in expected:
        if not re.search(pattern, text):
            problems.append(f"{name}: no text matching /{pattern}/ (the "
                            f"labs declare {public} public and {hidden} "
                            "hidden points)")

    for problem in problems:
        print("   FAIL " + problem)
    if not problems:
        print(f"   ok   {len(labs)} labs: handouts, cited anchors, "
              f"{public} public and {hidden} hidden points in the prose")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
