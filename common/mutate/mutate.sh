#!/usr/bin/env bash
# Mutation testing of the labs' tests: every one-change mutant of each
# reference solution (socklab-mutate makes them, only inside the skeleton's
# TODO blocks) is graded with the real grader and the hidden tests. A mutant
# that loses a point is killed; one that keeps full marks survives, and is
# either killed by a new test or listed, with a reason a reader can check,
# in solutions/NN-name/equivalent-mutants. A mutant that does not compile
# is stillborn and not counted.
#
#   usage: mutate.sh GRADER MUTATE BUILD_DIR [LAB] [SAMPLE]
#
# SAMPLE=N grades only N mutants per lab, the first in a fixed order (by
# the checksum of their IDs), and fails unless every one is killed: the
# fast slice `make check` runs. Exit status: 1 when a survivor is not
# listed, a listed one is killed or unknown, or a sample mutant survives.
#
# A mutant that keeps full marks is graded again in the sanitizer build
# (--variant asan), as section 2 of issue 12 grades every submission: an
# out-of-bounds read that happens to pass is still a mistake caught. Only
# a failure that names a sanitizer finding counts there.
#
# While working on the tests: MUTATE_ONLY=FILE grades only the IDs listed
# in FILE (one a line), and MUTATE_OUT=DIR keeps the results apart from
# another run's (default BUILD_DIR/mutate).
set -u
grader=$1
mutate=$2
build=$3
want=${4:-}
sample=${5:-0}
jobs=2
goal=95
root=${MUTATE_OUT:-$build/mutate}
only=${MUTATE_ONLY:-}
status=0

# The labs: solutions/NN-name with a skeleton beside it, matching LAB.
labs=()
for dir in solutions/[0-9][0-9]-*/; do
	lab=$(basename "$dir")
	[ -d "labs/$lab" ] || continue
	short=${lab%%-*}
	if [ -z "$want" ] || [ "$want" = "$lab" ] || [ "$want" = "$short" ] ||
	    [ "0$want" = "$short" ]; then
		labs+=("$lab")
	fi
