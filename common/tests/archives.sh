#!/usr/bin/env bash
# make check-archives: grade-all on a class of hostile archives. Each must
# be refused with a clear gradebook row, nothing may be written outside the
# build directory, and the honest classmates keep their full marks.
#   usage: archives.sh GRADER BUILD_DIR
set -u
grader=$1
build=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$build/check/archives
class=$work/class
tag=socklab-escape-$$
rm -rf "$work"
mkdir -p "$class"
status=0

# Paths a hostile archive aims at, outside the build directory.
escapes=("/tmp/$tag-dotdot" "$(cd "$build/.." && pwd)/$tag-dotdot" "/tmp/$tag-abs" "/tmp/$tag-link"
         "$PWD/PWNED-name" "$HOME/PWNED-name")
rm -f "${escapes[@]}" PWNED-source

# The honest ones: the reference of lab 01, as a folder and as archives.
mkdir -p "$class/honest"
cp -r solutions/01-socket "$class/honest/"

python3 - "$class" "$tag" "$PWD/solutions/01-socket" <<'EOF' ||
import io, os, stat, sys, tarfile, zipfile, zlib

class_dir, tag, reference = sys.argv[1:]
sockets_c = open(os.path.join(reference, "sockets.c"), "rb").read()
skeleton_c = open("labs/01-socket/sockets.c", "rb").read()


def tar(name, members):
    """members: (TarInfo fields as a dict, data or None)."""
    with tarfile.open(os.path.join(class_dir, name), "w:gz") as t:
        for fields, data in members:
            info = tarfile.TarInfo(fields.pop("name"))
            for key, value in fields.items():
                setattr(info, key, value)
            if data is not None:
                info.size = len(data)
                t.addfile(info, io.BytesIO(data))
            else:
                t.addfile(info)


def honest_tar(name, extra=()):
    tar(name, [({"name": "01-socket/sockets.c"}, sockets_c), *extra])


def zipped(name, members):
    with zipfile.ZipFile(os.path.join(class_dir, name), "w",
                         zipfile.ZIP_DEFLATED) as z:
        for entry, data, mode in members:
            info = zipfile.ZipInfo(entry)
            info.external_attr = mode << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


reg = stat.S_IFREG | 0o644

# A zip bomb: 4 GiB of zeros in a 4 MB file, made fast by repeating one
# deflate block (a full flush makes blocks independent of what came before).
def zip_bomb(name, size_mib=4096):
    chunk = bytes(1 << 20)
    block_compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = block_compressor.compress(chunk) + \
        block_compressor.flush(zlib.Z_FULL_FLUSH)

    class Repeat:
        def compress(self, data):
            assert len(data) == len(chunk)
            return block

        def flush(self):
            return zlib.compressobj(9, zlib.DEFLATED, -15).flush()

    real = zipfile._get_compressor
    zipfile._get_compressor = lambda *args, **kw: Repeat()
    try:
        with zipfile.ZipFile(os.path.join(class_dir, name), "w",
                             zipfile.ZIP_DEFLATED) as z:
            with z.open("01-socket/sockets.c", "w", force_zip64=True) as f:
                for _ in range(size_mib):
                    f.write(chunk)
    finally:
        zipfile._get_compressor = real


zip_bomb("zipbomb.zip")
# ".." out of the build directory (short enough for the depth limit), and
# a classmate aiming at another's submission and at /tmp.
honest_tar("dotdot.tar.gz", [({"name": f"../../../../{tag}-dotdot"}, b"x")])
honest_tar("classmate.tar.gz", [
    ({"name": "../../../check/archives/class/honest/01-socket/sockets.c"},
     skeleton_c),
    ({"name": "../" * 40 + f"tmp/{tag}-dotdot"}, b"x")])
honest_tar("absolute.tar.gz", [({"name": f"/tmp/{tag}-abs"}, b"x")])
# Links: to the reference (full marks for nothing), then out through one.
tar("symlink.tar.gz", [
    ({"name": "01-socket/sockets.c", "type": tarfile.SYMTYPE,
      "linkname": os.path.join(reference, "sockets.c")}, None)])
