#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mutate/mutate.h"

/* Constants a student may confuse with a sibling: each maps to the other. */
static const char *const siblings[][2] = {
	{ "SO_REUSEADDR", "SO_REUSEPORT" },
	{ "SOL_SOCKET", "IPPROTO_TCP" },
	{ "SHUT_WR", "SHUT_RDWR" },
	{ "AF_INET", "AF_INET6" },
	{ "PF_INET", "PF_INET6" },
	{ "SOCK_STREAM", "SOCK_DGRAM" },
	{ "INADDR_ANY", "INADDR_LOOPBACK" },
	{ "in6addr_any", "in6addr_loopback" },
};

/*
 * A byte-order call swapped for its other width. htons and ntohs (htonl
 * and ntohl) are the same byte swap on every host, so swapping those
 * would only make equivalent mutants; removing the call is the other
 * mistake students make.
 */
static const char *const widths[][2] = {
	{ "htons", "htonl" },
	{ "ntohs", "ntohl" },
};

static const char *const type_words[] = {
	"char", "short", "int", "long", "unsigned", "signed", "float",
	"double", "void", "_Bool", "struct", "union", "enum", "const",
	"static", "volatile", "register",
};

static const char *const not_calls[] = {
	"if", "while", "for", "switch", "return", "sizeof", "do", "else",
	"case",
};

enum stmt_kind { ST_SIMPLE, ST_DECL, ST_BLOCK, ST_IF, ST_LOOP, ST_SWITCH,
	ST_LABEL };

struct stmt {
	enum stmt_kind kind;
	size_t first, last; /* tokens */
	size_t body;        /* a loop's '{', or 0 when its body has none */
};

struct ctx {
	const struct source *src;
	struct mutant_list *out;
	char func[64];
	struct {
		const char *op;
		int n;
	} counts[16];
	int ncounts;
	int failed;
};

static const struct token *
tok(const struct ctx *c, size_t i)
{
	return &c->src->toks.tok[i];
}

static int
is(const struct ctx *c, size_t i, const char *s)
{
	return i < c->src->toks.count && lex_is(c->src->text, tok(c, i), s);
}

static int
is_one_of(const struct ctx *c, size_t i, const char *const *words, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (is(c, i, words[k]))
			return 1;
	return 0;
}

/* Returns the index of the bracket closing the one at i (or the end). */
static size_t
match(const struct ctx *c, size_t i)
{
	int depth = 0;

	for (; i < c->src->toks.count; i++) {
		if (is(c, i, "(") || is(c, i, "[") || is(c, i, "{"))
			depth++;
		else if (is(c, i, ")") || is(c, i, "]") || is(c, i, "}"))
			if (--depth == 0)
				return i;
	}
	return c->src->toks.count - 1;
}

/* Nonzero when tokens first..last all lie on lines of the answer. */
static int
in_region(const struct ctx *c, size_t first, size_t last)
{
	for (int l = tok(c, first)->line; l <= tok(c, last)->line; l++)
		if (l > c->src->nlines || !c->src->added[l])
			return 0;
	return 1;
}

static char *
copy_range(const struct ctx *c, size_t start, size_t end)
{
	char *s = malloc(end - start + 1);

	if (s != NULL) {
		memcpy(s, c->src->text + start, end - start);
		s[end - start] = '\0';
	}
	return s;
}

/* The text of tokens first..last, as written. */
static char *
tok_text(const struct ctx *c, size_t first, size_t last)
{
	return copy_range(c, tok(c, first)->start, tok(c, last)->end);
}

static int
next_ordinal(struct ctx *c, const char *op)
{
	int k;

	for (k = 0; k < c->ncounts; k++)
		if (strcmp(c->counts[k].op, op) == 0)
			return ++c->counts[k].n;
	if (k == (int)(sizeof(c->counts) / sizeof(c->counts[0])))
		return 0;
	c->counts[c->ncounts].op = op;
	c->counts[c->ncounts++].n = 1;
	return 1;
}

/* Makes a summary one line: every run of blanks becomes one space. */
static void
squeeze_blanks(char *s)
{
	char *o = s;

	for (; *s != '\0'; s++)
		if (!isspace((unsigned char)*s))
			*o++ = *s;
		else if (o == s || !isspace((unsigned char)s[-1]))
			*o++ = ' ';
	*o = '\0';
}