done
if [ ${#labs[@]} -eq 0 ]; then
	echo "mutate: no lab matches \"$want\"" >&2
	exit 2
fi

# The IDs listed as equivalent: an entry starts at the left margin with
# the ID, then the reason, which may go on in indented lines; # comments.
equivalents() {
	local file=solutions/$1/equivalent-mutants
	[ -f "$file" ] || return 0
	grep -v '^\(#\|[[:space:]]\|$\)' "$file" | awk '{ print $1 }'
}

# The solution file a mutant ID belongs to: its first field.
id_file() { echo "${1%%:*}"; }

# Grades one mutant in a slot (a tree reused by one job at a time, so the
# grader's scratch for it is reused too); writes $res/ID.verdict.
grade_mutant() {
	local lab=$1 id=$2 slot=$3 res=$4 file csv last total max state
	file=$(id_file "$id")
	rm -rf "$slot/$lab"
	mkdir -p "$slot/$lab"
	cp "solutions/$lab/"*.c "$slot/$lab/"
	if ! "$mutate" -w "$id" "labs/$lab/$file" "solutions/$lab/$file" \
	    >"$slot/$lab/$file" 2>"$res/$id.log"; then
		echo error >"$res/$id.verdict"
		return
	fi
	diff -u --label "solutions/$lab/$file" --label "mutant $id" \
	    "solutions/$lab/$file" "$slot/$lab/$file" >"$res/$id.diff"
	csv=$res/$id.csv
	# A machine out of processes (fork or vfork: EAGAIN, with other
	# graders running) says nothing about the mutant: grade it again.
	for try in 1 2 3; do
		"$grader" --submission "$slot" --lab "$lab" --hidden solutions \
		    --build "$build" --report "$res/$id.json" --csv "$csv" \
		    >"$res/$id.log" 2>&1
		grep -q 'Resource temporarily unavailable' "$res/$id.log" ||
		    break
		echo "$id: out of processes, try $try" >>"$res/retries.log"
	done
	last=$(tail -n 1 "$csv" 2>/dev/null)
	state=${last##*,}
	max=$(echo "$last" | awk -F, 'NF > 2 { print $(NF - 1) }')
	total=$(echo "$last" | awk -F, 'NF > 2 { print $(NF - 2) }')
	if [ "$state" = build_failed ]; then
		echo stillborn
	elif [ "$state" != graded ]; then
		echo error
	elif [ "$total" = "$max" ]; then
		if "$grader" --submission "$slot" --lab "$lab" \
		    --hidden solutions --build "$build" --variant asan \
		    --report "$res/$id.asan.json" --csv "$csv.asan" \
		    >"$res/$id.asan.log" 2>&1 &&
		    last=$(tail -n 1 "$csv.asan") &&
		    [ "${last##*,}" = graded ] &&
		    [ "$(echo "$last" | awk -F, 'NF > 2 { print $(NF - 2) }')" != \
		    "$max" ] &&
		    grep -q '^\[\(FAIL\|CRASH\).*sanitizer' \
		    "$res/$id.asan.log"; then
			echo killed-asan
		else
			echo survived
		fi
	else
		echo killed
	fi >"$res/$id.verdict"
}

# Grades the IDs in file $1 (one a line) with $jobs jobs, each in its slot.
grade_all() {
	local lab=$1 list=$2 res=$3 k
	for k in $(seq 1 $jobs); do
		(
			awk -v k="$k" -v n="$jobs" 'NR % n == k % n' "$list" |
			while IFS= read -r id; do
				grade_mutant "$lab" "$id" "$root/slot-$k" "$res"
			done
		) &
	done
	wait
}

# The first line of a killed mutant's failures, for the report.
first_failure() {
	grep -m 1 '^\[\(FAIL\|TIME\|CRASH\)' "$1" 2>/dev/null | cut -c1-150
}

mkdir -p "$root"
for lab in "${labs[@]}"; do
	res=$root/$lab
	rm -rf "$res"
	mkdir -p "$res"
	# The reference first: it must score full marks, and grading it
	# builds the lab's tests once for every mutant after it. (The sample
	# runs in make check after check-labs, which has done both.)
	if [ "$sample" -eq 0 ] && ! "$grader" --submission solutions --lab "$lab" --hidden solutions \
	    --build "$build" --report "$res/reference.json" --expect full \
	    >"$res/reference.log" 2>&1; then
		echo "mutate: $lab: the reference does not score full marks" \
		    "(see $res/reference.log)"
		status=1
		continue
	fi
	for src in "solutions/$lab/"*.c; do
		[ -f "labs/$lab/$(basename "$src")" ] || continue
		"$mutate" "labs/$lab/$(basename "$src")" "$src" ||
		    { status=1; continue; }
	done >"$res/mutants.tsv"
	cut -f 1 "$res/mutants.tsv" >"$res/all.ids"
	equivalents "$lab" | sort >"$res/equivalent.ids"
	if [ "$sample" -gt 0 ]; then
		# A fixed sample: the first IDs by checksum, equivalents left
		# out; a spare stands in for a stillborn one.
		while IFS= read -r id; do
			grep -qxF -- "$id" "$res/equivalent.ids" ||
			    echo "$(printf '%s' "$id" | cksum | cut -d' ' -f1) $id"
		done <"$res/all.ids" | sort -n | head -n $((sample + 1)) |
		    cut -d' ' -f2 >"$res/graded.ids"
	elif [ -n "$only" ]; then
		grep -xFf "$only" "$res/all.ids" >"$res/graded.ids"
	else
		cp "$res/all.ids" "$res/graded.ids"
	fi
	grade_all "$lab" "$res/graded.ids" "$res"

	n=0 stillborn=0 killed=0 surviving=0 equivalent=0 errors=0 taken=0
	by_asan=0
	while IFS= read -r id; do
		verdict=$(cat "$res/$id.verdict" 2>/dev/null || echo error)
		if [ "$sample" -gt 0 ]; then
			[ "$verdict" = stillborn ] && continue
			[ $taken -lt "$sample" ] || break
			taken=$((taken + 1))
		fi
		n=$((n + 1))
		listed=0
		grep -qxF -- "$id" "$res/equivalent.ids" && listed=1
		case $verdict,$listed in
		stillborn,0) stillborn=$((stillborn + 1)) ;;
		killed,0) killed=$((killed + 1))
			printf '%s\t%s\n' "$id" \
			    "$(first_failure "$res/$id.log")" >>"$res/killed.tsv" ;;
		killed-asan,0) killed=$((killed + 1)) by_asan=$((by_asan + 1))
			printf '%s\t(asan) %s\n' "$id" \
			    "$(first_failure "$res/$id.asan.log")" \
			    >>"$res/killed.tsv" ;;
		survived,1) equivalent=$((equivalent + 1)) ;;
		survived,0) surviving=$((surviving + 1))
			echo "$id" >>"$res/surviving.ids" ;;
		*,1) errors=$((errors + 1))
			echo "   $lab: $id is listed as equivalent but was" \
			    "$verdict: take it out of" \
			    "solutions/$lab/equivalent-mutants" ;;
		*) errors=$((errors + 1))
			echo "   $lab: $id: the grader did not grade it" \
			    "(see $res/$id.log)" ;;
		esac
	done <"$res/graded.ids"
	# Listed IDs the tool no longer makes: the list has gone stale.
	while IFS= read -r id; do
		grep -qxF -- "$id" "$res/all.ids" && continue
		errors=$((errors + 1))
		echo "   $lab: $id is listed as equivalent but no such mutant" \
		    "exists: update solutions/$lab/equivalent-mutants"
	done <"$res/equivalent.ids"

	counted=$((killed + surviving))
	rate=$(awk -v k=$killed -v c=$counted \
	    'BEGIN { printf "%.1f", c ? 100 * k / c : 100 }')
	printf '%-14s %4d mutants, %3d stillborn, %4d killed, %3d surviving,' \
	    "$lab:" $n $stillborn $killed $surviving
	printf ' %3d equivalent: %5s%% killed\n' $equivalent "$rate"
	[ $by_asan -eq 0 ] ||
	    echo "   ($by_asan of the killed only by the sanitizer build)"
	if [ -s "$res/surviving.ids" ]; then
		while IFS= read -r id; do
			echo "   surviving: $id ($(grep -F -- "$id	" \
			    "$res/mutants.tsv" | cut -f 3 | cut -c1-90))"
			[ "$sample" -gt 0 ] || sed 's/^/      /' "$res/$id.diff"
		done <"$res/surviving.ids"
		status=1
	fi
	[ $errors -eq 0 ] || status=1
	if [ "$sample" -eq 0 ] &&
	    awk -v r="$rate" -v g=$goal 'BEGIN { exit !(r < g) }'; then
		echo "   $lab is below the goal of $goal% killed"
		status=1
	fi
done
rm -rf "$root"/slot-*
exit $status
