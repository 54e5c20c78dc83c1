#!/bin/sh
# Output hygiene of the tests (issue 12, section 4), read from report.json
# after grading the untouched skeletons with the hidden tests:
#   - every failing test, public or hidden, says "still the skeleton";
#   - no message holds a control byte (one test, one line);
#   - errno is never shown as a bare number ("errno 38");
#   - duration_ms is measured (not 0 for every test).
# A test that passes on a skeleton is reported too: it cannot fail.
#   usage: hygiene.sh GRADER BUILD_DIR [LAB...]   (default: labs 01-06)
set -u
grader=$1
build=$2
shift 2
labs=${*:-01 02 03 04 05 06}
out=$build/check/hygiene
mkdir -p "$out"
status=0

for lab in $labs; do
	report=$out/$lab.json
	if ! "$grader" --submission labs --lab "$lab" --hidden solutions \
	    --build "$build" --report "$report" >"$out/$lab.log" 2>&1; then
		echo "   FAIL $lab: the grader failed (see $out/$lab.log)"
		status=1
		continue
	fi
	python3 - "$report" <<'EOF' || status=1
import json, re, sys

report = json.load(open(sys.argv[1]))
problems = []
durations = []
for lab in report["labs"]:
    for t in lab["tests"]:
        name = lab["lab"] + " " + t["name"]
        msg = t["message"]
        durations.append(t["duration_ms"])
        if t["status"] == "PASS":
            problems.append(name + ": passes on the untouched skeleton")
        elif "still the skeleton" not in msg:
            problems.append(name + ": no 'still the skeleton': " + msg[:120])
        if re.search(r"[\x00-\x1f\x7f]", msg):
            problems.append(name + ": a control byte in the message")
        if re.search(r"errno (is |was )?-?[0-9]+\b", msg):
            problems.append(name + ": errno as a bare number: " + msg[:120])
if durations and max(durations) == 0:
    problems.append("duration_ms is 0 for every test: not measured")
for p in problems:
    print("   FAIL " + p)
if not problems:
    print("   ok   %s: %d tests, each names the skeleton" %
          (report["labs"][0]["lab"], len(durations)))
sys.exit(1 if problems else 0)
EOF
done
exit $status
