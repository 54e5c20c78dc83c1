#!/usr/bin/env bash
# Each solutions/NN-name/buggy/*.patch is the reference with one classic
# mistake. Grading it must lose points and print the hint that names the
# mistake: every "Expect: <text>" line of the patch's header must appear in
# the grader's output. Two patches are graded at a time.
#   usage: buggy.sh GRADER BUILD_DIR
set -u
grader=$1
build=$2
out=$build/check/buggy
jobs=2
rm -rf "$out"
mkdir -p "$out"

# Grades one patch; writes its verdict line to $out/NAME.verdict.
check_patch() {
	local patch=$1 lab name tree log score problem full hint
	lab=$(basename "$(dirname "$(dirname "$patch")")")
	name=$(basename "$patch" .patch)
	tree=$out/$lab-$name
	log=$out/$lab-$name.log
	mkdir -p "$tree"
	cp -r "solutions/$lab" "$tree/"
	if ! patch -s -p1 -d "$tree/$lab" <"$patch" >"$log" 2>&1; then
		echo "   FAIL $lab/$name: the patch does not apply (see $log)" \
		    >"$out/$lab-$name.verdict"
		return
	fi
	"$grader" --submission "$tree" --lab "$lab" --hidden solutions \
	    --build "$build" --report "$out/$lab-$name.json" >"$log" 2>&1
	score=$(tail -n 1 "$log")
	problem=""
	full=$(echo "$score" | sed -n 's|^Score: \([0-9]*\)/\1$|full|p')
	[ -z "$full" ] || problem=" still scores full marks"
	while IFS= read -r hint; do
		grep -qF -- "$hint" "$log" ||
		    problem="$problem; no hint \"$hint\""
	done < <(grep '^Expect: ' "$patch" | sed 's/^Expect: //')
	if [ -n "$problem" ]; then
		echo "   FAIL $lab/$name:$problem (see $log)"
	else
		echo "   ok   $lab/$name: $score"
	fi >"$out/$lab-$name.verdict"
}

patches=(solutions/*/buggy/*.patch)
running=0
for patch in "${patches[@]}"; do
	[ -e "$patch" ] || continue
	if [ $running -ge $jobs ]; then
		wait -n
		running=$((running - 1))
	fi
	check_patch "$patch" &
	running=$((running + 1))
done
wait

status=0
count=0
for patch in "${patches[@]}"; do
	[ -e "$patch" ] || continue
	lab=$(basename "$(dirname "$(dirname "$patch")")")
	verdict=$out/$lab-$(basename "$patch" .patch).verdict
	count=$((count + 1))
	if [ -s "$verdict" ]; then
		cat "$verdict"
		grep -q '^   FAIL' "$verdict" && status=1
	else
		echo "   FAIL $patch: no verdict"
		status=1
	fi
done
[ $count -gt 0 ] || echo "   (no buggy variants)"
exit $status
