#!/usr/bin/env bash
# make bench-grade: how fast grade-all grades a class on this machine.
# Builds a class of 30 submissions (references as folders and archives,
# skeletons, every buggy variant until 30, hostile ones), grades it with
# grade-all, and reports submissions per minute and that nothing survived.
#   usage: bench_class.sh GRADER BUILD JOBS
set -u
. "$(dirname "$0")/tests/survivors.sh"
grader=$1 build=$2 jobs=$3
class=$build/bench/class
rm -rf "$class"
mkdir -p "$class"

cp -r solutions "$class/ref-dir"
tar -C solutions -czf "$class/ref-tar.tar.gz" $(cd solutions && ls -d [0-9][0-9]-*)
cp -r labs "$class/skeleton-1"
cp -r labs "$class/skeleton-2"
for hostile in loop forkbomb detach vandal flood segfault; do
	cp -r "common/tests/hostile/$hostile" "$class/hostile-$hostile"
done
count=$(ls "$class" | wc -l)
for patch in solutions/*/buggy/*.patch; do
	[ "$count" -ge 30 ] && break
	lab=$(basename "$(dirname "$(dirname "$patch")")")
	name=buggy-$lab-$(basename "$patch" .patch)
	mkdir -p "$class/$name"
	for dir in solutions/[0-9][0-9]-*; do
		cp -r "$dir" "$class/$name/"
		rm -rf "$class/$name/$(basename "$dir")/tests" \
		    "$class/$name/$(basename "$dir")/buggy"
	done
	patch -s -p1 -d "$class/$name/$lab" <"$patch"
	count=$((count + 1))
done

echo "grading $count submissions with JOBS=$jobs on $(nproc) cores..."
start=$(date +%s.%N)
bash common/grade_all.sh "$grader" "$build" "$class" "$jobs" 1 "" 1 |
    tail -n 1
end=$(date +%s.%N)
awk -v n="$count" -v s="$start" -v e="$end" 'BEGIN {
	t = e - s
	printf "%d submissions in %.1f s: %.1f submissions per minute\n",
	    n, t, n * 60 / t
}'
if [ "$(survivors)" -gt 0 ]; then
	echo "FAIL: processes of the run survived it"
	exit 1
fi
echo "no process of the run survived it; gradebook: $build/grade/grades.csv"
