/* buf: a growable, length-carrying byte buffer, the one output sink of the project. */
#ifndef BS_BUF_H
#define BS_BUF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * The buffer owns data. Once data is not NULL it is NUL-terminated after every call, buf_grow
 * included (the NUL is not counted in len), so data can be handed to C string functions when
 * the content has no NUL of its own. A zeroed struct buf is a valid empty buffer whose data is
 * NULL: buf_str gives its text in every state.
 */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};

void buf_init(struct buf *b);
void buf_free(struct buf *b);
/* Empties the buffer but keeps its memory. */
void buf_reset(struct buf *b);
/* Makes room for extra more bytes (and the NUL); the content, terminated, stays as it was. */
void buf_grow(struct buf *b, size_t extra);
/* The content as a C string: "" for a buffer that never held anything. */
const char *buf_str(const struct buf *b);
void buf_put(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Hands the data to the caller (free() it) and leaves b empty. */
char *buf_detach(struct buf *b, size_t *len);

#endif
