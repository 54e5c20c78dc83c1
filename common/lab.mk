# Builds one lab's test program against one submission. The grader runs:
#
#   make -f common/lab.mk LAB=01-socket SRC=<scratch> OUT=<dir> plan|tests
#        [VARIANT=plain|asan] [HIDDEN_ROOT=solutions] [STRICT=1]
#
# SRC is the grader's scratch copy of the submission's lab: the student's
# .c files beside the grader's own headers. The tests always come from the
# grader's tree (TESTS_ROOT, plus HIDDEN_ROOT when it has the lab), never
# from the submission.
#
#   plan   the tests linked with the lab's own skeleton: lists the tests
#          and their points without running student code.
#   tests  the tests linked with the submission: $(OUT)/run-tests.

include config.mk

MAKEFLAGS += --no-builtin-rules
.SUFFIXES:
.DELETE_ON_ERROR:
.PHONY: plan tests

TESTS_ROOT  ?= labs
HIDDEN_ROOT ?=
VARIANT     ?= plain
STRICT      ?=

LAB_DIR    := $(TESTS_ROOT)/$(LAB)
HIDDEN_DIR := $(if $(HIDDEN_ROOT),$(wildcard $(HIDDEN_ROOT)/$(LAB)/tests))
TEST_SRCS  := $(wildcard $(LAB_DIR)/tests/*.c) \
              $(if $(HIDDEN_DIR),$(wildcard $(HIDDEN_DIR)/*.c))
# Every file of common/test/ is linked in (the report hook must be: it is
# reached through Criterion's hook section, not through a call).
# tcpviz's decoder prints the wire traces of failing tests.
SUPPORT_SRCS := $(wildcard common/test/*.c) common/rio.c common/diag.c \
                viz/linktype.c viz/decode.c viz/track.c viz/ui_text.c
SKELETON_SRCS := $(wildcard $(LAB_DIR)/*.c)
STUDENT_SRCS  := $(wildcard $(SRC)/*.c)

VARIANT_FLAGS := $(if $(filter asan,$(VARIANT)),$(SANITIZE))
# Student code gets every warning, but a warning only fails the build in
# STRICT mode (make check on our own solutions and skeletons).
STUDENT_CFLAGS := $(CSTD) $(filter-out -Werror,$(WARNINGS)) $(OPT) \
                  $(if $(STRICT),-Werror) $(VARIANT_FLAGS)
TEST_CFLAGS    := $(CFLAGS) $(VARIANT_FLAGS) $(CRITERION_CFLAGS) $(PCAP_CFLAGS)
LIBS           := $(CRITERION_LIBS) $(PCAP_LIBS)

OBJ_ROOT := $(BUILD)/grade/objs/$(VARIANT)
TEST_OBJS     := $(TEST_SRCS:%.c=$(OBJ_ROOT)/%.o)
SUPPORT_OBJS  := $(SUPPORT_SRCS:%.c=$(OBJ_ROOT)/%.o)
SKELETON_OBJS := $(SKELETON_SRCS:%.c=$(OBJ_ROOT)/%.o)
STUDENT_OBJS  := $(patsubst $(SRC)/%.c,$(OUT)/obj/%.o,$(STUDENT_SRCS))

PLAN_BIN  := $(BUILD)/grade/plan/$(VARIANT)/$(LAB)$(if $(HIDDEN_DIR),-all,-public)
TESTS_BIN := $(OUT)/run-tests

plan: $(PLAN_BIN)
tests: $(TESTS_BIN)

$(PLAN_BIN): $(TEST_OBJS) $(SUPPORT_OBJS) $(SKELETON_OBJS)
	@mkdir -p $(@D)
	$(CC) $(VARIANT_FLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(TESTS_BIN): $(TEST_OBJS) $(SUPPORT_OBJS) $(STUDENT_OBJS)
	@mkdir -p $(@D)
	$(CC) $(VARIANT_FLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

# Tests and support code: the project's own, held to the project's flags.
$(OBJ_ROOT)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -I. -I$(LAB_DIR) $(TEST_CFLAGS) -MMD -MP -c -o $@ $<

# The lab's skeleton, compiled like student code (for the plan program).
$(SKELETON_OBJS): $(OBJ_ROOT)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(FEATURES) -I$(LAB_DIR) $(STUDENT_CFLAGS) -MMD -MP -c -o $@ $<

$(OUT)/obj/%.o: $(SRC)/%.c
	@mkdir -p $(@D)
	$(CC) $(FEATURES) -I$(SRC) $(STUDENT_CFLAGS) -MMD -MP -c -o $@ $<

-include $(TEST_OBJS:.o=.d) $(SUPPORT_OBJS:.o=.d) $(SKELETON_OBJS:.o=.d) \
         $(STUDENT_OBJS:.o=.d)
