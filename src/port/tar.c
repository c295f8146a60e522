/* tar: ustar entries written through zlib's deflate to a file, and read back through inflate
 * from any source, one 512-byte block at a time. */
#include "port/tar.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define BLOCK 512
#define CHUNK 65536

/* ---- writing ---- */

struct tar_writer {
	int fd;
	z_stream z;
	int ok;		    /* deflateInit succeeded */
	int failed;	    /* a write failed: every later call fails */
	long long left;	    /* bytes of the open entry still to come */
	long long size;	    /* the open entry's size */
	unsigned char *out; /* CHUNK bytes of compressed output */
};

struct tar_writer *tar_writer_new(int fd)
{
	struct tar_writer *w = xcalloc(1, sizeof(*w));
	w->fd = fd;
	w->left = -1;
	w->out = xmalloc(CHUNK);
	/* 15 + 16: a gzip member, so that gzip, tar -z and zcat read the file. */
	w->ok = deflateInit2(&w->z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK;
	w->failed = !w->ok;
	return w;
}

static int werr(char *err, size_t errlen, const char *what)
{
	snprintf(err, errlen, "%s", what);
	return -1;
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Compresses len bytes (flush: Z_NO_FLUSH or Z_FINISH) and writes what comes out. */
static int deflate_put(struct tar_writer *w, const void *data, size_t len, int flush)
{
	if (w->failed)
		return -1;
	w->z.next_in = (unsigned char *)(uintptr_t)data;
	w->z.avail_in = (uInt)len;
	for (;;) {
		w->z.next_out = w->out;
		w->z.avail_out = CHUNK;
		int rc = deflate(&w->z, flush);
		if (rc == Z_STREAM_ERROR) {
			w->failed = 1;
			return -1;
		}
		size_t have = CHUNK - w->z.avail_out;
		if (have && write_all(w->fd, w->out, have) != 0) {
			w->failed = 1;
			return -1;
		}
		if (flush == Z_FINISH ? rc == Z_STREAM_END : w->z.avail_in == 0 && w->z.avail_out)
			return 0;
	}
}

/* Writes data through deflate in pieces small enough for zlib's uInt. */
static int put(struct tar_writer *w, const void *data, size_t len)
{
	const unsigned char *p = data;
	while (len) {
		size_t n = len > CHUNK ? CHUNK : len;
		if (deflate_put(w, p, n, Z_NO_FLUSH) != 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

/* An octal field of width bytes: width - 1 digits and a NUL. 0, or -1 when v does not fit. */
static int octal(char *field, size_t width, long long v)
{
	char tmp[32];
	if (v < 0)
		return -1;
	int n = snprintf(tmp, sizeof(tmp), "%0*llo", (int)(width - 1), v);
	if (n < 0 || (size_t)n != width - 1)
		return -1;
	memcpy(field, tmp, width - 1);
	field[width - 1] = '\0';
	return 0;
}

/* Splits name into ustar's prefix (up to 155 bytes) and name (up to 100), at a '/'. */
static int split_name(const char *name, char *hdr)
{
	size_t n = strlen(name);
	if (n == 0 || n > TAR_NAME_MAX)
		return -1;
	if (n <= 100) {
		memcpy(hdr, name, n);
		return 0;
	}
	for (size_t i = n - 1; i > 0; i--) {
		if (name[i] != '/' || i > 155 || n - i - 1 > 100 || n - i - 1 == 0)
			continue;
		memcpy(hdr + 345, name, i);
		memcpy(hdr, name + i + 1, n - i - 1);
		return 0;
	}
	return -1;
}

int tar_write_begin(struct tar_writer *w, const char *name, long long size, long long mtime,
		    char *err, size_t errlen)
{
	char hdr[BLOCK];
	memset(hdr, 0, sizeof(hdr));
	if (w->left >= 0)
		return werr(err, errlen, "an entry was begun before the last one was done");
	if (split_name(name, hdr) != 0)
		return werr(err, errlen, "a name too long for the archive");
	if (size < 0 || size > TAR_SIZE_MAX)
		return werr(err, errlen, "a file too large for the archive");
	octal(hdr + 100, 8, 0644);
	octal(hdr + 108, 8, 0);
	octal(hdr + 116, 8, 0);
	octal(hdr + 124, 12, size);
	if (octal(hdr + 136, 12, mtime < 0 ? 0 : mtime) != 0)
		octal(hdr + 136, 12, 0);
	memset(hdr + 148, ' ', 8);
	hdr[156] = '0';
	memcpy(hdr + 257, "ustar", 6);
	memcpy(hdr + 263, "00", 2);
	unsigned sum = 0;
	for (int i = 0; i < BLOCK; i++)
		sum += (unsigned char)hdr[i];
	snprintf(hdr + 148, 8, "%06o", sum);
	hdr[155] = ' ';
	if (put(w, hdr, BLOCK) != 0)
		return werr(err, errlen, strerror(errno ? errno : EIO));
	w->left = w->size = size;
	return 0;
}

int tar_write_data(struct tar_writer *w, const void *data, size_t len, char *err, size_t errlen)
{
	if (w->left < 0 || (long long)len > w->left)
		return werr(err, errlen, "more data than the entry's size");
	if (put(w, data, len) != 0)
		return werr(err, errlen, strerror(errno ? errno : EIO));
	w->left -= (long long)len;
	return 0;
}

int tar_write_done(struct tar_writer *w, char *err, size_t errlen)
{
	static const char zeros[BLOCK];
	if (w->left != 0)
		return werr(err, errlen, "less data than the entry's size");
	size_t pad = (size_t)((BLOCK - w->size % BLOCK) % BLOCK);
	if (pad && put(w, zeros, pad) != 0)
		return werr(err, errlen, strerror(errno ? errno : EIO));
	w->left = -1;
	return 0;
}

int tar_write_entry(struct tar_writer *w, const char *name, const void *data, size_t len,
		    long long mtime, char *err, size_t errlen)
{
	if (tar_write_begin(w, name, (long long)len, mtime, err, errlen) != 0 ||
	    tar_write_data(w, data, len, err, errlen) != 0)
		return -1;
	return tar_write_done(w, err, errlen);
}

int tar_write_end(struct tar_writer *w, int end_archive, char *err, size_t errlen)
{
	static const char zeros[2 * BLOCK];
	int rc = w->failed || w->left >= 0 ? -1 : 0;
	if (rc == 0 && end_archive && put(w, zeros, sizeof(zeros)) != 0)
		rc = -1;
	if (rc == 0 && deflate_put(w, NULL, 0, Z_FINISH) != 0)
		rc = -1;
	if (rc != 0)
		werr(err, errlen,
		     w->left >= 0 ? "an entry was not done" : strerror(errno ? errno : EIO));
	if (w->ok)
		deflateEnd(&w->z);
	free(w->out);
	free(w);
	return rc;
}

/* ---- reading ---- */

struct tar_reader {
	tar_source src;
	void *ud;
	z_stream z;
	int ok;
	int src_end;	   /* the source said it has no more */
	int member_end;	   /* inflate ended a member, none begun since */
	unsigned char *in; /* CHUNK bytes from the source */
	long long left;	   /* data bytes of the current entry not yet read */
	long long pad;	   /* then this many bytes of padding */
	int done;	   /* the archive's end was read */
	int members;	   /* gzip members begun */
};

struct tar_reader *tar_reader_new(tar_source src, void *ud)
{
	struct tar_reader *r = xcalloc(1, sizeof(*r));
	r->src = src;
	r->ud = ud;
	r->in = xmalloc(CHUNK);
	r->ok = inflateInit2(&r->z, 15 + 16) == Z_OK;
	return r;
}

void tar_reader_free(struct tar_reader *r)
{
	if (!r)
		return;
	if (r->ok)
		inflateEnd(&r->z);
	free(r->in);
	free(r);
}

/*
 * Fills buf with exactly n decompressed bytes: n, fewer only at the end of the whole stream
 * (after a complete member), or -1 with err when the gzip data is broken or cut short.
 */
static long inflate_read(struct tar_reader *r, unsigned char *buf, size_t n, char *err,
			 size_t errlen)
{
	size_t got = 0;
	if (!r->ok)
		return werr(err, errlen, "out of memory");
	while (got < n) {
		if (r->z.avail_in == 0 && !r->src_end) {
			long k = r->src(r->ud, r->in, CHUNK);
			if (k < 0)
				return werr(err, errlen, "the file cannot be read");
			if (k == 0)
				r->src_end = 1;
			r->z.next_in = r->in;
			r->z.avail_in = (uInt)k;
		}
		if (r->z.avail_in == 0 && r->src_end) {
			if (r->member_end)
				return (long)got;
			return werr(err, errlen,
				    "the file is cut short (its gzip data ends early)");
		}
		if (r->member_end) {
			/* More bytes after a member: the next member. */
			if (inflateReset(&r->z) != Z_OK)
				return werr(err, errlen, "the gzip data is broken");
			r->member_end = 0;
			r->members++;
		}
		r->z.next_out = buf + got;
		r->z.avail_out = (uInt)(n - got);
		int rc = inflate(&r->z, Z_NO_FLUSH);
		got = n - r->z.avail_out;
		if (rc == Z_STREAM_END)
			r->member_end = 1;
		else if (rc == Z_BUF_ERROR && r->z.avail_in == 0)
			continue;
		else if (rc != Z_OK)
			return werr(err, errlen,
				    r->members == 0 && r->z.total_out == 0
					? "this is not a gzip file"
					: "the gzip data is broken");
	}
	return (long)got;
}

/* Skips n decompressed bytes. 0, or -1 with err. */
static int skip(struct tar_reader *r, long long n, char *err, size_t errlen)
{
	unsigned char tmp[4096];
	while (n > 0) {
		size_t want = n > (long long)sizeof(tmp) ? sizeof(tmp) : (size_t)n;
		long k = inflate_read(r, tmp, want, err, errlen);
		if (k < 0)
			return -1;
		if ((size_t)k != want)
			return werr(err, errlen, "the archive is cut short");
		n -= k;
	}
	return 0;
}

/* An octal field: 0 and *v, or -1 when it holds anything but octal digits, spaces and NULs. */
static int read_octal(const unsigned char *f, size_t width, long long *v)
{
	size_t i = 0;
	*v = 0;
	while (i < width && f[i] == ' ')
		i++;
	int digits = 0;
	for (; i < width && f[i] >= '0' && f[i] <= '7'; i++, digits++) {
		if (*v > (TAR_SIZE_MAX >> 3))
			return -1;
		*v = *v * 8 + (f[i] - '0');
	}
	for (; i < width; i++)
		if (f[i] != ' ' && f[i] != '\0')
			return -1;
	return digits ? 0 : -1;
}

/* A NUL-padded text field of width bytes: its length, or -1 when a byte follows a NUL. */
static long field_len(const unsigned char *f, size_t width)
{
	size_t n = 0;
	while (n < width && f[n])
		n++;
	for (size_t i = n; i < width; i++)
		if (f[i])
			return -1;
	return (long)n;
}

int tar_read_next(struct tar_reader *r, struct tar_entry *e, char *err, size_t errlen)
{
	unsigned char h[BLOCK];
	if (r->done)
		return 0;
	if (skip(r, r->left + r->pad, err, errlen) != 0)
		return -1;
	r->left = r->pad = 0;
	long k = inflate_read(r, h, BLOCK, err, errlen);
	if (k < 0)
		return -1;
	if (k != BLOCK)
		return werr(err, errlen, "the archive is cut short (it has no end blocks)");
	int zero = 1;
	for (int i = 0; i < BLOCK && zero; i++)
		zero = h[i] == 0;
	if (zero) {
		k = inflate_read(r, h, BLOCK, err, errlen);
		if (k < 0)
			return -1;
		for (int i = 0; i < k; i++)
			if (h[i])
				return werr(err, errlen, "the archive's end is broken");
		if (k != BLOCK)
			return werr(err, errlen, "the archive's end is cut short");
		/* Then only zeros (tar pads its last record) to the end of the gzip stream, whose
		 * checksum and length are checked on the way. */
		do {
			k = inflate_read(r, h, BLOCK, err, errlen);
			if (k < 0)
				return -1;
			for (int i = 0; i < k; i++)
				if (h[i])
					return werr(err, errlen,
						    "the archive holds data after its end");
		} while (k == BLOCK);
		r->done = 1;
		return 0;
	}
	long long sum, size, mtime;
	if (read_octal(h + 148, 8, &sum) != 0)
		return werr(err, errlen, "an entry's header is broken (its checksum)");
	unsigned want = 0;
	for (int i = 0; i < BLOCK; i++)
		want += i >= 148 && i < 156 ? ' ' : h[i];
	if ((long long)want != sum)
		return werr(err, errlen,
			    "an entry's header is broken (its checksum does not match)");
	if (memcmp(h + 257, "ustar", 5) != 0)
		return werr(err, errlen, "an entry's header is not ustar");
	if (h[156] != '0' && h[156] != '\0')
		return werr(err, errlen,
			    "the archive holds an entry that is not a regular file (a folder, a "
			    "link or an extended header): no bundle has one");
	if (read_octal(h + 124, 12, &size) != 0 || size > TAR_SIZE_MAX)
		return werr(err, errlen, "an entry's size is broken");
	if (read_octal(h + 136, 12, &mtime) != 0)
		mtime = 0;
	long nlen = field_len(h, 100), plen = field_len(h + 345, 155);
	if (nlen <= 0 || plen < 0)
		return werr(err, errlen, "an entry's name is broken or empty");
	if (plen)
		snprintf(e->name, sizeof(e->name), "%.*s/%.*s", (int)plen, (const char *)h + 345,
			 (int)nlen, (const char *)h);
	else
		snprintf(e->name, sizeof(e->name), "%.*s", (int)nlen, (const char *)h);
	e->size = size;
	e->mtime = mtime;
	r->left = size;
	r->pad = (BLOCK - size % BLOCK) % BLOCK;
	return 1;
}

long tar_read_data(struct tar_reader *r, void *buf, size_t n, char *err, size_t errlen)
{
	if (r->left <= 0)
		return 0;
	if ((long long)n > r->left)
		n = (size_t)r->left;
	long k = inflate_read(r, buf, n, err, errlen);
	if (k < 0)
		return -1;
	if ((size_t)k != n)
		return werr(err, errlen, "the archive is cut short inside an entry");
	r->left -= k;
	return k;
}
