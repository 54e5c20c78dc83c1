#ifndef SOCKLAB_COMMON_GRADER_GRADE_H
#define SOCKLAB_COMMON_GRADER_GRADE_H

#include "grader/results.h"
#include "grader/sandbox.h"

/* Everything the grader needs to grade one lab of one submission. */
struct grade_config {
	const char *tests_root;    /* the grader's labs/: tests, headers */
	const char *hidden_root;   /* solutions/ with hidden tests, or NULL */
	const char *submission;    /* the tree being graded (same layout) */
	const char *build_dir;     /* scratch and objects go under here */
	const char *variant;       /* "plain" or "asan" */
	int strict;                /* warnings fail the build (make check) */
	double timeout_scale;      /* multiplies every time limit */
	enum sandbox_isolation isolation;
	long run_as_uid;           /* as root: uid for student code (0: nobody) */
	const struct cgroup_set *cgroup; /* limits on each run, or NULL */
};

enum lab_status {
	LAB_GRADED,        /* the tests ran (whatever they found) */
	LAB_MISSING,       /* the submission has no such lab directory */
	LAB_BUILD_FAILED,  /* the student's code did not compile */
};

struct lab_grade {
	char name[64];
	enum lab_status status;
	char *problem;         /* build errors or what happened to the run */
	struct test_list tests;
	int score;
	int max_score;
	int skipped_points;
	double seconds;
};

/*
 * Builds and runs one lab's tests against the submission, filling grade.
 * Returns 0 when the lab was graded (even at zero points), or -1 when the
 * grader itself could not do its job; a message has then been printed.
 */
int grade_lab(const struct grade_config *cfg, const char *lab,
    struct lab_grade *grade);

void grade_free(struct lab_grade *grade);

#endif