/*
 * Records a mutant replacing text[s0, e0) by t0 and, when t1 is not NULL,
 * text[s1, e1) by t1 (s1 >= e0). The texts are copied.
 */
static void
emit(struct ctx *c, const char *op, size_t at, size_t s0, size_t e0,
    const char *t0, size_t s1, size_t e1, const char *t1,
    const char *fmt, ...)
{
	struct mutant_list *out = c->out;
	struct mutant *m;
	va_list ap;

	if (out->count == out->cap) {
		size_t n = out->cap == 0 ? 64 : out->cap * 2;
		struct mutant *p = realloc(out->m, n * sizeof(*p));

		if (p == NULL) {
			c->failed = 1;
			return;
		}
		out->m = p;
		out->cap = n;
	}
	m = &out->m[out->count];
	memset(m, 0, sizeof(*m));
	snprintf(m->id, sizeof(m->id), "%s:%s:%s:%d", c->src->name, c->func,
	    op, next_ordinal(c, op));
	m->line = tok(c, at)->line;
	va_start(ap, fmt);
	vsnprintf(m->summary, sizeof(m->summary), fmt, ap);
	va_end(ap);
	squeeze_blanks(m->summary);
	m->edit[0] = (struct edit){ s0, e0, strdup(t0) };
	m->nedits = 1;
	if (t1 != NULL)
		m->edit[m->nedits++] = (struct edit){ s1, e1, strdup(t1) };
	if (m->edit[0].text == NULL || (t1 != NULL && m->edit[1].text == NULL)) {
		free(m->edit[0].text);
		free(m->edit[1].text);
		c->failed = 1;
		return;
	}
	out->count++;
}

/* Replaces token i by text t. */
static void
emit_token(struct ctx *c, const char *op, size_t i, const char *t)
{
	const struct token *k = tok(c, i);

	emit(c, op, i, k->start, k->end, t, 0, 0, NULL, "'%.*s' -> '%s'",
	    (int)(k->end - k->start), c->src->text + k->start, t);
}

static int
looks_like_decl(const struct ctx *c, size_t i)
{
	const struct token *k = tok(c, i);
	size_t n = k->end - k->start;

	if (is_one_of(c, i, type_words,
	    sizeof(type_words) / sizeof(type_words[0])))
		return 1;
	/* size_t n, socklen_t *len, ...: a typedef name, then a declarator. */
	return k->kind == TOK_WORD && n > 2 &&
	    strncmp(c->src->text + k->end - 2, "_t", 2) == 0 &&
	    (tok(c, i + 1)->kind == TOK_WORD || is(c, i + 1, "*"));
}

static size_t parse_stmt(struct ctx *c, size_t i, struct stmt *st);

static int
movable(const struct ctx *c, const struct stmt *st)
{
	return st->kind != ST_DECL && st->kind != ST_LABEL &&
	    st->kind != ST_BLOCK && in_region(c, st->first, st->last);
}

/* The loop's last statement, moved out to just after the loop. */
static void
emit_move_out(struct ctx *c, const struct stmt *loop, const struct stmt *last)
{
	char *s, *t;

	if (!movable(c, last) || !in_region(c, loop->first, loop->last))
		return;
	s = tok_text(c, last->first, last->last);
	t = s != NULL ? malloc(strlen(s) + 2) : NULL;
	if (t == NULL) {
		c->failed = 1;
	} else {
		sprintf(t, " %s", s);
		emit(c, "move-out", last->first, tok(c, last->first)->start,
		    tok(c, last->last)->end, "", tok(c, loop->last)->end,
		    tok(c, loop->last)->end, t,
		    "'%.60s' moved out of its loop, after it", s);
	}
	free(t);
	free(s);
}