tar("linkout.tar.gz", [
    ({"name": "out", "type": tarfile.SYMTYPE, "linkname": "/tmp"}, None),
    ({"name": f"out/{tag}-link"}, b"x")])
tar("hardlink.tar.gz", [
    ({"name": "01-socket/sockets.c", "type": tarfile.LNKTYPE,
      "linkname": os.path.join(reference, "sockets.c")}, None)])
zipped("ziplink.zip", [
    ("01-socket/sockets.c", os.path.join(reference, "sockets.c"),
     stat.S_IFLNK | 0o777)])
honest_tar("device.tar.gz", [
    ({"name": "01-socket/null", "type": tarfile.CHRTYPE, "devmajor": 1,
      "devminor": 3}, None)])
honest_tar("fifo.tar.gz", [
    ({"name": "01-socket/fifo", "type": tarfile.FIFOTYPE}, None)])
honest_tar("deep.tar.gz", [({"name": "d/" * 40 + "x.c"}, b"x")])
honest_tar("many.tar.gz",
           [({"name": f"01-socket/f{i}.txt"}, b"") for i in range(5000)])
# The same path twice: the second would replace the first.
honest_tar("twice.tar.gz", [({"name": "01-socket/sockets.c"}, skeleton_c)])
# Duplicate students: alice/ and alice.zip; "b ob/" and "b_ob.tgz".
zipped("alice.zip", [("01-socket/sockets.c", sockets_c, reg)])
honest_tar("b_ob.tgz")
# Names that a shell or a spreadsheet would read, for honest work.
honest_tar("`touch PWNED-name`.tar.gz")
honest_tar("$(cd;touch PWNED-name).tgz")
zipped("=cmd|' calc'!A0.zip", [("01-socket/sockets.c", sockets_c, reg)])
honest_tar("-rf.tar.gz")
# A source file named to run a command when make builds it.
honest_tar("inject.tar.gz",
           [({"name": "01-socket/`id>PWNED-source`.c"},
             b"int x;\n")])
for broken in ("broken.zip", "-broken.tar.gz"):
    with open(os.path.join(class_dir, broken), "wb") as f:
        f.write(b"PK\x03\x04 not really an archive")
EOF
{ echo "   FAIL cannot build the hostile class"; exit 1; }
mkdir -p "$class/alice" "$class/b ob"
cp -r solutions/01-socket "$class/alice/"
cp -r solutions/01-socket "$class/b ob/"
ln -s "$PWD/solutions" "$class/linked"

if ! bash common/grade_all.sh "$grader" "$build" "$class" 2 1 01 1 \
    >"$work/grade-all.log" 2>&1; then
	echo "   FAIL grade-all did not finish (see $work/grade-all.log)"
	exit 1
fi

# Checks every row of the gradebook against what each entry deserves.
python3 - "$build/grade/grades.csv" <<'EOF' || status=1
import csv, re, sys


def name_of(entry):
    """grade_all.sh's name for an entry, for the odd names below."""
    for suffix in (".tar.gz", ".tgz", ".zip"):
        entry = entry[:-len(suffix)] if entry.endswith(suffix) else entry
    return re.sub(r"[^A-Za-z0-9._-]", "_", entry)


