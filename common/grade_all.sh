#!/usr/bin/env bash
# make grade-all SUBMISSIONS=DIR: grades every submission of a class.
#
# A submission is a directory, a .tar.gz/.tgz or a .zip under DIR; its name
# is the file or folder name. Each is unpacked into its own scratch copy and
# graded by its own grader process (own namespaces, own process group), up
# to JOBS at a time. Results: build/grade-all/NAME/{report.json,grade.log},
# and the gradebook build/grade/grades.csv. A rerun skips submissions that
# finished unless FORCE=1; Ctrl-C stops every job and keeps what finished.
#
#   usage: grade_all.sh GRADER BUILD SUBMISSIONS JOBS FORCE LAB SCALE
set -u
grader=$1 build=$2 submissions=$3 jobs=$4 force=$5 lab=$6 scale=$7
out=$build/grade-all
gradebook=$build/grade/grades.csv

die() { echo "grade-all: $*" >&2; exit 1; }
[ -d "$submissions" ] || die "SUBMISSIONS=$submissions is not a directory"
case $jobs in ''|*[!0-9]*|0) die "JOBS must be a positive number" ;; esac
mkdir -p "$out" "$build/grade"

# A submission's name: the entry's name without its archive suffix, made
# safe for a directory name.
name_of() {
	local base
	base=$(basename "$1")
	base=${base%.tar.gz}; base=${base%.tgz}; base=${base%.zip}
	printf '%s' "$base" | tr -c 'A-Za-z0-9._-' '_'
}

# Unpacks or copies one submission into dest, then descends through a lone
# top-level folder (an archive of "alice/01-socket/..." grades like a tree).
unpack() {
	local src=$1 dest=$2 inner
	rm -rf "$dest"
	mkdir -p "$dest"
	case $src in
	*.tar.gz|*.tgz)
		tar -xzf "$src" -C "$dest" --no-same-owner --no-same-permissions \
		    2>/dev/null || return 1 ;;
	*.zip)
		if command -v unzip >/dev/null 2>&1; then
			unzip -qq "$src" -d "$dest" || return 1
		else
			python3 -m zipfile -e "$src" "$dest" || return 1
		fi ;;
	*)
		cp -R "$src/." "$dest/" || return 1 ;;
	esac
	# Nothing in a submission needs to be executable or a link.
	find "$dest" -type l -delete
	chmod -R u+rwX,go+rX,go-w "$dest"
	inner=$(find "$dest" -mindepth 1 -maxdepth 1)
	if [ "$(printf '%s\n' "$inner" | wc -l)" = 1 ] && [ -d "$inner" ] &&
	    ! ls -d "$dest"/[0-9][0-9]-* >/dev/null 2>&1; then
		printf '%s' "$inner"
	else
		printf '%s' "$dest"
	fi
}

# As root each submission's code runs as its own uid (200000 + its index),
# so a fork storm in one cannot use up the process limit of another.
uid_option() {
	[ "$(id -u)" = 0 ] && printf -- '--uid=%d' $((200000 + $1))
}

# A gradebook row for a submission that could not be graded: the header
# of the skeletons' grading, then zero for every lab.
failed_row() {
	head -n 1 "$out/.warm.csv"
	head -n 1 "$out/.warm.csv" | awk -F, -v name="$1" -v status="$2" '{
		printf "%s", name
		for (i = 2; i < NF; i++) printf ",0"
		printf ",%s\n", status
	}'
}

# Grades one submission; its finished row (row.csv) marks it done.
grade_one() {
	local src=$1 name=$2 index=$3 dir=$out/$2 tree status
	rm -f "$dir/row.csv"
	mkdir -p "$dir"
	if ! tree=$(unpack "$src" "$dir/tree"); then
		echo "cannot unpack $src" >"$dir/grade.log"
		failed_row "$name" unpack_failed >"$dir/row.csv"
		return
	fi
	"$grader" --submission "$tree" --name "$name" --hidden solutions \
	    --build "$build" --timeout-scale "$scale" ${lab:+--lab "$lab"} \
	    $(uid_option "$index") \
	    --report "$dir/report.json" --csv "$dir/row.tmp" \
	    >"$dir/grade.log" 2>&1
	status=$?
	if [ $status -eq 130 ]; then
		rm -f "$dir/row.tmp"   # interrupted: not done, graded next time
		return
	fi
	if [ $status -eq 0 ] && [ -s "$dir/row.tmp" ]; then
		mv "$dir/row.tmp" "$dir/row.csv"
	else
		failed_row "$name" grader_error >"$dir/row.csv"
	fi
}

