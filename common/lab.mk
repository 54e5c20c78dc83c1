# Builds what grading one lab needs from the grader's own tree; nothing
# here reads a submission. The grader runs:
#
#   make -f common/lab.mk LAB=01-socket [VARIANT=plain|asan]
#        [HIDDEN_ROOT=solutions] tests support
#
#   tests    the trusted test program: the lab's tests (and the hidden ones
#            when HIDDEN_ROOT has them), the proxies and the test support.
#            It holds no student code, so it is built once per lab and
#            variant, not per submission.
#   support  what the student's code is linked with, inside the sandbox:
#            libworker.a (the worker's main and the lab's tests/worker.c)
#            and `flags`: the compiler, then its flags for student code,
#            one a line.

include config.mk
# For VIZ_FUZZ_SRCS: the wire traces of failing tests use tcpviz's decoder.
include viz/viz.mk

MAKEFLAGS += --no-builtin-rules
.SUFFIXES:
.DELETE_ON_ERROR:
.PHONY: tests support
.DEFAULT_GOAL := tests

TESTS_ROOT  ?= labs
HIDDEN_ROOT ?=
VARIANT     ?= plain

LAB_DIR    := $(TESTS_ROOT)/$(LAB)
HIDDEN_DIR := $(if $(HIDDEN_ROOT),$(wildcard $(HIDDEN_ROOT)/$(LAB)/tests))
# tests/worker.c is the worker's side of the calls: it goes with student code.
WORKER_SRC := $(LAB_DIR)/tests/worker.c
TEST_SRCS  := $(filter-out $(WORKER_SRC),$(wildcard $(LAB_DIR)/tests/*.c)) \
              $(if $(HIDDEN_DIR),$(wildcard $(HIDDEN_DIR)/*.c))
# Every file of common/test/ is linked in (the report hook must be: it is
# reached through Criterion's hook section, not through a call).
# tcpviz's decoder (and all it touches) decodes the wire traces.
SUPPORT_SRCS := $(wildcard common/test/*.c) common/rio.c common/diag.c \
                common/rpc/proxy.c common/rpc/channel.c \
                $(wildcard common/sandbox/*.c) $(VIZ_FUZZ_SRCS)
WORKER_LIB_SRCS := common/rpc/worker.c common/rpc/channel.c common/rio.c \
                   $(WORKER_SRC)

VARIANT_FLAGS := $(if $(filter asan,$(VARIANT)),$(SANITIZE))
TEST_CFLAGS   := $(CFLAGS) $(VARIANT_FLAGS) $(CRITERION_CFLAGS) $(PCAP_CFLAGS)
LIBS          := $(CRITERION_LIBS) $(PCAP_LIBS) $(SECCOMP_LIBS)
# Student code gets every warning; the grader adds -Werror in strict mode
# (make check on our own solutions and skeletons).
STUDENT_FLAGS := $(CSTD) $(filter-out -Werror,$(WARNINGS)) $(OPT) \
                 $(VARIANT_FLAGS) $(FEATURES)

OBJ_ROOT     := $(BUILD)/grade/objs/$(VARIANT)
TEST_OBJS    := $(TEST_SRCS:%.c=$(OBJ_ROOT)/%.o)
SUPPORT_OBJS := $(SUPPORT_SRCS:%.c=$(OBJ_ROOT)/%.o)
WORKER_OBJS  := $(WORKER_LIB_SRCS:%.c=$(OBJ_ROOT)/worker/%.o)

TESTS_BIN   := $(BUILD)/grade/tests/$(VARIANT)/$(LAB)$(if $(HIDDEN_DIR),-all,-public)
SUPPORT_DIR := $(BUILD)/grade/support/$(VARIANT)/$(LAB)

tests: $(TESTS_BIN)
support: $(SUPPORT_DIR)/libworker.a $(SUPPORT_DIR)/flags

# Linked under a temporary name, then renamed: a grader running these
# tests at that moment keeps the old file, never sees a half-written one.
$(TESTS_BIN): $(TEST_OBJS) $(SUPPORT_OBJS)
	@mkdir -p $(@D)
	$(CC) $(VARIANT_FLAGS) $(LDFLAGS) -o $@.$$$$ $^ $(LIBS) && \
	    mv -f $@.$$$$ $@

$(SUPPORT_DIR)/libworker.a: $(WORKER_OBJS)
	@mkdir -p $(@D)
	$(AR) rcs $@.$$$$ $^ && mv -f $@.$$$$ $@

# Rewritten only when the flags change (graders running side by side
# each write their own temporary file, then rename it into place).
$(SUPPORT_DIR)/flags: FORCE
	@mkdir -p $(@D)
	@tmp=$@.$$$$; printf '%s\n' $(CC) $(STUDENT_FLAGS) > $$tmp && \
	    { cmp -s $$tmp $@ && rm -f $$tmp || mv -f $$tmp $@; }

.PHONY: FORCE
FORCE:

# Tests and support code: the project's own, held to the project's flags.
$(OBJ_ROOT)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -I. -I$(LAB_DIR) $(TEST_CFLAGS) -MMD -MP -c -o $@ $<

# The worker's side: linked with student code, so built like it (the
# lab's header is the grader's copy, the same one the student's code sees).
$(OBJ_ROOT)/worker/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -I$(LAB_DIR) $(CFLAGS) $(VARIANT_FLAGS) -MMD -MP \
	    -c -o $@ $<

-include $(TEST_OBJS:.o=.d) $(SUPPORT_OBJS:.o=.d) $(WORKER_OBJS:.o=.d)
