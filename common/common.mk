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

# The grader behind `make grade`.
GRADER_SRCS := $(wildcard common/grader/*.c)
GRADER      := $(BUILD)/bin/socklab-grade

$(GRADER): $(GRADER_SRCS:%.c=$(BUILD)/obj/%.o) $(COMMON_LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^

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