expected = [
    # name, how many rows, status (a regular expression), score
    ("honest", 1, r"graded", "full"),
    ("zipbomb", 1, r"refused: more than 32\.0 MiB unpacked", "0"),
    ("dotdot", 1, r"refused: a path with \.\.", "0"),
    ("classmate", 1, r"refused: a path with \.\.", "0"),
    ("absolute", 1, r"refused: an absolute path", "0"),
    ("symlink", 1, r"refused: a link \(only files and folders are taken\)",
     "0"),
    ("linkout", 1, r"refused: a link \(only", "0"),
    ("hardlink", 1, r"refused: a link \(only", "0"),
    ("ziplink", 1, r"refused: a link \(only", "0"),
    ("device", 1, r"refused: a device file", "0"),
    ("fifo", 1, r"refused: a FIFO", "0"),
    ("deep", 1, r"refused: folders nested deeper than 8 levels", "0"),
    ("many", 1, r"refused: more than 2000 files and folders", "0"),
    ("twice", 1, r"refused: a path given twice", "0"),
    ("alice", 2, r"refused: another submission is also named alice "
     r"\(this one: alice(/|\.zip)\)", "0"),
    ("b_ob", 2, r"refused: another submission is also named b_ob "
     r"\(this one: (b ob/|b_ob\.tgz)\)", "0"),
    (name_of("`touch PWNED-name`.tar.gz"), 1, r"graded", "full"),
    (name_of("$(cd;touch PWNED-name).tgz"), 1, r"graded", "full"),
    (name_of("=cmd|' calc'!A0.zip"), 1, r"graded", "full"),
    ("'" + name_of("-rf.tar.gz"), 1, r"graded", "full"),
    ("inject", 1, r"graded", "full"),
    ("broken", 1, r"unpack_failed", "0"),
    ("'-broken", 1, r"unpack_failed", "0"),
    ("linked", 1, r"refused: a link", "0"),
]
with open(sys.argv[1], newline="") as f:
    rows = list(csv.reader(f))
header, rows = rows[0], rows[1:]
failed = 0
for name, count, status, score in expected:
    mine = [r for r in rows if r[0] == name]
    problems = []
    if len(mine) != count:
        problems.append(f"{len(mine)} rows, expected {count}")
    for r in mine:
        total, top = r[-3], r[-2]
        if not re.match(status, r[-1]):
            problems.append(f"status \"{r[-1]}\"")
        if score == "full" and (total != top or top in ("0", "")):
            problems.append(f"{total}/{top}, expected full marks")
        if score == "0" and total != "0":
            problems.append(f"{total} points, expected none")
    if len(set(map(tuple, mine))) != len(mine):
        problems.append("identical rows: which is which?")
    if problems:
        print(f"   FAIL {name}: " + "; ".join(problems))
        failed = 1
    else:
        print(f"   ok   {name}: {mine[0][-1]}"
              + (f" ({count} rows)" if count > 1 else ""))
names = {e[0] for e in expected}
for r in rows:
    if r[0] not in names:
        print(f"   FAIL unexpected row {r}")
        failed = 1
for r in [header] + rows:
    for field in r:
        if field[:1] in ("=", "+", "-", "@"):
            print(f"   FAIL a field starts a formula: {field!r}")
            failed = 1
sys.exit(failed)
EOF

# A source file's name reached make's shell (issue 11, section 2).
if [ -e PWNED-source ]; then
	echo "   FAIL a source named \`id>PWNED-source\`.c ran a command at" \
	    "build time: the grader must take sources with files_copy_sources"
	status=1
fi

# Nothing landed outside: the paths aimed at, and no big file anywhere.
for path in "${escapes[@]}"; do
	if [ -e "$path" ]; then
		echo "   FAIL a submission wrote $path"
		status=1
	fi
done
found=$(find "$build" "$PWD" /tmp -maxdepth 8 -name 'PWNED-*' 2>/dev/null |
    head -n 3)
if [ -n "$found" ]; then
	echo "   FAIL a submission's name ran a command: $found"
	status=1
fi
big=$(find "$build/grade-all" -size +32M 2>/dev/null | head -n 1)
bomb_kib=$(du -sk "$build/grade-all/zipbomb" | cut -f 1)
if [ -n "$big" ] || [ "$bomb_kib" -gt 1024 ] ||
    [ -e "$build/grade-all/zipbomb/tree" ]; then
	echo "   FAIL the zip bomb was written: ${big:-${bomb_kib} KiB}"
	status=1
fi
if [ "$(cat "$class/honest/01-socket/sockets.c")" != \
    "$(cat solutions/01-socket/sockets.c)" ]; then
	echo "   FAIL a classmate changed honest's submission"
	status=1
fi
[ $status = 0 ] && echo "   ok   nothing written outside $build, no zip bomb on disk"
rm -f "${escapes[@]}" PWNED-source
exit $status
