#!/bin/sh
# make grade-all on a small class: references, skeletons, archives and
# hostile submissions graded in parallel must get the same totals as when
# each is graded alone; a rerun resumes without regrading.
#   usage: class.sh GRADER BUILD_DIR
set -u
. "$(dirname "$0")/survivors.sh"
grader=$1
build=$2
class=$build/check/class
rm -rf "$class"
mkdir -p "$class"
status=0

cp -r solutions "$class/alice"
cp -r labs "$class/bob"
(cd solutions && tar -czf "../$class/carol.tar.gz" 01-socket)
if command -v python3 >/dev/null 2>&1; then
	mkdir -p "$class/zip/dave"
	cp -r solutions/01-socket "$class/zip/dave/"
	(cd "$class/zip" && python3 -m zipfile -c ../dave.zip dave)
	rm -rf "$class/zip"
fi
echo "not an archive" >"$class/eve.tar.gz"
for hostile in loop forkbomb detach vandal; do
	cp -r "common/tests/hostile/$hostile" "$class/$hostile"
done

# Time limits at half (0.5): the hostile submissions hang until theirs,
# while every test of honest work still starts a sandboxed worker, which
# takes a moment more on a loaded machine.
run_class() {
	bash common/grade_all.sh "$grader" "$build" "$class" 2 "$1" 01 0.5 \
	    >"$build/check/class.log" 2>&1
}

if ! run_class 1; then
	echo "   FAIL grade-all did not finish (see $build/check/class.log)"
	exit 1
fi
gradebook=$build/grade/grades.csv
for entry in "$class"/*; do
	name=$(basename "$entry")
	name=${name%.tar.gz}; name=${name%.zip}
	if [ "$name" = eve ]; then
		row=$(grep "^eve," "$gradebook")
		case $row in
		eve,0,0,0,unpack_failed) echo "   ok   eve: $row" ;;
		*) echo "   FAIL eve (a broken archive): \"$row\""; status=1 ;;
		esac
		continue
	fi
	tree=$build/grade-all/$name/tree
	# An archive with one top-level folder is graded from inside it.
	if ! ls -d "$tree"/[0-9][0-9]-* >/dev/null 2>&1; then
		tree=$(ls -d "$tree"/*/)
	fi
	alone=$("$grader" --submission "$tree" --lab 01 \
	    --hidden solutions --build "$build" --timeout-scale 0.5 \
	    --report "$build/check/class-$name.json" 2>&1 | tail -n 1)
	row=$(grep "^$name," "$gradebook")
	total=$(echo "$row" | awk -F, '{ print $(NF-2) "/" $(NF-1) }')
	if [ "Score: $total" = "$alone" ]; then
		echo "   ok   $name: $total in the class, $alone alone"
	else
		echo "   FAIL $name: \"$row\" in the class, \"$alone\" alone"
		status=1
	fi
done
if [ "$(survivors)" -gt 0 ]; then
	echo "   FAIL processes of the class run survived it"
	status=1
fi

# A second run finds every submission done and regrades none.
run_class ""
if [ "$(grep -c "already graded" "$build/check/class.log")" = \
    "$(ls "$class" | wc -l)" ]; then
	echo "   ok   a rerun resumes: nothing regraded"
else
	echo "   FAIL a rerun regraded finished submissions"
	status=1
fi

# Stopping a run (SIGTERM; Ctrl-C sends SIGINT, handled the same way):
# exit 130, nothing left running, finished submissions kept, and the next
# run grades only the rest.
rm -f "$build"/grade-all/*/row.csv
bash common/grade_all.sh "$grader" "$build" "$class" 2 1 01 0.5 \
    >"$build/check/class-stop.log" 2>&1 &
runner=$!
# Wait (at most 30 s) until one submission is done, then stop the run.
for _ in $(seq 300); do
	ls "$build"/grade-all/*/row.csv >/dev/null 2>&1 && break
	sleep 0.1
done
kill -TERM "$runner"
wait "$runner"
stopped=$?
done_after_stop=$(ls "$build"/grade-all/*/row.csv 2>/dev/null | wc -l)
if [ "$stopped" != 130 ]; then
	echo "   FAIL a stopped run exited $stopped, expected 130"
	status=1
elif [ "$(survivors)" -gt 0 ]; then
	echo "   FAIL processes survived a stopped run"
	status=1
elif [ "$done_after_stop" -ge "$(ls "$class" | wc -l)" ]; then
	echo "   FAIL the run finished before it could be stopped"
	status=1
else
	run_class ""
	regraded=$(grep -c "^graded .* elapsed" "$build/check/class.log")
	skipped=$(grep -c "already graded" "$build/check/class.log")
	if [ "$skipped" = "$done_after_stop" ] &&
	    grep -q "^gradebook:" "$build/check/class.log"; then
		echo "   ok   stopped after $done_after_stop; the next run" \
		    "graded only the other $((regraded - skipped))"
	else
		echo "   FAIL after a stop: $skipped kept, $done_after_stop" \
		    "were done (see $build/check/class.log)"
		status=1
	fi
fi
exit $status
