# make gradescope: the autograder zip to upload to Gradescope. Gradescope
# unpacks it into /autograder/source: the whole tree (with solutions/ for
# the hidden tests: the zip is for staff only), plus setup.sh and
# run_autograder at its top.

GRADESCOPE_ZIP := $(BUILD)/gradescope/socklab-autograder.zip

.PHONY: gradescope-run check-gradescope
gradescope-run: $(GRADESCOPE_ZIP)
	@echo "Gradescope autograder: $(GRADESCOPE_ZIP)"

$(GRADESCOPE_ZIP): $(shell git ls-files 2>/dev/null) \
    $(wildcard .git/index)
	@rm -rf $(BUILD)/gradescope/stage
	@mkdir -p $(BUILD)/gradescope/stage
	@git ls-files -z | xargs -0 cp --parents -t $(BUILD)/gradescope/stage
	@cp common/gradescope/setup.sh common/gradescope/run_autograder \
	    $(BUILD)/gradescope/stage/
	@rm -f $@
	@cd $(BUILD)/gradescope/stage && \
	    if command -v zip >/dev/null 2>&1; then \
	        zip -qr ../$(notdir $@) .; \
	    else \
	        python3 -m zipfile -c ../$(notdir $@) $$(ls -A); \
	    fi

# Runs the autograder on a fake /autograder: the reference uploaded as bare
# files must score full marks in a results.json that Gradescope accepts.
CHECK_TARGETS += check-gradescope
check-gradescope: $(GRADESCOPE_ZIP) $(GRADER) | check-labs
	@echo "== Gradescope autograder: results.json for an uploaded reference"
	@sh common/tests/gradescope.sh $(GRADESCOPE_ZIP) $(BUILD)
