#!/usr/bin/env python3
"""Unpacks one submission for grade-all, within limits.

    usage: unpack.py SOURCE DEST

SOURCE is a directory, a .tar.gz/.tgz or a .zip; DEST must not exist. The
whole listing is checked before a byte is written: total size, number of
entries, nesting depth, name lengths; no absolute paths, no "..", no links,
no devices, FIFOs or sockets, no path given twice. Then only regular files
and directories are written, each opened fresh (never through a link),
and never more bytes than the listing promised. Names starting with "."
(.git, .DS_Store) are checked and counted but not copied.

A tree holding a single folder (and no lab folder) is graded from inside
it: DEST is that folder.

Exit status: 0 unpacked; 3 refused (a limit was hit: the reason, one line
of plain ASCII, on stdout); 4 unreadable (not an archive, corrupt); 2 usage.
Details with the offending names go to stderr (the grade log).
"""

import errno
import gzip
import os
import re
import resource
import shutil
import signal
import stat
import sys
import tarfile
import zipfile
import zlib

# The limits: far above an honest submission (the references of all six
# labs are 74 entries, 160 KB, 3 levels deep).
MAX_BYTES = 32 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_DEPTH = 8
MAX_NAME = 255
CHUNK = 64 * 1024

REFUSED, UNREADABLE = 3, 4


class Refused(Exception):
    """A limit was hit; str() is the gradebook's reason, detail the log's."""

    def __init__(self, reason, detail=""):
        super().__init__(reason)
        self.detail = detail


def shown(name):
    """A name as plain ASCII, for the log: no byte can steer a terminal."""
    if isinstance(name, bytes):
        name = name.decode("utf-8", "replace")
    return name.encode("ascii", "backslashreplace").decode("ascii") \
        .replace("\n", "\\n").replace("\r", "\\r").replace("\x1b", "\\x1b")


def size_text(n):
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB"):
        if n < 1024 or unit == "TiB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


class Listing:
    """The entries seen so far, checked against every limit as they come."""

    def __init__(self):
        self.kinds = {}     # path (tuple of components) -> "file" / "dir"
        self.total = 0

    def components(self, name):
        if name.startswith("/"):
            raise Refused("an absolute path", shown(name))
        parts = [p for p in name.split("/") if p not in ("", ".")]
        if ".." in parts:
            raise Refused("a path with ..", shown(name))
        if len(parts) > MAX_DEPTH:
            raise Refused(f"folders nested deeper than {MAX_DEPTH} levels",
                          shown(name))
        for part in parts:
            if len(part.encode("utf-8", "surrogateescape")) > MAX_NAME:
                raise Refused(f"a name longer than {MAX_NAME} bytes",
                              shown(name))
        return tuple(parts)

    def add(self, name, kind, size=0):
        """Records an entry; returns its path, or None for the top itself."""
        path = self.components(name)
        if not path:
            return None
        for i in range(1, len(path) + 1):
            prefix, is_last = path[:i], i == len(path)
            seen = self.kinds.get(prefix)
            want = kind if is_last else "dir"
            if seen == "file" or (seen is not None and want == "file"):
                raise Refused("a path given twice", shown(name))
            if seen is None:
                self.kinds[prefix] = want
        if len(self.kinds) > MAX_ENTRIES:
            raise Refused(f"more than {MAX_ENTRIES} files and folders")
        if kind == "file":
            self.total += size
            if size > MAX_BYTES or self.total > MAX_BYTES:
                raise Refused(f"more than {size_text(MAX_BYTES)} unpacked",
                              f"{shown(name)}: {size} bytes")
        return path


def type_refusal(what, name):
    return Refused(f"a {what} (only files and folders are taken)", shown(name))


class LimitedReader:
    """A decompressed stream that refuses to yield more than limit bytes."""

    def __init__(self, stream, limit):
        self.stream = stream
        self.left = limit

    def read(self, n=-1):
        if n is None or n < 0 or n > self.left:
            n = self.left + 1
        data = self.stream.read(n)
        self.left -= len(data)
        if self.left < 0:
            raise Refused(f"more than {size_text(MAX_BYTES)} unpacked",
                          "the decompressed stream")
        return data


