# viz/: tcpviz, its library (libtcpviz.a: capture, link layers, decode,
# track, text output, for the lab tests too), unit tests, fuzz target and
# benchmark. Included by the top Makefile after config.mk and common.mk.

VIZ_LIB_SRCS  := viz/linktype.c viz/decode.c viz/track.c viz/ui_text.c \
                 viz/capture.c viz/ladder.c viz/kstate.c viz/annot.c \
                 viz/demo_script.c viz/pktstore.c viz/holdq.c viz/ui_keys.c
# The curses front end: only tcpviz itself links ncursesw.
VIZ_UI_SRCS   := viz/ui_view.c viz/ui_curses.c viz/ui_ladder.c viz/ui_panes.c \
                 viz/ui_loop.c
VIZ_PROG_SRCS := viz/options.c viz/priv.c viz/ui_text_loop.c viz/main.c \
                 $(VIZ_UI_SRCS)
VIZ_TEST_SRCS := $(wildcard viz/tests/*.c)
# The decoder and everything it touches, for the fuzz target.
VIZ_FUZZ_SRCS := viz/linktype.c viz/decode.c viz/track.c viz/ui_text.c

VIZ_LIB       := $(BUILD)/lib/libtcpviz.a
VIZ_LIB_ASAN  := $(BUILD)/asan/lib/libtcpviz.a
TCPVIZ        := $(BUILD)/bin/tcpviz
TCPVIZ_ASAN   := $(BUILD)/asan/bin/tcpviz
VIZ_TESTS     := $(BUILD)/bin/viz-tests
VIZ_TESTS_ASAN := $(BUILD)/asan/bin/viz-tests
VIZ_REPLAY    := $(BUILD)/asan/bin/viz-fuzz-replay
VIZ_FUZZER    := $(BUILD)/fuzz/fuzz_decode
VIZ_GEN_CORPUS := $(BUILD)/bin/viz-gen-corpus
VIZ_FLOOD     := $(BUILD)/bin/viz-flood

# clang builds the libFuzzer target; FUZZ_TIME bounds `make fuzz` (seconds).
FUZZ_CC       ?= clang
FUZZ_TIME     ?= 60
FUZZ_FLAGS    := -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer
# Connections the benchmark opens (each is about 8 packets on loopback).
BENCH_CONNS   ?= 20000

VIZ_CPPFLAGS  := -Iviz $(PCAP_CFLAGS) -DSOCKLAB_VERSION=\"$(VERSION)\"

VIZ_ALL_SRCS  := $(VIZ_LIB_SRCS) $(VIZ_PROG_SRCS) $(VIZ_TEST_SRCS) \
                 $(wildcard viz/fuzz/*.c) $(wildcard viz/bench/*.c)
VIZ_OBJS      := $(VIZ_ALL_SRCS:%.c=$(BUILD)/obj/%.o)
VIZ_OBJS_ASAN := $(VIZ_ALL_SRCS:%.c=$(BUILD)/asan/obj/%.o)

$(VIZ_OBJS) $(VIZ_OBJS_ASAN): CPPFLAGS += $(VIZ_CPPFLAGS)
# ui_keys.c only takes curses's key codes: it is in the library, for tests.
$(VIZ_UI_SRCS:%.c=$(BUILD)/obj/%.o) \
$(VIZ_UI_SRCS:%.c=$(BUILD)/asan/obj/%.o) \
$(BUILD)/obj/viz/ui_keys.o $(BUILD)/asan/obj/viz/ui_keys.o: \
	CPPFLAGS += $(CURSES_CFLAGS)
$(VIZ_TEST_SRCS:%.c=$(BUILD)/obj/%.o) \
$(VIZ_TEST_SRCS:%.c=$(BUILD)/asan/obj/%.o): CPPFLAGS += $(CRITERION_CFLAGS)

$(VIZ_LIB): $(VIZ_LIB_SRCS:%.c=$(BUILD)/obj/%.o)
	@mkdir -p $(@D)
	$(AR) rcs $@ $^

$(VIZ_LIB_ASAN): $(VIZ_LIB_SRCS:%.c=$(BUILD)/asan/obj/%.o)
	@mkdir -p $(@D)
	$(AR) rcs $@ $^

$(TCPVIZ): $(VIZ_PROG_SRCS:%.c=$(BUILD)/obj/%.o) $(VIZ_LIB) $(COMMON_LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CURSES_LIBS) $(PCAP_LIBS)

$(TCPVIZ_ASAN): $(VIZ_PROG_SRCS:%.c=$(BUILD)/asan/obj/%.o) $(VIZ_LIB_ASAN) \
		$(COMMON_LIB_ASAN)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SANITIZE) $(LDFLAGS) -o $@ $^ $(CURSES_LIBS) \
	    $(PCAP_LIBS)

$(VIZ_TESTS): $(VIZ_TEST_SRCS:%.c=$(BUILD)/obj/%.o) $(VIZ_LIB) $(COMMON_LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CRITERION_LIBS) $(PCAP_LIBS)

$(VIZ_TESTS_ASAN): $(VIZ_TEST_SRCS:%.c=$(BUILD)/asan/obj/%.o) $(VIZ_LIB_ASAN) \
		$(COMMON_LIB_ASAN)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SANITIZE) $(LDFLAGS) -o $@ $^ $(CRITERION_LIBS) \
	    $(PCAP_LIBS)

# The fuzz target replayed over the corpus: gcc, ASan+UBSan, no libFuzzer.
$(VIZ_REPLAY): $(BUILD)/asan/obj/viz/fuzz/fuzz_decode.o \
		$(BUILD)/asan/obj/viz/fuzz/replay_main.o $(VIZ_LIB_ASAN)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SANITIZE) $(LDFLAGS) -o $@ $^

# The same target under libFuzzer (clang compiles the sources itself).
$(VIZ_FUZZER): viz/fuzz/fuzz_decode.c $(VIZ_FUZZ_SRCS) $(wildcard viz/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(VIZ_CPPFLAGS) $(CFLAGS) $(FUZZ_FLAGS) -o $@ \
	    viz/fuzz/fuzz_decode.c $(VIZ_FUZZ_SRCS)

$(VIZ_GEN_CORPUS): $(BUILD)/obj/viz/fuzz/gen_corpus.o \
		$(BUILD)/obj/viz/tests/pkt.o $(BUILD)/obj/viz/tests/wrap.o
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

$(VIZ_FLOOD): $(BUILD)/obj/viz/bench/flood.o $(COMMON_LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

# The classroom demo, and its recording (see viz/demo/demo.sh).
VIZ_DEMO      := 1
VIZ_RECORDED  := viz/demo/handshake.pcap

ALL_TARGETS   += $(TCPVIZ) $(VIZ_LIB)
CHECK_TARGETS += check-viz

.PHONY: check-viz check-viz-normal check-viz-asan check-viz-corpus \
	fuzz-run fuzz-corpus bench-run setcap-run demo-run demo-record

check-viz: check-viz-normal check-viz-asan check-viz-corpus

# LeakSanitizer: Criterion's runner keeps a few allocations until exit.
VIZ_LSAN := LSAN_OPTIONS=suppressions=$(CURDIR)/common/tests/lsan.supp:print_suppressions=0

# The tests run tcpviz itself: the normal build's, or the sanitized one.
check-viz-normal: $(VIZ_TESTS) $(TCPVIZ)
	@echo "== tcpviz unit and acceptance tests (plain)"
	@TCPVIZ=$(TCPVIZ) $(VIZ_TESTS) --jobs=2 -S --short-filename

check-viz-asan: $(VIZ_TESTS_ASAN) $(TCPVIZ_ASAN)
	@echo "== tcpviz unit and acceptance tests (ASan+UBSan)"
	@TCPVIZ=$(TCPVIZ_ASAN) $(VIZ_LSAN) $(VIZ_TESTS_ASAN) --jobs=2 -S \
	    --short-filename

check-viz-corpus: $(VIZ_REPLAY)
	@echo "== tcpviz fuzz corpus replayed (ASan+UBSan)"
	@$(VIZ_REPLAY) viz/fuzz/corpus/*

fuzz-run: $(VIZ_FUZZER)
	@mkdir -p $(BUILD)/fuzz/corpus
	$(VIZ_FUZZER) -max_total_time=$(FUZZ_TIME) -print_final_stats=1 \
	    $(BUILD)/fuzz/corpus viz/fuzz/corpus

# Rewrites the committed seed corpus (run by hand when the format changes).
fuzz-corpus: $(VIZ_GEN_CORPUS)
	$(VIZ_GEN_CORPUS) viz/fuzz/corpus

bench-run: $(TCPVIZ) $(VIZ_FLOOD)
	sh viz/bench/bench.sh $(TCPVIZ) $(VIZ_FLOOD) $(BENCH_CONNS)

# Interactive on a terminal; the recorded demo as text anywhere else.
# (`demo` itself comes through the top Makefile: deps, then demo-run.)
demo-run: all-run
	@sh viz/demo/demo.sh $(TCPVIZ) $(VIZ_RECORDED)

# Rewrites the recorded demo (needs capture permission; run by hand).
demo-record: $(TCPVIZ)
	$(TCPVIZ) --demo --text -w $(VIZ_RECORDED)

setcap-run: $(TCPVIZ)
	setcap cap_net_raw,cap_net_admin+eip $(TCPVIZ)
	@echo "$(TCPVIZ) may now capture without sudo (until it is rebuilt)"
