/* receipt: reading typed codes strictly (what is not a code is refused, never guessed at) and
 * writing them in groups. */
#include "report/receipt.h"

#include <sodium.h>
#include <string.h>

void receipt_new(char out[RECEIPT_DIGITS + 1])
{
	for (int i = 0; i < RECEIPT_DIGITS; i++)
		out[i] = (char)('0' + randombytes_uniform(10));
	out[RECEIPT_DIGITS] = '\0';
}

static int separator(char c)
{
	return c == ' ' || c == '\t' || c == '-' || c == '.';
}

int receipt_parse(const char *typed, size_t n, char out[RECEIPT_DIGITS + 1])
{
	size_t got = 0;
	if (!typed || n > RECEIPT_TYPED_MAX)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char c = typed[i];
		if (c >= '0' && c <= '9') {
			if (got == RECEIPT_DIGITS)
				return -1;
			out[got++] = c;
		} else if (!separator(c)) {
			return -1;
		}
	}
	if (got != RECEIPT_DIGITS)
		return -1;
	out[got] = '\0';
	return 0;
}

void receipt_show(const char digits[RECEIPT_DIGITS + 1], char out[RECEIPT_SHOWN + 1])
{
	size_t o = 0;
	for (int i = 0; i < RECEIPT_DIGITS; i++) {
		if (i && i % 4 == 0)
			out[o++] = ' ';
		out[o++] = digits[i];
	}
	out[o] = '\0';
}

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

void recovery_new(unsigned char key[RECOVERY_BYTES])
{
	randombytes_buf(key, RECOVERY_BYTES);
}

void recovery_show(const unsigned char key[RECOVERY_BYTES], char out[RECOVERY_SHOWN + 1])
{
	/* 160 bits are exactly 32 groups of five. */
	size_t o = 0;
	for (int i = 0; i < RECOVERY_CHARS; i++) {
		int bit = i * 5, v = 0;
		for (int b = 0; b < 5; b++, bit++)
			v = v << 1 | (key[bit / 8] >> (7 - bit % 8) & 1);
		if (i && i % 4 == 0)
			out[o++] = '-';
		out[o++] = crockford[v];
	}
	out[o] = '\0';
}

/* The value of one base32 character, -1 for a character that is none. */
static int value_of(char c)
{
	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	if (c == 'O')
		c = '0';
	else if (c == 'I' || c == 'L')
		c = '1';
	const char *at = c ? strchr(crockford, c) : NULL;
	return at ? (int)(at - crockford) : -1;
}

int recovery_parse(const char *typed, size_t n, unsigned char key[RECOVERY_BYTES])
{
	unsigned char out[RECOVERY_BYTES] = {0};
	int got = 0;
	if (!typed || n > RECEIPT_TYPED_MAX)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char c = typed[i];
		if (c == ' ' || c == '\t' || c == '-')
			continue;
		int v = value_of(c);
		if (v < 0 || got == RECOVERY_CHARS)
			return -1;
		for (int b = 0; b < 5; b++) {
			int bit = got * 5 + b;
			if (v >> (4 - b) & 1)
				out[bit / 8] |= (unsigned char)(1u << (7 - bit % 8));
		}
		got++;
	}
	if (got != RECOVERY_CHARS)
		return -1;
	memcpy(key, out, RECOVERY_BYTES);
	sodium_memzero(out, sizeof(out));
	return 0;
}
