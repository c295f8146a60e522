/* receipt: the codes people type: a reporter's receipt (16 digits) and a committee member's
 * recovery key, read from what was typed and written out in groups to copy by hand. */
#ifndef BS_RECEIPT_H
#define BS_RECEIPT_H

#include <stddef.h>

/* A receipt is 16 decimal digits (53 bits); shown as "1234 5678 9012 3456". */
#define RECEIPT_DIGITS 16
#define RECEIPT_SHOWN (RECEIPT_DIGITS + RECEIPT_DIGITS / 4 - 1)
/* The most a typed receipt or recovery key may take, spaces included. */
#define RECEIPT_TYPED_MAX 80

/* A new receipt from the system's random source (each digit uniform), NUL-terminated. */
void receipt_new(char out[RECEIPT_DIGITS + 1]);
/* The 16 digits of what someone typed: digits with spaces, tabs, hyphens or dots anywhere
 * between them, n bytes at most RECEIPT_TYPED_MAX. 0, or -1 when it is not a receipt. */
int receipt_parse(const char *typed, size_t n, char out[RECEIPT_DIGITS + 1]);
/* The digits in groups of four, NUL-terminated. */
void receipt_show(const char digits[RECEIPT_DIGITS + 1], char out[RECEIPT_SHOWN + 1]);

/* A recovery key: 20 random bytes (160 bits), shown as 32 characters of Crockford's base32 in
 * groups of four: "7XQ2-M9PA-...". */
#define RECOVERY_BYTES 20
#define RECOVERY_CHARS 32
#define RECOVERY_SHOWN (RECOVERY_CHARS + RECOVERY_CHARS / 4 - 1)

void recovery_new(unsigned char key[RECOVERY_BYTES]);
void recovery_show(const unsigned char key[RECOVERY_BYTES], char out[RECOVERY_SHOWN + 1]);
/* The key of what was typed: Crockford's base32 in any case, with spaces and hyphens anywhere
 * between; O reads as 0, I and L as 1 (U is never one). 0, or -1 when it is not a key. */
int recovery_parse(const char *typed, size_t n, unsigned char key[RECOVERY_BYTES]);

#endif
