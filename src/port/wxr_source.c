/* wxr_source: where a WordPress export's bytes come from: a file, or memory. */
#include "port/wxr.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static ssize_t fd_read(void *ud, char *buf, size_t n)
{
	ssize_t got;
	do
		got = read(*(int *)ud, buf, n);
	while (got < 0 && errno == EINTR);
	return got;
}

int wxr_read_file(const char *path, const struct wxr_handler *h, struct wxr_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err->line = 0;
		snprintf(err->msg, sizeof(err->msg), "%s", strerror(errno));
		return -1;
	}
	struct wxr_source src = {fd_read, &fd};
	int rc = wxr_read(&src, h, err);
	close(fd);
	return rc;
}

struct mem {
	const char *data;
	size_t len, at;
};

static ssize_t mem_read(void *ud, char *buf, size_t n)
{
	struct mem *m = ud;
	size_t left = m->len - m->at;
	if (n > left)
		n = left;
	memcpy(buf, m->data + m->at, n);
	m->at += n;
	return (ssize_t)n;
}

int wxr_read_mem(const char *data, size_t len, const struct wxr_handler *h, struct wxr_error *err)
{
	struct mem m = {data, len, 0};
	struct wxr_source src = {mem_read, &m};
	return wxr_read(&src, h, err);
}
