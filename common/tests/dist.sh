#!/bin/sh
# Checks the student tarball: no solutions/ and no line of reference code,
# and, unpacked on its own, `make grade` gives every lab zero.
#   usage: dist.sh TARBALL BUILD_DIR
set -u
tarball=$1
build=$2
work=$build/check/dist
rm -rf "$work"
mkdir -p "$work"
tar -C "$work" -xzf "$tarball" || exit 1
tree=$(ls -d "$work"/socklab-student-*)
status=0

if [ -e "$tree/solutions" ]; then
	echo "   FAIL the tarball contains solutions/"
	status=1
fi

# What students edit, the skeletons, must hold no line that only a
# reference solution has (not in its skeleton). Short lines ("}",
# "return -1;") are too common to say anything.
for solution in solutions/*/*.c; do
	[ -e "$solution" ] || continue
	skeleton=labs/${solution#solutions/}
	[ -e "$skeleton" ] || continue
	grep -vxF -f "$skeleton" "$solution" |
	    sed 's/^[[:space:]]*//' | awk 'length($0) >= 24' >"$work/answer"
	while IFS= read -r line; do
		if grep -qF -- "$line" "$tree"/labs/*/*.c "$tree"/labs/*/*.h; then
			echo "   FAIL reference code in a skeleton: $line"
			status=1
		fi
	done <"$work/answer"
done
rm -f "$work/answer"

# The handouts teach the idioms (a getaddrinfo loop, accept's peer
# address), but must not copy an answer: no four consecutive lines of a
# reference solution's own code may appear together in a handout.
for solution in solutions/*/*.c; do
	[ -e "$solution" ] || continue
	skeleton=labs/${solution#solutions/}
	[ -e "$skeleton" ] || continue
	awk -v skeleton="$skeleton" '
	function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
	BEGIN { while ((getline line < skeleton) > 0) known[trim(line)] = 1 }
	FILENAME == ARGV[1] {
		t = trim($0)
		if (length(t) >= 12 && !(t in known)) run[++n] = t
		else n = 0
		if (n >= 4) blocks[run[n-3] "\n" run[n-2] "\n" run[n-1] "\n" run[n]] = 1
		next
	}
	{ text = text trim($0) "\n" }
	END {
		for (b in blocks) if (index(text, b)) { print b; exit 1 }
	}' "$solution" "$tree"/handouts/*.md >"$work/block" 2>/dev/null
	if [ -s "$work/block" ]; then
		echo "   FAIL a handout copies $solution:"
		sed 's/^/        /' "$work/block"
		status=1
	fi
done
rm -f "$work/block"

# No file of the tarball is a copy of a reference file.
for solution in $(find solutions -type f -name '*.c'); do
	if find "$tree" -type f -name "$(basename "$solution")" \
	    -exec cmp -s "$solution" {} \; -print | grep -q .; then
		echo "   FAIL a copy of $solution is in the tarball"
		status=1
	fi
done

# The student's view: grading the untouched tree runs and scores zero.
(cd "$tree" && make -s grade-run >"../grade.log" 2>&1)
rc=$?
last=$(tail -n 1 "$work/grade.log")
case "$rc:$last" in
0:"Score: 0/"*) echo "   ok   unpacked tarball grades: $last" ;;
*) echo "   FAIL grading the unpacked tarball (exit $rc): $last"
   status=1 ;;
esac
exit $status