# A tar stream is headers and data: the bytes, plus 512 per header and as
# much again for padding and long-name or pax records.
TAR_STREAM_LIMIT = MAX_BYTES + (MAX_ENTRIES + 8) * 2048


def tar_entries(path):
    """Yields (member, reader) from the .tar.gz at path, in stream order."""
    with gzip.open(path, "rb") as raw:
        stream = LimitedReader(raw, TAR_STREAM_LIMIT)
        with tarfile.open(fileobj=stream, mode="r|") as tar:
            for member in tar:
                yield member, tar


def tar_pass(path, listing, writer):
    for member, tar in tar_entries(path):
        name = member.name
        if member.issym() or member.islnk():
            raise type_refusal("link", f"{name} -> {member.linkname}")
        if member.ischr() or member.isblk():
            raise type_refusal("device file", name)
        if member.isfifo():
            raise type_refusal("FIFO", name)
        if member.isdir():
            entry = listing.add(name, "dir")
            if entry and writer:
                writer.directory(entry)
        elif member.isreg():
            entry = listing.add(name, "file", member.size)
            if entry and writer:
                writer.file(entry, tar.extractfile(member), member.size)
        else:
            raise type_refusal("special entry", name)


def zip_pass(path, listing, writer):
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            name = info.filename
            mode = info.external_attr >> 16
            kind = stat.S_IFMT(mode)
            if info.flag_bits & 0x1:
                raise Refused("an encrypted entry", shown(name))
            if kind == stat.S_IFLNK:
                raise type_refusal("link", name)
            if kind in (stat.S_IFCHR, stat.S_IFBLK):
                raise type_refusal("device file", name)
            if kind == stat.S_IFIFO:
                raise type_refusal("FIFO", name)
            if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
                raise type_refusal("special entry", name)
            if info.is_dir() or kind == stat.S_IFDIR:
                entry = listing.add(name, "dir")
                if entry and writer:
                    writer.directory(entry)
            else:
                entry = listing.add(name, "file", info.file_size)
                if entry and writer:
                    with archive.open(info) as data:
                        writer.file(entry, data, info.file_size)


def tree_pass(root, listing, writer, parts=()):
    """Walks a submitted folder without following a link."""
    here = os.path.join(root, *parts)
    with os.scandir(here) as it:
        entries = sorted(it, key=lambda e: e.name)
    for e in entries:
        if e.name.startswith("."):
            continue
        name = "/".join(parts + (e.name,))
        st = e.stat(follow_symlinks=False)
        if stat.S_ISLNK(st.st_mode):
            raise type_refusal("link", name)
        if stat.S_ISDIR(st.st_mode):
            entry = listing.add(name, "dir")
            if writer:
                writer.directory(entry)
            tree_pass(root, listing, writer, parts + (e.name,))
        elif stat.S_ISREG(st.st_mode):
            entry = listing.add(name, "file", st.st_size)
            if writer:
                fd = os.open(e.path, os.O_RDONLY | os.O_NOFOLLOW |
                             os.O_NONBLOCK | os.O_CLOEXEC)
                with os.fdopen(fd, "rb") as data:
                    if not stat.S_ISREG(os.fstat(fd).st_mode):
                        raise type_refusal("special entry", name)
                    writer.file(entry, data, st.st_size)
        elif stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
            raise type_refusal("device file", name)
        elif stat.S_ISFIFO(st.st_mode):
            raise type_refusal("FIFO", name)
        else:
            raise type_refusal("special entry", name)