entries=()
for entry in "$submissions"/*; do
	case $entry in
	*.tar.gz|*.tgz|*.zip) [ -f "$entry" ] && entries+=("$entry") ;;
	*) [ -d "$entry" ] && entries+=("$entry") ;;
	esac
done
total=${#entries[@]}
[ "$total" -gt 0 ] || die "no submissions (directories, .tar.gz, .zip) in $submissions"

interrupted=0
warm=""
on_interrupt() {
	interrupted=1
	# The graders stop their sandboxes, kill what runs there, and exit.
	[ -n "$warm" ] && kill -TERM "$warm" 2>/dev/null
	for job in $(jobs -p); do
		pkill -TERM -P "$job" 2>/dev/null
	done
}
trap on_interrupt INT TERM

# Build the shared test objects once, so parallel graders only read them.
# (In the background: bash runs a trap only once `wait` is interrupted.)
"$grader" --submission labs --hidden solutions --build "$build" \
    ${lab:+--lab "$lab"} --report "$out/.warm.json" --csv "$out/.warm.csv" \
    >"$out/.warm.log" 2>&1 &
warm=$!
wait "$warm"
warm_status=$?
warm=""
if [ $interrupted = 1 ]; then
	echo "grade-all: interrupted before grading started" >&2
	exit 130
fi
[ $warm_status -eq 0 ] ||
    die "the grader cannot grade the skeletons (see $out/.warm.log)"

tty=0
[ -t 1 ] && tty=1
start=$(date +%s)
done_count=0
running=0

progress() {
	local now elapsed eta=""
	now=$(date +%s)
	elapsed=$((now - start))
	if [ "$done_count" -gt 0 ] && [ "$done_count" -lt "$total" ]; then
		eta=" ETA $(((total - done_count) * elapsed / done_count))s"
	fi
	if [ $tty = 1 ]; then
		printf '\rgraded %d/%d  elapsed %ds%s   ' "$done_count" "$total" \
		    "$elapsed" "$eta"
	else
		printf 'graded %d/%d%s elapsed %ds%s\n' "$done_count" \
		    "$total" "${1:+ ($1)}" "$elapsed" "$eta"
	fi
}

# Waits for one grading job to end and counts it. Returns 1 when a stop
# came instead (then no job is counted: they are all being stopped).
finish_one() {
	[ $interrupted = 0 ] || return 1
	wait -n && true
	[ $interrupted = 0 ] || return 1
	running=$((running - 1))
	done_count=$((done_count + 1))
	progress ""
}

index=0
for entry in "${entries[@]}"; do
	[ $interrupted = 1 ] && break
	index=$((index + 1))
	name=$(name_of "$entry")
	if [ "$force" != 1 ] && [ -s "$out/$name/row.csv" ]; then
		done_count=$((done_count + 1))
		progress "$name: already graded"
		continue
	fi
	while [ "$running" -ge "$jobs" ] && finish_one; do
		:
	done
	[ $interrupted = 1 ] && break
	grade_one "$entry" "$name" "$index" &
	running=$((running + 1))
done
while [ "$running" -gt 0 ] && finish_one; do
	:
done
[ $tty = 1 ] && echo

if [ $interrupted = 1 ]; then
	# Every grader stops its sandbox and exits; wait for all of them.
	while [ -n "$(jobs -pr)" ]; do
		wait
	done
	echo "grade-all: interrupted; finished submissions are kept, run again to resume" >&2
	exit 130
fi

# The gradebook: the header of the first row file, then every row, by name.
first=1
for entry in "${entries[@]}"; do
	row=$out/$(name_of "$entry")/row.csv
	[ -s "$row" ] || continue
	if [ $first = 1 ]; then
		head -n 1 "$row"
		first=0
	fi
done >"$gradebook.tmp"
for entry in "${entries[@]}"; do
	row=$out/$(name_of "$entry")/row.csv
	[ -s "$row" ] && tail -n +2 "$row"
done | sort >>"$gradebook.tmp"
mv "$gradebook.tmp" "$gradebook"
echo "gradebook: $gradebook ($total submissions, $(($(date +%s) - start))s)"
