#ifndef SOCKLAB_COMMON_MUTATE_LEX_H
#define SOCKLAB_COMMON_MUTATE_LEX_H

#include <stddef.h>

/*
 * A C tokenizer just good enough for mutating our reference solutions:
 * comments and preprocessor lines are skipped, every other token keeps
 * where it is in the text, so a mutant is the text with a few byte ranges
 * replaced.
 */

enum tok_kind { TOK_WORD, TOK_NUMBER, TOK_STRING, TOK_CHAR, TOK_PUNCT };

struct token {
	enum tok_kind kind;
	size_t start, end; /* byte offsets: the token is text[start, end) */
	int line;          /* 1-based */
};

struct token_list {
	struct token *tok;
	size_t count;
};

/* Splits text into tokens. Returns 0, or -1 with errno set (ENOMEM). */
int lex_tokens(const char *text, struct token_list *out);

/* Nonzero when token t of text is exactly s. */
int lex_is(const char *text, const struct token *t, const char *s);

void lex_free(struct token_list *list);

#endif