class Writer:
    """Writes checked entries under a fresh directory it alone creates."""

    def __init__(self, top):
        self.top = top
        os.mkdir(top, 0o755)

    def skipped(self, entry):
        return any(part.startswith(".") for part in entry)

    def directory(self, entry):
        if self.skipped(entry):
            return
        path = self.top
        for part in entry:
            path = os.path.join(path, part)
            try:
                os.mkdir(path, 0o755)
            except FileExistsError:
                if not stat.S_ISDIR(os.lstat(path).st_mode):
                    raise Refused("a path given twice", shown(path))

    def file(self, entry, data, size):
        if self.skipped(entry):
            return
        self.directory(entry[:-1])
        path = os.path.join(self.top, *entry)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL |
                     os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        written = 0
        with os.fdopen(fd, "wb") as out:
            while True:
                chunk = data.read(min(CHUNK, size - written + 1))
                if not chunk:
                    break
                written += len(chunk)
                if written > size:
                    raise Refused("an entry larger than its listing says",
                                  shown("/".join(entry)))
                out.write(chunk)


def one_pass(source, writer):
    listing = Listing()
    if os.path.isdir(source):
        tree_pass(source, listing, writer)
    elif source.endswith((".tar.gz", ".tgz")):
        tar_pass(source, listing, writer)
    elif source.endswith(".zip"):
        zip_pass(source, listing, writer)
    else:
        raise Refused("not a folder, .tar.gz, .tgz or .zip")


def lift_lone_folder(staging, dest):
    """Moves the tree to dest, from inside a lone top-level folder."""
    inside = os.listdir(staging)
    lab = re.compile(r"[0-9][0-9]-")
    if len(inside) == 1 and not lab.match(inside[0]) and \
            stat.S_ISDIR(os.lstat(os.path.join(staging, inside[0])).st_mode):
        os.rename(os.path.join(staging, inside[0]), dest)
        os.rmdir(staging)
    else:
        os.rename(staging, dest)


def limit_self():
    """Belt and braces: a bug above still cannot fill a disk or memory."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # EFBIG instead
    resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_BYTES + 1, MAX_BYTES + 1))
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
    resource.setrlimit(resource.RLIMIT_CPU, (120, 120))


def unpack(source, dest):
    """Checks, then writes, the submission at source; returns 0."""
    staging = dest + ".unpacking"
    try:
        one_pass(source, None)              # the whole listing, checked
        one_pass(source, Writer(staging))   # then the writing, checked again
        lift_lone_folder(staging, dest)
        return 0
    except BaseException:
        # What was written holds no link: removing it cannot reach out.
        shutil.rmtree(staging, ignore_errors=True)
        raise


def main(argv):
    if len(argv) != 3:
        print("usage: unpack.py SOURCE DEST", file=sys.stderr)
        return 2
    source = argv[1]
    limit_self()
    if os.path.islink(source):
        print("refused: a link (only files and folders are taken)")
        return REFUSED
    try:
        return unpack(source, argv[2])
    except Refused as why:
        print(f"refused: {why}")
        print(f"unpack: refused {shown(source)}: {why}"
              f"{': ' + why.detail if why.detail else ''}", file=sys.stderr)
        return REFUSED
    except MemoryError:
        # A listing of millions of entries, under RLIMIT_AS.
        print(f"refused: more than {MAX_ENTRIES} files and folders")
        return REFUSED
    except (tarfile.TarError, zipfile.BadZipFile, zlib.error, EOFError,
            gzip.BadGzipFile, NotImplementedError, UnicodeError) as why:
        print("cannot be unpacked (not a valid archive)")
        print(f"unpack: {shown(source)}: {shown(str(why))}", file=sys.stderr)
        return UNREADABLE
    except OSError as why:
        if why.errno == errno.EFBIG:
            # Only if the checks above missed something: RLIMIT_FSIZE.
            print(f"refused: a file grew past {size_text(MAX_BYTES)}")
            return REFUSED
        print("cannot be unpacked (not a valid archive)")
        print(f"unpack: {shown(source)}: {shown(str(why))}", file=sys.stderr)
        return UNREADABLE


if __name__ == "__main__":
    sys.exit(main(sys.argv))
