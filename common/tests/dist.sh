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

# Lines that only a reference solution has (not in its skeleton) must not
# appear in what students read and edit: the labs and the handouts. (The
# grader and tcpviz in common/ and viz/ use the same idioms, a read loop
# or a sockaddr filled in, and are no answer key.) Short lines ("}",
# "return -1;") are too common to say anything.
for solution in solutions/*/*.c; do
	[ -e "$solution" ] || continue
	skeleton=labs/${solution#solutions/}
	[ -e "$skeleton" ] || continue
	grep -vxF -f "$skeleton" "$solution" |
	    sed 's/^[[:space:]]*//' | awk 'length($0) >= 24' >"$work/answer"
	while IFS= read -r line; do
		if grep -rqF -- "$line" "$tree/labs" "$tree/handouts"; then
			echo "   FAIL reference code in the tarball: $line"
			status=1
		fi
	done <"$work/answer"
done
rm -f "$work/answer"

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
