#!/bin/sh
# Each solutions/NN-name/buggy/*.patch is the reference with one classic
# mistake. Grading it must lose points and print the hint that names the
# mistake: every "Expect: <text>" line of the patch's header must appear in
# the grader's output.
#   usage: buggy.sh GRADER BUILD_DIR
set -u
grader=$1
build=$2
out=$build/check/buggy
rm -rf "$out"
mkdir -p "$out"
status=0
count=0

for patch in solutions/*/buggy/*.patch; do
	[ -e "$patch" ] || continue
	lab=$(basename "$(dirname "$(dirname "$patch")")")
	name=$(basename "$patch" .patch)
	tree=$out/$lab-$name
	log=$out/$lab-$name.log
	count=$((count + 1))
	mkdir -p "$tree"
	cp -r "solutions/$lab" "$tree/"
	if ! patch -s -p1 -d "$tree/$lab" <"$patch" >"$log" 2>&1; then
		echo "   FAIL $lab/$name: the patch does not apply (see $log)"
		status=1
		continue
	fi
	"$grader" --submission "$tree" --lab "$lab" --hidden solutions \
	    --build "$build" --report "$out/$lab-$name.json" >"$log" 2>&1
	score=$(tail -n 1 "$log")
	problem=""
	full=$(echo "$score" | sed -n 's|^Score: \([0-9]*\)/\1$|full|p')
	[ -z "$full" ] || problem=" still scores full marks"
	grep '^Expect: ' "$patch" | sed 's/^Expect: //' >"$out/expect"
	while IFS= read -r hint; do
		grep -qF -- "$hint" "$log" ||
		    problem="$problem; no hint \"$hint\""
	done <"$out/expect"
	if [ -n "$problem" ]; then
		echo "   FAIL $lab/$name:$problem (see $log)"
		status=1
	else
		echo "   ok   $lab/$name: $score"
	fi
done
rm -f "$out/expect"
[ $count -gt 0 ] || echo "   (no buggy variants)"
exit $status
