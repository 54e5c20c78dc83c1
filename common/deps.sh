#!/bin/sh
# make deps: check the libraries socklab builds against, with pkg-config,
# and the tools its tests drive.
# As root with apt-get, install what is missing; otherwise print the exact
# install commands and fail, so nothing half-builds on a machine without them.
# Cheap when everything is present: one pkg-config call per library.

# pkg-config module : Debian package : Fedora package : Homebrew formula
LIBS="criterion:libcriterion-dev:criterion-devel:criterion
libpcap:libpcap-dev:libpcap-devel:libpcap
ncursesw:libncurses-dev:ncurses-devel:ncurses
libseccomp:libseccomp-dev:libseccomp-devel:libseccomp"

missing_deb=""
missing_list=""

if ! command -v pkg-config >/dev/null 2>&1; then
	missing_deb="pkg-config"
	missing_list="pkg-config"
fi

for entry in $LIBS; do
	module=${entry%%:*}
	if command -v pkg-config >/dev/null 2>&1 &&
	    pkg-config --exists "$module" 2>/dev/null; then
		continue
	fi
	rest=${entry#*:}
	missing_deb="$missing_deb ${rest%%:*}"
	missing_list="$missing_list $module"
done

# Tools: bubblewrap builds the sandbox student code runs in; the tests
# drive tcpviz's screen inside tmux.
for entry in bwrap:bubblewrap tmux:tmux; do
	tool=${entry%%:*}
	if ! command -v "$tool" >/dev/null 2>&1; then
		missing_deb="$missing_deb ${entry#*:}"
		missing_list="$missing_list $tool"
	fi
done

[ -z "$missing_list" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "deps: installing$missing_deb (missing:$missing_list)"
	export DEBIAN_FRONTEND=noninteractive
	log=$(mktemp)
	if apt-get update -qq >"$log" 2>&1 &&
	    apt-get install -y -qq --no-install-recommends $missing_deb \
	    >>"$log" 2>&1; then
		rm -f "$log"
		exit 0
	fi
	cat "$log" >&2
	rm -f "$log"
	echo "deps: apt-get could not install$missing_deb" >&2
	exit 1
fi

cat >&2 <<MSG
socklab needs these libraries and tools, which are missing:$missing_list
Install them, then run make again:
  Debian/Ubuntu: sudo apt-get install pkg-config libcriterion-dev libpcap-dev libncurses-dev libseccomp-dev bubblewrap tmux
  Fedora:        sudo dnf install pkgconf-pkg-config criterion-devel libpcap-devel ncurses-devel libseccomp-devel bubblewrap tmux
  macOS:         brew install pkg-config criterion libpcap ncurses tmux
                 (grading needs Linux: bubblewrap and seccomp are Linux-only)
MSG
exit 1
