# socklab: labs, grader and visualizer in one GNU Make build.
# Settings live in config.mk; `make help` lists the targets.

include config.mk

.DEFAULT_GOAL := all
MAKEFLAGS += --no-builtin-rules
.SUFFIXES:
.DELETE_ON_ERROR:

# What `make` builds and `make check` runs; the fragments below add to these.
ALL_TARGETS   :=
CHECK_TARGETS :=

include common/common.mk
include common/dist.mk
include common/gradescope/gradescope.mk
-include viz/viz.mk
-include common/mutate/mutate.mk

# The user-facing targets first make sure the libraries exist (`deps`),
# then re-enter make, so pkg-config flags are read once the libraries are
# there and a fresh machine needs no separate set-up step.
ENTRY_TARGETS := all check grade grade-all gradescope demo dist fuzz bench bench-grade setcap
.PHONY: $(ENTRY_TARGETS) deps help options clean

$(ENTRY_TARGETS): deps
	@$(MAKE) --no-print-directory $@-run

deps:
	@sh common/deps.sh

all-run: $(ALL_TARGETS)

check-run: $(CHECK_TARGETS)
	@echo "make check: all checks passed"

help:
	@echo "socklab $(VERSION): make targets"
	@echo "  make                 build the grader, the common library and tcpviz"
	@echo "  make check           the project's own tests (solutions full marks,"
	@echo "                       skeletons zero, unit tests, sanitizer build)"
	@echo "  make grade [LAB=NN] [SUBMISSION=DIR]"
	@echo "                       grade labs/ (or DIR); SUBMISSION=solutions grades"
	@echo "                       the reference; report in build/grade/report.json"
	@echo "  make grade-all SUBMISSIONS=DIR [JOBS=N] [FORCE=1] [LAB=NN]"
	@echo "                       grade a whole class in parallel; gradebook in"
	@echo "                       build/grade/grades.csv"
	@echo "  make gradescope      the Gradescope autograder zip"
	@echo "  make demo            the classroom handshake demo (tcpviz)"
	@echo "  make dist            the student tarball in build/dist/"
	@echo "  make setcap          let tcpviz capture without sudo (run as root)"
	@echo "  make fuzz            fuzz tcpviz's decoder (clang; FUZZ_TIME=60)"
	@echo "  make bench           tcpviz beside tcpdump on a loopback flood"
	@echo "  make bench-grade     grade-all speed on a class of 30 submissions"
	@echo "  make deps            check (and as root, install) the libraries"
	@echo "  make options         print the build settings"
	@echo "  make clean           remove build/"

options:
	@echo "CC       = $(CC)"
	@echo "CFLAGS   = $(CFLAGS)"
	@echo "CPPFLAGS = $(CPPFLAGS)"
	@echo "SANITIZE = $(SANITIZE)"
	@echo "criterion: $(CRITERION_CFLAGS) $(CRITERION_LIBS)"
	@echo "libpcap:   $(PCAP_CFLAGS) $(PCAP_LIBS)"
	@echo "ncursesw:  $(CURSES_CFLAGS) $(CURSES_LIBS)"

clean:
	rm -rf $(BUILD)
