# Mutation testing of the labs' tests (issue 12): socklab-mutate makes
# one-change mutants of each reference solution inside its TODO blocks;
# mutate.sh grades each with the real grader and the hidden tests.
#
#   make mutate [LAB=NN]   every mutant; per lab: mutants, stillborn,
#                          killed, surviving, equivalent and the kill rate;
#                          each survivor with its diff (build/mutate/)
#   make check-mutate      a fixed sample of MUTATE_SAMPLE mutants in each
#                          lab of MUTATE_CHECK_LABS, each of which must be
#                          killed (part of make check)

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

# The labs whose every surviving mutant is killed or listed as equivalent;
# a lab joins when `make mutate LAB=NN` shows no unlisted survivor.
MUTATE_CHECK_LABS ?= 01 02 03

CHECK_TARGETS += check-mutate
# After check-labs: it has built the tests the sample is graded with.
check-mutate: check-labs
check-mutate: $(GRADER) $(MUTATE)
	@echo "== mutation sample: $(MUTATE_SAMPLE) mutants of labs" \
	    "$(MUTATE_CHECK_LABS), each killed"
	@status=0; for lab in $(MUTATE_CHECK_LABS); do \
	    MUTATE_OUT=$(BUILD)/mutate-sample bash common/mutate/mutate.sh \
	        $(GRADER) $(MUTATE) $(BUILD) $$lab $(MUTATE_SAMPLE) || \
	        status=1; \
	done; exit $$status

# `make mutate` first makes sure the libraries exist, as the entry targets
# of the top Makefile do.
.PHONY: mutate
mutate: deps
	@$(MAKE) --no-print-directory $@-run
