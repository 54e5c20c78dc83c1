#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mutate/lex.h"

/* Longest first, so "<<=" is one token and never "<<" then "=". */
static const char *const puncts[] = {
	"<<=", ">>=", "...", "->", "++", "--", "<<", ">>", "<=", ">=", "==",
	"!=", "&&", "||", "*=", "/=", "%=", "+=", "-=", "&=", "^=", "|=",
};

static size_t
punct_length(const char *p)
{
	for (size_t i = 0; i < sizeof(puncts) / sizeof(puncts[0]); i++) {
		size_t n = strlen(puncts[i]);

		if (strncmp(p, puncts[i], n) == 0)
			return n;
	}
	return 1;
}

/* Returns the offset just past the literal that opens at text[i]. */
static size_t
skip_quoted(const char *text, size_t i)
{
	char quote = text[i++];

	while (text[i] != '\0' && text[i] != quote && text[i] != '\n') {
		if (text[i] == '\\' && text[i + 1] != '\0')
			i++;
		i++;
	}
	return text[i] == quote ? i + 1 : i;
}

static int
push(struct token_list *out, size_t *cap, struct token t)
{
	if (out->count == *cap) {
		size_t n = *cap == 0 ? 256 : *cap * 2;
		struct token *p = realloc(out->tok, n * sizeof(*p));

		if (p == NULL)
			return -1;
		out->tok = p;
		*cap = n;
	}
	out->tok[out->count++] = t;
	return 0;
}

int
lex_tokens(const char *text, struct token_list *out)
{
	size_t i = 0, cap = 0;
	int line = 1, line_start = 1; /* only blanks so far on this line */

	*out = (struct token_list){ 0 };
	while (text[i] != '\0') {
		struct token t = { .start = i, .line = line };
		char c = text[i];

		if (c == '\n') {
			line++;
			line_start = 1;
			i++;
			continue;
		}
		if (isspace((unsigned char)c)) {
			i++;
			continue;
		}
		if (c == '/' && text[i + 1] == '*') {
			for (i += 2; text[i] != '\0' &&
			    !(text[i] == '*' && text[i + 1] == '/'); i++)
				if (text[i] == '\n')
					line++;
			i += text[i] != '\0' ? 2 : 0;
			continue;
		}
		if (c == '/' && text[i + 1] == '/') {
			while (text[i] != '\0' && text[i] != '\n')
				i++;
			continue;
		}
		if (c == '#' && line_start) {
			/* A directive runs to the end of the line (or past a
			 * backslash-newline); nothing in it is mutated. */
			while (text[i] != '\0' && text[i] != '\n') {
				if (text[i] == '\\' && text[i + 1] == '\n') {
					line++;
					i++;
				}
				i++;
			}
			continue;
		}
		line_start = 0;
		if (isalpha((unsigned char)c) || c == '_') {
			t.kind = TOK_WORD;
			while (isalnum((unsigned char)text[i]) || text[i] == '_')
				i++;
		} else if (isdigit((unsigned char)c)) {
			t.kind = TOK_NUMBER;
			while (isalnum((unsigned char)text[i]) || text[i] == '.')
				i++;
		} else if (c == '"' || c == '\'') {
			t.kind = c == '"' ? TOK_STRING : TOK_CHAR;
			i = skip_quoted(text, i);
		} else {
			t.kind = TOK_PUNCT;
			i += punct_length(text + i);
		}
		t.end = i;
		if (push(out, &cap, t) == -1) {
			lex_free(out);
			errno = ENOMEM;
			return -1;
		}
	}
	return 0;
}

int
lex_is(const char *text, const struct token *t, const char *s)
{
	size_t n = strlen(s);

	return t->end - t->start == n && strncmp(text + t->start, s, n) == 0;
}

void
lex_free(struct token_list *list)
{
	free(list->tok);
	*list = (struct token_list){ 0 };
}
