# socklab build settings: every flag lives here, the Makefiles only use them.
# Override on the command line, e.g. `make CC=clang` or `make OPT=-O0`.

VERSION   = 0.1.0

CC        = cc
CSTD      = -std=c11
WARNINGS  = -Wall -Wextra -Wpedantic -Werror -fno-common
# POSIX.1-2008 is the baseline; files that need Linux-only calls
# (unshare, prctl, sock_diag) define _GNU_SOURCE themselves.
FEATURES  = -D_POSIX_C_SOURCE=200809L
OPT       = -O2 -g
CFLAGS    = $(CSTD) $(WARNINGS) $(OPT)
CPPFLAGS  = $(FEATURES) -Icommon
LDFLAGS   =

# The sanitizer build of the tests (make check runs both builds).
SANITIZE  = -fsanitize=address,undefined -fno-omit-frame-pointer \
            -fno-sanitize-recover=all

# Everything generated goes under here (git-ignored).
BUILD     = build

# Libraries, found with pkg-config after `make deps` made sure they exist.
PKG_CONFIG = pkg-config
CRITERION_CFLAGS := $(shell $(PKG_CONFIG) --cflags criterion 2>/dev/null)
CRITERION_LIBS   := $(shell $(PKG_CONFIG) --libs criterion 2>/dev/null)
PCAP_CFLAGS      := $(shell $(PKG_CONFIG) --cflags libpcap 2>/dev/null)
PCAP_LIBS        := $(shell $(PKG_CONFIG) --libs libpcap 2>/dev/null || echo -lpcap)
CURSES_CFLAGS    := $(shell $(PKG_CONFIG) --cflags ncursesw 2>/dev/null)
CURSES_LIBS      := $(shell $(PKG_CONFIG) --libs ncursesw 2>/dev/null || echo -lncursesw)
SECCOMP_CFLAGS   := $(shell $(PKG_CONFIG) --cflags libseccomp 2>/dev/null)
SECCOMP_LIBS     := $(shell $(PKG_CONFIG) --libs libseccomp 2>/dev/null || echo -lseccomp)

# Grading: per-test limits are scaled by this factor on slow machines
# (e.g. `make grade TIMEOUT_SCALE=3`).
TIMEOUT_SCALE = 1
