# make dist: the student tarball. Everything a student needs to build and
# grade the labs; nothing that holds a reference answer (solutions/, with
# its hidden tests and buggy variants, stays home).

DIST_NAME    := socklab-student-$(VERSION)
DIST_TARBALL := $(BUILD)/dist/$(DIST_NAME).tar.gz
DIST_FILES   := Makefile config.mk README.md .gitignore labs common viz handouts
# The instructor guide is for staff (hidden tests, grading a class).
DIST_EXCLUDE := handouts/instructor.md
DIST_LIST     = git ls-files $(DIST_FILES) | grep -vxF $(DIST_EXCLUDE)

.PHONY: dist-run check-dist
dist-run: $(DIST_TARBALL)
	@echo "student tarball: $(DIST_TARBALL)"

# .git/index changes when a file is added or removed, which the list of
# files alone cannot show make.
$(DIST_TARBALL): $(shell git ls-files $(DIST_FILES) 2>/dev/null) \
    $(wildcard .git/index)
	@rm -rf $(BUILD)/dist/$(DIST_NAME)
	@mkdir -p $(BUILD)/dist/$(DIST_NAME)
	@$(DIST_LIST) | xargs cp --parents -t $(BUILD)/dist/$(DIST_NAME)
	@tar -C $(BUILD)/dist -czf $@ $(DIST_NAME)
	@rm -rf $(BUILD)/dist/$(DIST_NAME)

# Unpacks the tarball, checks it holds no solution code, builds it and
# grades it: the untouched skeletons must score zero, not fail to grade.
CHECK_TARGETS += check-dist
check-dist: $(DIST_TARBALL)
	@echo "== student tarball: no solutions, builds, grades to zero"
	@sh common/tests/dist.sh $(DIST_TARBALL) $(BUILD)
