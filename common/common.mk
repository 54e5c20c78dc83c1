# common/: the shared library, the test support library, the grader, and
# their unit tests. Included by the top Makefile after config.mk.

# Objects: $(BUILD)/obj/<path>.o for the normal build, $(BUILD)/asan/obj/...
# for the ASan+UBSan build that `make check` also runs.
$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/asan/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(SANITIZE) -MMD -MP -c -o $@ $<

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# libsocklab.a: error helpers and robust I/O, for every program and test.
COMMON_SRCS := common/diag.c common/rio.c
COMMON_LIB      := $(BUILD)/lib/libsocklab.a
COMMON_LIB_ASAN := $(BUILD)/asan/lib/libsocklab.a

$(COMMON_LIB): $(COMMON_SRCS:%.c=$(BUILD)/obj/%.o)
	@mkdir -p $(@D)
	$(AR) rcs $@ $^

$(COMMON_LIB_ASAN): $(COMMON_SRCS:%.c=$(BUILD)/asan/obj/%.o)
	@mkdir -p $(@D)
	$(AR) rcs $@ $^

ALL_TARGETS += $(COMMON_LIB)

# The sandbox student code runs in (bubblewrap + seccomp), shared by the
# grader (which compiles student code in it) and the test programs (which
# start the workers in it).
SANDBOX_SRCS := $(wildcard common/sandbox/*.c)
$(SANDBOX_SRCS:%.c=$(BUILD)/obj/%.o) \
$(SANDBOX_SRCS:%.c=$(BUILD)/asan/obj/%.o): CFLAGS += $(SECCOMP_CFLAGS)

# The grader behind `make grade`.
GRADER_SRCS := $(wildcard common/grader/*.c) $(SANDBOX_SRCS)
GRADER      := $(BUILD)/bin/socklab-grade

$(GRADER): $(GRADER_SRCS:%.c=$(BUILD)/obj/%.o) $(COMMON_LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(SECCOMP_LIBS)

ALL_TARGETS += $(GRADER)

# make grade [LAB=NN] [SUBMISSION=DIR]: hidden tests come from solutions/
# when this tree has it (an instructor's checkout), never from SUBMISSION.
SUBMISSION ?= labs
LAB        ?=
HIDDEN_TESTS := $(wildcard solutions)

.PHONY: grade-run
grade-run: $(GRADER)
	@mkdir -p $(BUILD)/grade
	@$(GRADER) --submission "$(SUBMISSION)" --lab "$(LAB)" \
	    --hidden "$(HIDDEN_TESTS)" --timeout-scale $(TIMEOUT_SCALE) \
	    --build $(BUILD) --report $(BUILD)/grade/report.json

# --- make check: the project's own tests -------------------------------

# Unit tests of common/ and of the grader's modules (all but main.c).
COMMON_TEST_SRCS := $(wildcard common/tests/test_*.c)
GRADER_MODULES   := $(filter-out common/grader/main.c,$(GRADER_SRCS))
COMMON_TESTS      := $(BUILD)/tests/common-tests
COMMON_TESTS_ASAN := $(BUILD)/asan/tests/common-tests

$(COMMON_TEST_SRCS:%.c=$(BUILD)/obj/%.o) \
$(COMMON_TEST_SRCS:%.c=$(BUILD)/asan/obj/%.o) \
$(BUILD)/obj/common/test/wire.o \
$(BUILD)/asan/obj/common/test/wire.o: CFLAGS += $(CRITERION_CFLAGS)
$(BUILD)/obj/common/test/wire.o \
$(BUILD)/asan/obj/common/test/wire.o: CPPFLAGS += -I. $(PCAP_CFLAGS)

$(COMMON_TESTS): $(COMMON_TEST_SRCS:%.c=$(BUILD)/obj/%.o) \
                 $(GRADER_MODULES:%.c=$(BUILD)/obj/%.o) \
                 $(BUILD)/obj/common/test/wire.o \
                 $(BUILD)/obj/common/test/chaos.o $(BUILD)/lib/libtcpviz.a \
                 $(BUILD)/obj/common/test/sanitizer_report.o \
                 $(COMMON_LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(CRITERION_LIBS) $(PCAP_LIBS) \
	    $(SECCOMP_LIBS) -lpthread

$(COMMON_TESTS_ASAN): $(COMMON_TEST_SRCS:%.c=$(BUILD)/asan/obj/%.o) \
                      $(GRADER_MODULES:%.c=$(BUILD)/asan/obj/%.o) \
                      $(BUILD)/asan/obj/common/test/wire.o \
                      $(BUILD)/asan/obj/common/test/chaos.o \
                      $(BUILD)/asan/obj/common/test/sanitizer_report.o \
                      $(BUILD)/asan/lib/libtcpviz.a \
                      $(COMMON_LIB_ASAN)
	@mkdir -p $(@D)
	$(CC) $(SANITIZE) $(LDFLAGS) -o $@ $^ $(CRITERION_LIBS) $(PCAP_LIBS) \
	    $(SECCOMP_LIBS) -lpthread

.PHONY: check-common check-labs check-buggy check-hostile check-unprivileged \
        check-class
CHECK_TARGETS += check-common check-labs check-buggy check-hostile \
                 check-unprivileged check-class

check-common: $(COMMON_TESTS) $(COMMON_TESTS_ASAN)
	@echo "== unit tests of common/ (plain, then ASan+UBSan)"
	@$(COMMON_TESTS) --jobs=2 -S
	@LSAN_OPTIONS=suppressions=$(CURDIR)/common/tests/lsan.supp:print_suppressions=0 \
	    $(COMMON_TESTS_ASAN) --jobs=2 -S

# Every lab: the reference scores full marks and the untouched skeleton
# zero, in the normal and in the sanitizer build, with warnings as errors.
CHECK_GRADE = $(GRADER) --hidden solutions --strict --build $(BUILD) \
              --timeout-scale $(TIMEOUT_SCALE)

check-labs: $(GRADER)
	@mkdir -p $(BUILD)/check
	@echo "== every lab: solutions full marks, skeletons zero (plain, asan)"
	@for variant in plain asan; do \
	    $(CHECK_GRADE) --variant $$variant --submission solutions \
	        --expect full --report $(BUILD)/check/solutions-$$variant.json \
	        > $(BUILD)/check/solutions-$$variant.log || \
	        { cat $(BUILD)/check/solutions-$$variant.log; exit 1; }; \
	    $(CHECK_GRADE) --variant $$variant --submission labs \
	        --expect zero --report $(BUILD)/check/skeleton-$$variant.json \
	        > $(BUILD)/check/skeleton-$$variant.log || \
	        { cat $(BUILD)/check/skeleton-$$variant.log; exit 1; }; \
	    tail -n 1 $(BUILD)/check/solutions-$$variant.log | \
	        sed "s/^/   $$variant solutions: /"; \
	    tail -n 1 $(BUILD)/check/skeleton-$$variant.log | \
	        sed "s/^/   $$variant skeletons: /"; \
	done

# These grade again what check-labs built; after it, they only read the
# shared test objects (and check-unprivileged compares with its scores).
check-buggy check-hostile check-unprivileged check-class: check-labs

# The prose against the tree: each lab's handout and the anchors its tests
# cite, and the points in the README and the instructor guide against
# those the tests declare (from check-labs' report).
.PHONY: check-labmeta
CHECK_TARGETS += check-labmeta
check-labmeta: check-labs
	@echo "== lab metadata: handouts, cited anchors, points in the prose"
	@python3 common/tests/labmeta.py $(BUILD)/check/solutions-plain.json

# Buggy variants of the references: each loses points with its hint.
check-buggy: $(GRADER)
	@echo "== buggy variants: each classic mistake is caught and named"
	@bash common/tests/buggy.sh $(GRADER) $(BUILD)

# Hostile submissions: each must fail the way it should, and leave nothing.
# Then one attack per class on the grader itself (issue 11), and the same
# attacks without the sandbox, where they must work: the tests can fail.
check-hostile: $(GRADER)
	@echo "== hostile submissions (loops, crashes, fork bombs, ...)"
	@sh common/tests/hostile.sh $(GRADER) $(BUILD)
	@echo "== attacks on the grader (forgery, names, build, sandbox, secrets)"
	@bash common/tests/attacks.sh $(GRADER) $(BUILD)
	@CONTROL=1 bash common/tests/attacks.sh $(GRADER) $(BUILD) \
	    escape secrets incbin

# The same grades for an ordinary user (only meaningful when run as root).
check-unprivileged: $(GRADER)
	@sh common/tests/unprivileged.sh $(BUILD)

# make grade-all SUBMISSIONS=DIR [JOBS=N] [FORCE=1] [LAB=NN]: a whole class.
SUBMISSIONS ?=
JOBS        ?= $(shell nproc 2>/dev/null || echo 2)
FORCE       ?=

.PHONY: grade-all-run
grade-all-run: $(GRADER)
	@test -n "$(SUBMISSIONS)" || \
	    { echo "usage: make grade-all SUBMISSIONS=DIR [JOBS=N] [FORCE=1]"; exit 2; }
	@bash common/grade_all.sh $(GRADER) $(BUILD) "$(SUBMISSIONS)" \
	    "$(JOBS)" "$(FORCE)" "$(LAB)" $(TIMEOUT_SCALE)

# A class graded in parallel gets the grades each submission gets alone.
check-class: $(GRADER)
	@echo "== grade-all: a small class in parallel, same as one by one"
	@sh common/tests/class.sh $(GRADER) $(BUILD)

# make bench-grade: submissions per minute for a class of 30 (grade-all).
.PHONY: bench-grade-run
bench-grade-run: $(GRADER)
	@bash common/bench_class.sh $(GRADER) $(BUILD) "$(JOBS)"

# Hostile archives in a class: each refused with its own gradebook row,
# nothing written outside the build directory, honest work still full marks.
.PHONY: check-archives
CHECK_TARGETS += check-archives
check-archives: check-labs
check-archives: $(GRADER)
	@echo "== grade-all: hostile archives refused, classmates unharmed"
	@bash common/tests/archives.sh $(GRADER) $(BUILD)
