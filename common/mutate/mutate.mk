# Mutation testing of the labs' tests (issue 12): socklab-mutate makes
# one-change mutants of each reference solution inside its TODO blocks;
# mutate.sh grades each with the real grader and the hidden tests.
#
#   make mutate [LAB=NN]   every mutant; per lab: mutants, stillborn,
#                          killed, surviving, equivalent and the kill rate;
#                          each survivor with its diff (build/mutate/)
#   make check-mutate      a fixed sample of MUTATE_SAMPLE mutants per lab,
#                          each of which must be killed

MUTATE_SRCS   := $(wildcard common/mutate/*.c)
MUTATE        := $(BUILD)/bin/socklab-mutate
MUTATE_SAMPLE ?= 3

$(MUTATE): $(MUTATE_SRCS:%.c=$(BUILD)/obj/%.o) $(COMMON_LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^

ALL_TARGETS += $(MUTATE)

.PHONY: mutate-run check-mutate
mutate-run: $(GRADER) $(MUTATE)
	@echo "== mutation testing: each mutant of the references is graded"
	@bash common/mutate/mutate.sh $(GRADER) $(MUTATE) $(BUILD) "$(LAB)"

check-mutate: $(GRADER) $(MUTATE)
	@echo "== mutation sample: $(MUTATE_SAMPLE) mutants per lab, each killed"
	@bash common/mutate/mutate.sh $(GRADER) $(MUTATE) $(BUILD) "" \
	    $(MUTATE_SAMPLE)

# `make mutate` first makes sure the libraries exist, as the entry targets
# of the top Makefile do.
.PHONY: mutate
mutate: deps
	@$(MAKE) --no-print-directory $@-run