/* The statement after a loop, moved in to the end of the loop's body. */
static void
emit_move_in(struct ctx *c, const struct stmt *loop, const struct stmt *next)
{
	size_t close = match(c, loop->body);
	char *s, *t;

	if (!movable(c, next) || !in_region(c, loop->first, loop->last))
		return;
	s = tok_text(c, next->first, next->last);
	t = s != NULL ? malloc(strlen(s) + 3) : NULL;
	if (t == NULL) {
		c->failed = 1;
	} else {
		sprintf(t, "%s\n\t", s);
		emit(c, "move-in", next->first, tok(c, close)->start,
		    tok(c, close)->start, t, tok(c, next->first)->start,
		    tok(c, next->last)->end, "",
		    "'%.60s' moved into the loop before it, at its end", s);
	}
	free(t);
	free(s);
}

/*
 * Parses the statements of the block opening at open; a statement that
 * follows a loop is moved into it. Stores the block's last statement in
 * *last (kind ST_LABEL when there is none). Returns the closing '}'.
 */
static size_t
parse_block(struct ctx *c, size_t open, struct stmt *last)
{
	size_t close = match(c, open), i = open + 1;
	struct stmt prev = { .kind = ST_LABEL }, cur;

	while (i < close && !c->failed) {
		i = parse_stmt(c, i, &cur) + 1;
		if (prev.kind == ST_LOOP && prev.body != 0)
			emit_move_in(c, &prev, &cur);
		prev = cur;
	}
	*last = prev;
	return close;
}

/* Parses the statement (or body) at i; returns its last token. */
static size_t
parse_body(struct ctx *c, size_t i, struct stmt *st, struct stmt *last)
{
	if (is(c, i, "{")) {
		*st = (struct stmt){ .kind = ST_BLOCK, .first = i };
		st->last = parse_block(c, i, last);
		return st->last;
	}
	*last = (struct stmt){ .kind = ST_LABEL };
	return parse_stmt(c, i, st);
}

/*
 * Parses the statement starting at token i into *st, mutating it and what
 * it holds: deleting it drops a call, an assignment, a return, a whole
 * error check or loop. Returns its last token.
 */
static size_t
parse_stmt(struct ctx *c, size_t i, struct stmt *st)
{
	struct stmt sub, last;
	size_t j;

	*st = (struct stmt){ .kind = ST_SIMPLE, .first = i };
	if (is(c, i, "{")) {
		st->kind = ST_BLOCK;
		st->last = parse_block(c, i, &last);
		return st->last;
	}
	if (is(c, i, "if")) {
		st->kind = ST_IF;
		j = parse_body(c, match(c, i + 1) + 1, &sub, &last);
		if (is(c, j + 1, "else"))
			j = parse_body(c, j + 2, &sub, &last);
		st->last = j;
	} else if (is(c, i, "while") || is(c, i, "for") || is(c, i, "switch")) {
		st->kind = is(c, i, "switch") ? ST_SWITCH : ST_LOOP;
		j = match(c, i + 1) + 1;
		st->body = is(c, j, "{") ? j : 0;
		st->last = parse_body(c, j, &sub, &last);
		if (st->kind == ST_LOOP && st->body != 0)
			emit_move_out(c, st, &last);
	} else if (is(c, i, "do")) {
		st->kind = ST_LOOP;
		st->body = is(c, i + 1, "{") ? i + 1 : 0;
		j = parse_body(c, i + 1, &sub, &last);
		st->last = match(c, j + 2) + 1; /* while ( ... ) ; */
		if (st->body != 0)
			emit_move_out(c, st, &last);
	} else if (is(c, i, "case") || is(c, i, "default") ||
	    (tok(c, i)->kind == TOK_WORD && is(c, i + 1, ":"))) {
		st->kind = ST_LABEL;
		for (j = i; j + 1 < c->src->toks.count && !is(c, j, ":"); j++)
			continue;
		st->last = j;
		return j;
	} else {
		if (looks_like_decl(c, i))
			st->kind = ST_DECL;
		for (j = i; j + 1 < c->src->toks.count && !is(c, j, ";"); j++)
			if (is(c, j, "(") || is(c, j, "[") || is(c, j, "{"))
				j = match(c, j);
		st->last = j;
	}
	if (st->kind != ST_DECL && in_region(c, st->first, st->last)) {
		char *s = tok_text(c, st->first, st->last);

		if (s == NULL)
			c->failed = 1;
		else
			emit(c, "delete", st->first, tok(c, st->first)->start,
			    tok(c, st->last)->end, ";", 0, 0, NULL,
			    "'%.70s' deleted", s);
		free(s);
	}
	return st->last;
}

