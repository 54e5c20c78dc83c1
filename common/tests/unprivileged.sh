#!/bin/sh
# Students are not root: grading must give the same scores for an ordinary
# user, the attacks must fail for one too, and where namespaces are not to
# be had the grader must refuse (unless ALLOW_UNSANDBOXED=1) and say why.
# A test that needs what the user lacks may be skipped; its points are
# then reported as skipped, and score + skipped must equal root's score.
# Runs only as root, which can become "nobody" in a copy of the tree that
# nobody owns.
#   usage: unprivileged.sh BUILD_DIR
set -u
build=$1
here=$(cd "$(dirname "$0")" && pwd)

if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null 2>&1; then
	echo "== unprivileged grading: skipped (needs root and setpriv)"
	exit 0
fi
echo "== unprivileged grading: same scores as user nobody"

copy=$(mktemp -d /tmp/socklab-nobody.XXXXXX)
trap 'rm -rf "$copy"' EXIT
# Timestamps kept (cp -a), so the copy reuses what check-labs compiled.
cp -a Makefile config.mk common labs solutions viz "$copy"/
mkdir -p "$copy/$build/grade"
for part in obj lib bin grade/objs grade/plan; do
	[ -d "$build/$part" ] && cp -a "$build/$part" "$copy/$build/$part"
done
chown -R nobody "$copy"
chmod 755 "$copy"

as_nobody() {
	(cd "$copy" && setpriv --reuid=nobody --regid=nogroup --clear-groups \
	    env -i PATH="$PATH" HOME="$copy" "$@")
}

# Criterion names its socket /tmp/criterion_<pid>.sock; one left by a
# killed root run (before the grader cleaned up after itself) would stop
# nobody's runner that draws the same pid.
for sock in /tmp/criterion_*.sock; do
	[ -S "$sock" ] || continue
	pid=${sock#/tmp/criterion_}
	pid=${pid%.sock}
	kill -0 "$pid" 2>/dev/null || rm -f "$sock"
done

status=0
for sandbox in auto; do
	for tree in solutions labs; do
		root_score=$(grep '^Score:' "$build/check/$( [ $tree = labs ] &&
		    echo skeleton || echo solutions)-plain.log")
		output=$(as_nobody env SOCKLAB_SANDBOX=$sandbox \
		    make -s grade-run SUBMISSION=$tree 2>&1)
		user_score=$(echo "$output" | tail -n 1)
		skipped=$(echo "$output" | sed -n 's/^(\([0-9]*\) points were skipped.*/\1/p')
		counted=$(echo "$user_score" |
		    awk -F'[ /]' -v s="${skipped:-0}" '{ print "Score: " $2 + s "/" $3 }')
		if [ "$counted" = "$root_score" ] ||
		    { [ "$tree" = labs ] && [ "$user_score" = "$root_score" ]; }; then
			echo "   ok   $tree as nobody (sandbox $sandbox):" \
			    "$user_score${skipped:+ ($skipped points skipped)}"
		else
			echo "   FAIL $tree as nobody (sandbox $sandbox): got" \
			    "\"$user_score\", root got \"$root_score\""
			status=1
		fi
	done
done
# No namespaces: a refusal that says why and how to fix it.
output=$(as_nobody env SOCKLAB_SANDBOX=unavailable make -s grade-run \
    SUBMISSION=solutions LAB=01 2>&1)
if echo "$output" | grep -q "refusing to grade: .*ALLOW_UNSANDBOXED=1"; then
	echo "   ok   no namespaces: refused, with the fixes"
else
	echo "   FAIL no namespaces: no refusal: $(echo "$output" | tail -n 2)"
	status=1
fi
# ... unless allowed, and then with a warning in the output and report.
output=$(as_nobody env SOCKLAB_SANDBOX=unavailable ALLOW_UNSANDBOXED=1 \
    make -s grade-run SUBMISSION=solutions LAB=01 2>&1)
if echo "$output" | grep -q "WARNING: ALLOW_UNSANDBOXED=1" &&
    grep -q "NONE: student code ran unconfined" \
    "$copy/$build/grade/report.json"; then
	echo "   ok   ALLOW_UNSANDBOXED=1: graded with a warning:" \
	    "$(echo "$output" | tail -n 1)"
else
	echo "   FAIL ALLOW_UNSANDBOXED=1: $(echo "$output" | tail -n 2)"
	status=1
fi

# Every attack fails for an ordinary user too.
cp -a "$here/attacks.sh" "$here/attacks" "$copy/common/tests/" 2>/dev/null
chown -R nobody "$copy/common/tests"
as_nobody bash common/tests/attacks.sh build/bin/socklab-grade "$build" ||
    status=1
exit $status
