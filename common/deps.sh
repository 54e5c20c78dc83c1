#!/bin/sh
# make deps: check the libraries socklab builds against, with pkg-config.
# As root with apt-get, install what is missing; otherwise print the exact
# install commands and fail, so nothing half-builds on a machine without them.
# Cheap when everything is present: one pkg-config call per library.

# pkg-config module : Debian package : Fedora package : Homebrew formula
LIBS="criterion:libcriterion-dev:criterion-devel:criterion
libpcap:libpcap-dev:libpcap-devel:libpcap
ncursesw:libncurses-dev:ncurses-devel:ncurses"

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

[ -z "$missing_list" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "deps: installing$missing_deb (missing:$missing_list)"
	export DEBIAN_FRONTEND=noninteractive
	if apt-get update -qq >/dev/null &&
	    apt-get install -y -qq --no-install-recommends $missing_deb >/dev/null; then
		exit 0
	fi
	echo "deps: apt-get could not install$missing_deb" >&2
	exit 1
fi

cat >&2 <<MSG
socklab needs these libraries, which pkg-config cannot find:$missing_list
Install them, then run make again:
  Debian/Ubuntu: sudo apt-get install pkg-config libcriterion-dev libpcap-dev libncurses-dev
  Fedora:        sudo dnf install pkgconf-pkg-config criterion-devel libpcap-devel ncurses-devel
  macOS:         brew install pkg-config criterion libpcap ncurses
MSG
exit 1
