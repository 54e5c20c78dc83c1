#ifndef SOCKLAB_COMMON_SANDBOX_FILTER_H
#define SOCKLAB_COMMON_SANDBOX_FILTER_H

#include <stddef.h>

/*
 * The seccomp filter every piece of student code runs under (the worker,
 * and the compiler that builds it). It denies, with EPERM, the system
 * calls that could undo the sandbox or reach past it: mounting, new
 * namespaces, tracing and reading other processes, kernel keys, modules,
 * BPF, and the like. Everything a sockets lab needs stays allowed.
 */

/*
 * Writes the filter as a BPF program (for bwrap --seccomp) into a pipe and
 * returns its read end, or -1 with errno set.
 */
int filter_bpf_fd(void);

/*
 * Loads the filter into this process (no_new_privs is set first), for
 * code that runs without bubblewrap. Returns 0, or -1 with errno set.
 */
int filter_load(void);

/*
 * The filter as a BPF program in buf (for filter_load_bpf after a fork,
 * where libseccomp may not run). Returns its size, or -1 with errno set.
 */
long filter_bpf(void *buf, size_t size);

/* Loads a program from filter_bpf. Async-signal-safe. Returns 0 or -1. */
int filter_load_bpf(const void *bpf, size_t len);

#endif