/*
 * Number literals: n-1 and n+1. Literals with a suffix are left alone, and
 * so is the 1 of -1: that is an error value, and the mistakes made with it
 * (a dropped check, a dropped return) are mutants of their own.
 */
static void
mutate_number(struct ctx *c, size_t i)
{
	const struct token *k = tok(c, i);
	char lit[32], *end, t[40];
	unsigned long long v;

	if (k->end - k->start >= sizeof(lit) || (is(c, i - 1, "-") &&
	    tok(c, i - 2)->kind == TOK_PUNCT && !is(c, i - 2, ")") &&
	    !is(c, i - 2, "]")) || (is(c, i - 1, "-") && is(c, i - 2, "return")))
		return;
	memcpy(lit, c->src->text + k->start, k->end - k->start);
	lit[k->end - k->start] = '\0';
	errno = 0;
	v = strtoull(lit, &end, 0);
	if (errno != 0 || *end != '\0')
		return;
	if (v == 0)
		snprintf(t, sizeof(t), "(-1)");
	else
		snprintf(t, sizeof(t), "%llu", v - 1);
	emit_token(c, "number", i, t);
	snprintf(t, sizeof(t), "%llu", v + 1);
	emit_token(c, "number", i, t);
}

/* Swaps each pair of neighbouring arguments of the call opening at i+1. */
static void
mutate_arguments(struct ctx *c, size_t i)
{
	size_t close = match(c, i + 1), from[16], to[16];
	size_t nargs = 0, j, a = i + 2;

	if (!in_region(c, i, close) || close == i + 2)
		return;
	for (j = i + 2; j <= close && nargs < 16; j++) {
		if (is(c, j, "(") || is(c, j, "[") || is(c, j, "{")) {
			j = match(c, j);
		} else if (is(c, j, ",") || j == close) {
			from[nargs] = a;
			to[nargs++] = j - 1;
			a = j + 1;
		}
	}
	for (j = 0; j + 1 < nargs; j++) {
		char *x = tok_text(c, from[j], to[j]);
		char *y = tok_text(c, from[j + 1], to[j + 1]);

		if (x == NULL || y == NULL)
			c->failed = 1;
		else if (strcmp(x, y) != 0)
			emit(c, "swap-args", i, tok(c, from[j])->start,
			    tok(c, to[j])->end, y, tok(c, from[j + 1])->start,
			    tok(c, to[j + 1])->end, x,
			    "%.*s: arguments %zu and %zu swapped",
			    (int)(tok(c, i)->end - tok(c, i)->start),
			    c->src->text + tok(c, i)->start, j + 1, j + 2);
		free(x);
		free(y);
	}
}

/* sizeof(x) for sizeof(*x) and back; sizeof(...) one more or less. */
static void
mutate_sizeof(struct ctx *c, size_t i)
{
	size_t close = match(c, i + 1);
	char *s;

	if (!is(c, i + 1, "(") || !in_region(c, i, close))
		return;
	if (close == i + 3 && tok(c, i + 2)->kind == TOK_WORD) {
		char t[80];

		snprintf(t, sizeof(t), "*%.*s",
		    (int)(tok(c, i + 2)->end - tok(c, i + 2)->start),
		    c->src->text + tok(c, i + 2)->start);
		emit_token(c, "sizeof", i + 2, t);
	} else if (close == i + 4 && is(c, i + 2, "*")) {
		emit_token(c, "sizeof", i + 2, "");
	}
	s = tok_text(c, i, close);
	for (int d = -1; d <= 1 && s != NULL; d += 2) {
		char *t = malloc(strlen(s) + 8);

		if (t == NULL)
			break;
		sprintf(t, "(%s %c 1)", s, d < 0 ? '-' : '+');
		emit(c, "size", i, tok(c, i)->start, tok(c, close)->end, t, 0, 0,
		    NULL, "'%.60s' -> '%.66s'", s, t);
		free(t);
	}
	if (s == NULL)
		c->failed = 1;
	free(s);
}

