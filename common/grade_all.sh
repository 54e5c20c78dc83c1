#!/usr/bin/env bash
# make grade-all SUBMISSIONS=DIR: grades every submission of a class.
#
# A submission is a directory, a .tar.gz/.tgz or a .zip under DIR; its name
# is the file or folder name. Each is unpacked into its own scratch copy,
# within limits (common/unpack.py checks the whole listing first: size,
# file count, nesting, no links, devices, absolute paths or ".."), and
# graded by its own grader process (own namespaces, own process group), up
# to JOBS at a time. A refused submission, or two that would share a name,
# get a "refused: why" row instead: no classmate can touch another's tree.
# Results: build/grade-all/NAME/{report.json,grade.log},
# and the gradebook build/grade/grades.csv. A rerun skips submissions that
# finished unless FORCE=1; Ctrl-C stops every job and keeps what finished.
#
#   usage: grade_all.sh GRADER BUILD SUBMISSIONS JOBS FORCE LAB SCALE
set -u
grader=$1 build=$2 submissions=$3 jobs=$4 force=$5 lab=$6 scale=$7
out=$build/grade-all
gradebook=$build/grade/grades.csv

unpacker=$(dirname "${BASH_SOURCE[0]}")/unpack.py

die() { echo "grade-all: $*" >&2; exit 1; }
command -v python3 >/dev/null 2>&1 ||
    die "python3 is needed to check archives before unpacking them"
[ -d "$submissions" ] || die "SUBMISSIONS=$submissions is not a directory"
case $jobs in ''|*[!0-9]*|0) die "JOBS must be a positive number" ;; esac
mkdir -p "$out" "$build/grade"

# A submission's name: the entry's name without its archive suffix, made
# safe for a directory name (and never "." or "..").
name_of() {
	local base=${1##*/}
	base=${base%.tar.gz}; base=${base%.tgz}; base=${base%.zip}
	base=$(printf '%s' "$base" | tr -c 'A-Za-z0-9._-' '_')
	case $base in .*) base=_${base#.} ;; esac
	printf '%s' "${base:-_}"
}

# An entry's file name as plain ASCII, for a gradebook note.
shown_of() {
	local base=${1##*/}
	[ -d "$1" ] && [ ! -L "$1" ] && base=$base/
	printf '%s' "$base" | LC_ALL=C tr -c 'A-Za-z0-9._/ -' '?'
}

# One CSV field (RFC 4180) that no spreadsheet reads as a formula: a
# leading =, +, - or @ gets a ' (as report.c does for the grader's rows).
csv_field() {
	local s=$1 formula=0
	case $s in [=+@-]*|$'\t'*|$'\r'*) s="'$s" formula=1 ;; esac
	case $formula$s in 1*|*[,\"$'\n'$'\r']*) s=\"${s//\"/\"\"}\" ;; esac
	printf '%s' "$s"
}

# Unpacks one submission (checked first, see common/unpack.py) into dest.
# Prints why when it is refused (status 3) or unreadable (status 4).
unpack() {
	local src=$1 dest=$2
	rm -rf "$dest" "$dest.unpacking"
	python3 "$unpacker" "$src" "$dest" || return
	# The sandbox's user reads the tree; nobody else writes it.
	chmod -R u+rwX,go+rX,go-w "$dest"
}

# As root each submission's code runs as its own uid (200000 + its index),
# so a fork storm in one cannot use up the process limit of another.
uid_option() {
	[ "$(id -u)" = 0 ] && printf -- '--uid=%d' $((200000 + $1))
}

# A gradebook row for a submission that could not be graded: the header
# of the skeletons' grading, then zero for every lab and the status.
failed_row() {
	local header columns
	header=$(head -n 1 "$out/.warm.csv")
	columns=${header//[!,]/}
	printf '%s\n' "$header"
	csv_field "$1"
	printf ',0%.0s' $(seq 2 "${#columns}")
	printf ','
	csv_field "$2"
	printf '\n'
}

# Grades one submission; its finished row (row.csv) marks it done.
grade_one() {
	local src=$1 name=$2 index=$3 dir=$out/$2 tree=$out/$2/tree status why
	rm -f "$dir/row.csv"
	mkdir -p "$dir"
	why=$(unpack "$src" "$tree" 2>"$dir/grade.log")
	status=$?
	if [ $status -ne 0 ]; then
		printf 'not graded: %s\n' "$why" >>"$dir/grade.log"
		[ $status -eq 3 ] || why=unpack_failed
		failed_row "$name" "$why" >"$dir/row.csv"
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

# Links are listed too, to be refused: a submission is what was handed in.
entries=()
for entry in "$submissions"/*; do
	case $entry in
	*.tar.gz|*.tgz|*.zip) [ -f "$entry" ] || [ -L "$entry" ] &&
	    entries+=("$entry") ;;
	*) [ -d "$entry" ] || [ -L "$entry" ] && entries+=("$entry") ;;
	esac
done
total=${#entries[@]}
[ "$total" -gt 0 ] || die "no submissions (directories, .tar.gz, .zip) in $submissions"

# Two entries that would share a name (alice/ and alice.zip, or names that
# only differ in characters made safe) are both refused: merging them
# would grade one student's files under the other's name.
declare -A entries_named
for entry in "${entries[@]}"; do
	name=$(name_of "$entry")
	entries_named[$name]=$((${entries_named[$name]:-0} + 1))
done
is_duplicate() { [ "${entries_named[$1]}" -gt 1 ]; }

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
	if is_duplicate "$name"; then
		done_count=$((done_count + 1))
		progress "$name: refused, its name is taken twice"
		continue
	fi
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
[ $first = 0 ] || head -n 1 "$out/.warm.csv" >"$gradebook.tmp"
for entry in "${entries[@]}"; do
	name=$(name_of "$entry")
	if is_duplicate "$name"; then
		failed_row "$name" "refused: another submission is also named \
$name (this one: $(shown_of "$entry")); rename one and grade again" |
		    tail -n +2
		continue
	fi
	row=$out/$name/row.csv
	[ -s "$row" ] && tail -n +2 "$row"
done | sort >>"$gradebook.tmp"
mv "$gradebook.tmp" "$gradebook"
echo "gradebook: $gradebook ($total submissions, $(($(date +%s) - start))s)"
