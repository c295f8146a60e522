/* access_log: formatting combined-format lines and writing them, one write each, to a file that
 * SIGHUP opens again. */
#include "http/access_log.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct access_log {
	pthread_mutex_t lock; /* the descriptor, and each line's write */
	int fd;
	int full_ip;
	int failed; /* a write failed since the last open: reported once */
	char *path;
};

static int open_file(const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0640);
	if (fd < 0)
		snprintf(err, errlen, "--access-log %s: %s", path, strerror(errno));
	return fd;
}

struct access_log *access_log_open(const char *path, int full_ip, char *err, size_t errlen)
{
	int fd = open_file(path, err, errlen);
	if (fd < 0)
		return NULL;
	struct access_log *l = xcalloc(1, sizeof(*l));
	pthread_mutex_init(&l->lock, NULL);
	l->fd = fd;
	l->full_ip = full_ip;
	l->path = xstrdup(path);
	return l;
}

int access_log_reopen(struct access_log *l, char *err, size_t errlen)
{
	int fd = open_file(l->path, err, errlen);
	if (fd < 0)
		return -1;
	pthread_mutex_lock(&l->lock);
	int old = l->fd;
	l->fd = fd;
	l->failed = 0;
	pthread_mutex_unlock(&l->lock);
	close(old);
	return 0;
}

void access_log_close(struct access_log *l)
{
	if (!l)
		return;
	close(l->fd);
	pthread_mutex_destroy(&l->lock);
	free(l->path);
	free(l);
}

void access_log_addr(const char *addr, int full, char out[INET6_ADDRSTRLEN])
{
	unsigned char a[16];
	static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	if (addr && inet_pton(AF_INET, addr, a) == 1) {
		if (!full)
			a[3] = 0;
		inet_ntop(AF_INET, a, out, INET6_ADDRSTRLEN);
	} else if (addr && inet_pton(AF_INET6, addr, a) == 1) {
		if (memcmp(a, mapped, sizeof(mapped)) == 0) {
			if (!full)
				a[15] = 0;
			inet_ntop(AF_INET, a + 12, out, INET6_ADDRSTRLEN);
			return;
		}
		if (!full)
			memset(a + 6, 0, 10);
		inet_ntop(AF_INET6, a, out, INET6_ADDRSTRLEN);
	} else {
		snprintf(out, INET6_ADDRSTRLEN, "-");
	}
}

/* A field up to the first of stop's bytes (NULL: all of it), cut at ACCESS_LOG_FIELD_MAX. */
static void field(struct buf *out, const char *s, const char *stop)
{
	if (!s || !*s) {
		buf_putc(out, '-');
		return;
	}
	size_t n = stop ? strcspn(s, stop) : strlen(s);
	esc_log(out, s, n > ACCESS_LOG_FIELD_MAX ? ACCESS_LOG_FIELD_MAX : n);
}

void access_log_format(struct buf *out, const struct access_entry *e, int full_ip)
{
	char addr[INET6_ADDRSTRLEN], when[40];
	access_log_addr(e->addr, full_ip, addr);
	time_t t = (time_t)e->time;
	struct tm tm;
	if (!gmtime_r(&t, &tm) || !strftime(when, sizeof(when), "%d/%b/%Y:%H:%M:%S +0000", &tm))
		snprintf(when, sizeof(when), "01/Jan/1970:00:00:00 +0000");
	buf_printf(out, "%s - - [%s] \"", addr, when);
	field(out, e->method, NULL);
	buf_putc(out, ' ');
	field(out, e->target, "?");
	buf_putc(out, ' ');
	field(out, e->protocol, NULL);
	buf_printf(out, "\" %03u ", e->status % 1000);
	if (e->bytes)
		buf_printf(out, "%llu", e->bytes);
	else
		buf_putc(out, '-');
	buf_puts(out, " \"");
	field(out, e->referer, "?#");
	buf_puts(out, "\" \"");
	field(out, e->user_agent, NULL);
	buf_puts(out, "\"\n");
}

void access_log_write(struct access_log *l, const struct access_entry *e)
{
	struct buf line = {0};
	access_log_format(&line, e, l->full_ip);
	pthread_mutex_lock(&l->lock);
	size_t done = 0;
	while (done < line.len) {
		ssize_t n = write(l->fd, line.data + done, line.len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (!l->failed)
				fprintf(stderr, "broadside: --access-log %s: %s\n", l->path,
					n < 0 ? strerror(errno) : "nothing written");
			l->failed = 1;
			break;
		}
		done += (size_t)n;
	}
	pthread_mutex_unlock(&l->lock);
	buf_free(&line);
}