static void
mutate_word(struct ctx *c, size_t i)
{
	size_t k;

	for (k = 0; k < sizeof(widths) / sizeof(widths[0]); k++)
		for (int w = 0; w < 2; w++)
			if (is(c, i, widths[k][w]) && is(c, i + 1, "(")) {
				emit_token(c, "drop-order", i, "");
				emit_token(c, "swap-order", i, widths[k][!w]);
			}
	for (k = 0; k < sizeof(siblings) / sizeof(siblings[0]); k++)
		for (int w = 0; w < 2; w++)
			if (is(c, i, siblings[k][w]))
				emit_token(c, "sibling", i, siblings[k][!w]);
	if (is(c, i, "char") && !is(c, i - 1, "unsigned") &&
	    !is(c, i - 1, "signed"))
		emit_token(c, "char-sign", i, "unsigned char");
	if (is(c, i, "unsigned") && is(c, i + 1, "char"))
		emit(c, "char-sign", i, tok(c, i)->start, tok(c, i + 1)->start,
		    "", 0, 0, NULL, "'unsigned char' -> 'char'");
	if (is(c, i, "break"))
		emit_token(c, "break-continue", i, "continue");
	if (is(c, i, "continue"))
		emit_token(c, "break-continue", i, "break");
	if (is(c, i, "sizeof"))
		mutate_sizeof(c, i);
	else if (is(c, i + 1, "(") && !is_one_of(c, i, not_calls,
	    sizeof(not_calls) / sizeof(not_calls[0])))
		mutate_arguments(c, i);
}

/* The token-level mutants of the body open..close. */
static void
mutate_tokens(struct ctx *c, size_t open, size_t close)
{
	static const char *const bounds[][2] = {
		{ "<", "<=" }, { "<=", "<" }, { ">", ">=" }, { ">=", ">" },
	};

	for (size_t i = open + 1; i < close && !c->failed; i++) {
		if (!in_region(c, i, i))
			continue;
		if (tok(c, i)->kind == TOK_NUMBER)
			mutate_number(c, i);
		else if (tok(c, i)->kind == TOK_WORD)
			mutate_word(c, i);
		for (size_t k = 0; k < sizeof(bounds) / sizeof(bounds[0]); k++)
			if (is(c, i, bounds[k][0]))
				emit_token(c, "boundary", i, bounds[k][1]);
	}
}

int
mutate_collect(const struct source *src, struct mutant_list *out)
{
	struct ctx c = { .src = src, .out = out };
	size_t i, n = src->toks.count;

	/* A function definition: ')' then '{' at file level. */
	for (i = 0; i < n && !c.failed; i++) {
		size_t close, name;
		struct stmt last;

		if (!is(&c, i, "{"))
			continue;
		close = match(&c, i);
		if (i > 0 && is(&c, i - 1, ")")) {
			int depth = 0;

			for (name = i - 1; name > 0; name--) {
				depth += is(&c, name, ")") - is(&c, name, "(");
				if (depth == 0)
					break;
			}
			snprintf(c.func, sizeof(c.func), "%.*s",
			    (int)(src->toks.tok[name - 1].end -
			    src->toks.tok[name - 1].start),
			    src->text + src->toks.tok[name - 1].start);
			c.ncounts = 0;
			parse_block(&c, i, &last);
			mutate_tokens(&c, i, close);
		}
		i = close;
	}
	if (c.failed) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

char *
mutate_apply(const char *text, const struct mutant *m)
{
	size_t len = strlen(text), size = len + 1, at = 0, o = 0;
	char *s;

	for (int k = 0; k < m->nedits; k++)
		size += strlen(m->edit[k].text);
	s = malloc(size);
	if (s == NULL)
		return NULL;
	for (int k = 0; k < m->nedits; k++) {
		const struct edit *e = &m->edit[k];
		size_t n = strlen(e->text);

		memcpy(s + o, text + at, e->start - at);
		o += e->start - at;
		memcpy(s + o, e->text, n);
		o += n;
		at = e->end;
	}
	memcpy(s + o, text + at, len - at + 1);
	return s;
}

void
mutate_free(struct mutant_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		for (int k = 0; k < list->m[i].nedits; k++)
			free(list->m[i].edit[k].text);
	free(list->m);
	*list = (struct mutant_list){ 0 };
}
