/* hosts: reading, changing and atomically writing the server folder's host map. */
#include "press/hosts.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The host map is small: a line per host of a few dozen bytes. */
#define HOSTS_FILE_MAX (4u << 20)

int serverdir_is(const char *dir)
{
	char path[4096];
	struct stat sb;
	if (snprintf(path, sizeof(path), "%s/presses", dir) >= (int)sizeof(path))
		return 0;
	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

int press_name_valid(const char *name)
{
	size_t n = strlen(name);
	if (n < 1 || n > PRESS_NAME_MAX || name[0] == '-')
		return 0;
	return strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

static int ipv6_literal(const char *h, size_t n)
{
	return n >= 4 && n <= 47 && h[0] == '[' && h[n - 1] == ']' &&
	       strspn(h + 1, "0123456789abcdefABCDEF:.") == n - 2;
}

/* Labels of 1 to 63 letters, digits and '-', not starting or ending with '-'. */
static int dns_name(const char *h, size_t n)
{
	size_t label = 0;
	if (n == 0 || n > HOST_NAME_MAX_LEN)
		return 0;
	for (size_t i = 0; i <= n; i++) {
		char c = i < n ? h[i] : '.';
		if (c == '.') {
			if (label == 0 || label > 63 || h[i - 1] == '-')
				return 0;
			label = 0;
			continue;
		}
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || (c == '-' && label > 0);
		if (!ok)
			return 0;
		label++;
	}
	return 1;
}

static int host_ok(const char *h, size_t n)
{
	return ipv6_literal(h, n) || dns_name(h, n);
}

int host_name_valid(const char *host)
{
	return host_ok(host, strlen(host));
}

int host_header_name(const char *host_header, char *out, size_t outlen)
{
	if (!host_header)
		return -1;
	size_t n = strlen(host_header);
	const char *end = host_header + n;
	if (host_header[0] == '[') {
		const char *close = strchr(host_header, ']');
		if (!close)
			return -1;
		end = close + 1;
	} else {
		const char *colon = strchr(host_header, ':');
		if (colon)
			end = colon;
	}
	/* What follows the host can only be a port. */
	if (*end == ':' && (end[1] == '\0' || strspn(end + 1, "0123456789") != strlen(end + 1)))
		return -1;
	if (*end && *end != ':')
		return -1;
	size_t hn = (size_t)(end - host_header);
	if (!host_ok(host_header, hn) || hn + 1 > outlen)
		return -1;
	for (size_t i = 0; i < hn; i++) {
		char c = host_header[i];
		out[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	/* "press.example." names the same host as "press.example". */
	if (hn > 1 && out[hn - 1] == '.')
		hn--;
	out[hn] = '\0';
	return 0;
}

void hostmap_free(struct host_map *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].host);
		free(m->v[i].press);
	}
	free(m->v);
	memset(m, 0, sizeof(*m));
}

int hostmap_add(struct host_map *m, const char *host, const char *press)
{
	char lower[HOST_NAME_MAX_LEN + 1];
	if (host_header_name(host, lower, sizeof(lower)) != 0)
		return -1;
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->v[i].host, lower) == 0)
			return 1;
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->v = xrealloc(m->v, m->cap * sizeof(*m->v));
	}
	m->v[m->n].host = xstrdup(lower);
	m->v[m->n].press = xstrdup(press);
	m->n++;
	return 0;
}

size_t hostmap_drop_press(struct host_map *m, const char *press)
{
	size_t kept = 0, dropped = 0;
	for (size_t i = 0; i < m->n; i++) {
		if (strcmp(m->v[i].press, press) == 0) {
			free(m->v[i].host);
			free(m->v[i].press);
			dropped++;
		} else {
			m->v[kept++] = m->v[i];
		}
	}
	m->n = kept;
	return dropped;
}

const char *hostmap_find(const struct host_map *m, const char *host_header)
{
	char name[HOST_NAME_MAX_LEN + 1];
	if (host_header_name(host_header, name, sizeof(name)) != 0)
		return NULL;
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->v[i].host, name) == 0)
			return m->v[i].press;
	return NULL;
}

/* One "HOST NAME" line (already without its newline and comment). 0, or -1 with err set. */
static int parse_line(struct host_map *m, char *line, unsigned no, char *err, size_t errlen)
{
	char *host = strtok(line, " \t\r");
	if (!host)
		return 0;
	char *press = strtok(NULL, " \t\r");
	if (!press || strtok(NULL, " \t\r")) {
		snprintf(err, errlen, "hosts:%u: a line holds a host and a press name", no);
		return -1;
	}
	if (!host_name_valid(host) || !press_name_valid(press)) {
		snprintf(err, errlen, "hosts:%u: bad %s '%s'", no,
			 host_name_valid(host) ? "press name" : "host",
			 host_name_valid(host) ? press : host);
		return -1;
	}
	if (hostmap_add(m, host, press) != 0) {
		snprintf(err, errlen, "hosts:%u: host '%s' is given twice", no, host);
		return -1;
	}
	return 0;
}

int hostmap_load(const char *server_dir, struct host_map *out, char *err, size_t errlen)
{
	char path[4096];
	memset(out, 0, sizeof(*out));
	snprintf(path, sizeof(path), "%s/hosts", server_dir);
	FILE *f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	char line[1024];
	unsigned no = 0;
	size_t total = 0;
	int rc = 0;
	while (rc == 0 && fgets(line, sizeof(line), f)) {
		no++;
		size_t n = strlen(line);
		total += n;
		if ((n == sizeof(line) - 1 && line[n - 1] != '\n') || total > HOSTS_FILE_MAX) {
			snprintf(err, errlen, "hosts:%u: the line is too long", no);
			rc = -1;
			break;
		}
		line[strcspn(line, "#\n")] = '\0';
		rc = parse_line(out, line, no, err, errlen);
	}
	if (rc == 0 && ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		rc = -1;
	}
	fclose(f);
	if (rc != 0)
		hostmap_free(out);
	return rc;
}

int hostmap_save(const char *server_dir, const struct host_map *m, char *err, size_t errlen)
{
	char path[4096], tmp[4200];
	snprintf(path, sizeof(path), "%s/hosts", server_dir);
	snprintf(tmp, sizeof(tmp), "%s/.hosts.%ld", server_dir, (long)getpid());
	FILE *f = fopen(tmp, "w");
	if (!f) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		return -1;
	}
	fputs("# broadside host map: HOST PRESS (written by 'broadside press')\n", f);
	for (size_t i = 0; i < m->n; i++)
		fprintf(f, "%s %s\n", m->v[i].host, m->v[i].press);
	int bad = fflush(f) != 0 || fsync(fileno(f)) != 0;
	bad |= fclose(f) != 0;
	if (bad || rename(tmp, path) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	/* The rename itself survives a crash once the folder is synced. */
	int dfd = open(server_dir, O_RDONLY | O_DIRECTORY);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
}
