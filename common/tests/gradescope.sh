#!/bin/sh
# Plays Gradescope: unpacks the autograder zip into a fake /autograder,
# uploads the reference solutions as bare files, runs run_autograder, and
# checks results.json against Gradescope's field list and the full score;
# then uploads links and hostile names, which must score nothing.
#   usage: gradescope.sh ZIP BUILD_DIR
set -u
zip=$1
build=$2
root=$(pwd)/$build/check/gradescope
rm -rf "$root"
mkdir -p "$root/source" "$root/submission" "$root/results"

if ! command -v python3 >/dev/null 2>&1; then
	echo "   skipped: python3 is needed to unpack and validate"
	exit 0
fi
python3 -m zipfile -e "$zip" "$root/source" || exit 1
chmod +x "$root/source/run_autograder" "$root/source/setup.sh"
# What setup.sh does after installing packages (they are here already).
(cd "$root/source" && make -s build/bin/socklab-grade) >/dev/null || exit 1
find solutions -path '*/buggy' -prune -o -path '*/tests' -prune -o \
    -name '*.c' -type f -print | while read -r file; do
	cp "$file" "$root/submission/"
done
AUTOGRADER_ROOT=$root "$root/source/run_autograder"

python3 - "$root/results/results.json" "$build/check/solutions-plain.json" <<'PY'
import json, sys

results = json.load(open(sys.argv[1]))
expected = json.load(open(sys.argv[2]))
problems = []
allowed = {"hidden", "after_due_date", "after_published", "visible"}
if not isinstance(results.get("score"), (int, float)):
    problems.append("score missing")
tests = results.get("tests", [])
if not tests:
    problems.append("no tests")
for t in tests:
    for key, kind in (("name", str), ("score", (int, float)),
                      ("max_score", (int, float)), ("output", str),
                      ("visibility", str)):
        if not isinstance(t.get(key), kind):
            problems.append("test %r: bad %s" % (t.get("name"), key))
    if t.get("visibility") not in allowed:
        problems.append("test %r: visibility %r" % (t.get("name"),
                                                    t.get("visibility")))
if results.get("score") != expected["max_score"]:
    problems.append("score %s, expected %s" % (results.get("score"),
                                                expected["max_score"]))
if sum(t["score"] for t in tests) != results.get("score"):
    problems.append("test scores do not add up to the score")
if not any(t["visibility"] == "after_due_date" for t in tests):
    problems.append("no hidden test is marked after_due_date")
if problems:
    print("   FAIL results.json: " + "; ".join(problems))
    sys.exit(1)
print("   ok   results.json: %d tests, score %s/%s" % (
    len(tests), results["score"], expected["max_score"]))
PY
[ $? = 0 ] || exit 1

# A hostile upload: a link to a reference file, a folder linked to another
# reference, names a shell would run. Nothing may be taken through a link,
# no command may run, and source/ and results/ stay root's alone (0700).
rm -rf "$root/submission" "$root/results"
mkdir -p "$root/submission/x"
ln -s "$root/source/solutions/01-socket/sockets.c" "$root/submission/sockets.c"
ln -s "$root/source/solutions/02-bind" "$root/submission/02-bind"
touch "$root/submission/\$(touch PWNED-gs).c" \
    "$root/submission/x/\`touch PWNED-gs\`.c"
(cd "$root/submission" && AUTOGRADER_ROOT=$root "$root/source/run_autograder")
status=0
score=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["score"])' \
    "$root/results/results.json")
if [ "$score" != 0 ]; then
	echo "   FAIL links to the references scored $score, expected 0:"
	grep -E '^[0-9][0-9]-.*: [0-9]+/' "$root/results/grade.log" | sed 's/^/        /'
	status=1
fi
if [ -n "$(find "$root" "$PWD" -maxdepth 3 -name 'PWNED-gs' 2>/dev/null)" ]; then
	echo "   FAIL an uploaded file name ran a command"
	status=1
fi
for dir in source results; do
	mode=$(stat -c '%a %u' "$root/$dir")
	if [ "$mode" != "700 0" ] && [ "$(id -u)" = 0 ]; then
		echo "   FAIL $dir/ is \"$mode\", expected 700 and root's"
		status=1
	fi
done
[ $status = 0 ] && echo "   ok   hostile upload: nothing through links, no" \
    "command run, score 0, source/ and results/ 0700"
exit $status
