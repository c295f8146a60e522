/* send: SMTP through libcurl (a connection kept per thread), or .eml files in the outbox. */
#include "mail/send.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct reader {
	const char *data;
	size_t left;
};

static size_t read_cb(char *dst, size_t size, size_t nitems, void *ud)
{
	struct reader *r = ud;
	size_t n = size * nitems;
	if (n > r->left)
		n = r->left;
	memcpy(dst, r->data, n);
	r->data += n;
	r->left -= n;
	return n;
}

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* One handle a thread: libcurl keeps its connection to the server open between messages. */
static __thread CURL *handle;
static __thread char handle_url[512];

static int outbox_write(const struct mail_config *c, const char *name, const char *msg, size_t len,
			char *err, size_t errlen)
{
	char path[4200], tmp[4300];
	if (mkdir(c->outbox, 0700) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", c->outbox, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s", c->outbox, name);
	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", c->outbox, name);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		return -1;
	}
	int bad = write(fd, msg, len) != (ssize_t)len || fsync(fd) != 0;
	bad |= close(fd) != 0;
	if (bad || rename(tmp, path) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

int mail_send(const struct mail_config *c, const char *from_addr, const char *rcpt, const char *msg,
	      size_t len, const char *name, char *err, size_t errlen, int *permanent)
{
	*permanent = 0;
	if (!c->smtp_url || !*c->smtp_url)
		return outbox_write(c, name, msg, len, err, errlen);
	pthread_once(&curl_once, curl_init);
	if (handle && strcmp(handle_url, c->smtp_url) != 0) {
		curl_easy_cleanup(handle);
		handle = NULL;
	}
	if (!handle && !(handle = curl_easy_init())) {
		snprintf(err, errlen, "libcurl cannot start");
		return -1;
	}
	snprintf(handle_url, sizeof(handle_url), "%s", c->smtp_url);
	CURL *h = handle;
	curl_easy_reset(h);
	struct reader r = {msg, len};
	char from[300];
	snprintf(from, sizeof(from), "<%s>", from_addr);
	char to[300];
	snprintf(to, sizeof(to), "<%s>", rcpt);
	struct curl_slist *rcpts = curl_slist_append(NULL, to);
	curl_easy_setopt(h, CURLOPT_URL, c->smtp_url);
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(h, CURLOPT_READDATA, &r);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 15L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 120L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	/* STARTTLS when offered, and required before a password or when the setting says so:
	 * no one on the way may strip it to read the password, the addresses and the links. */
	int need_tls = c->require_tls || (c->user && *c->user);
	if (strncmp(c->smtp_url, "smtp://", 7) == 0)
		curl_easy_setopt(h, CURLOPT_USE_SSL,
				 need_tls ? (long)CURLUSESSL_ALL : (long)CURLUSESSL_TRY);
	if (c->user && *c->user) {
		curl_easy_setopt(h, CURLOPT_USERNAME, c->user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, c->password ? c->password : "");
	}
	CURLcode rc = curl_easy_perform(h);
	long code = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(rcpts);
	if (rc == CURLE_OK)
		return 0;
	/* A refusal of this message for good (no such mailbox, not allowed, too big, rejected)
	 * is not worth a retry. Other 5xx answers (authentication, TLS, a syntax error) say the
	 * settings are wrong, which holds for every mail: those wait and are tried again. */
	*permanent = rc != CURLE_LOGIN_DENIED && rc != CURLE_USE_SSL_FAILED &&
		     (code == 550 || code == 551 || code == 552 || code == 553 || code == 554 ||
		      code == 556);
	if (code)
		snprintf(err, errlen, "SMTP: %s (the server answered %ld)", curl_easy_strerror(rc),
			 code);
	else
		snprintf(err, errlen, "SMTP: %s", curl_easy_strerror(rc));
	return -1;
}

int mail_read_password(const char *path, char *out, size_t outlen, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "smtp_password_file %s: %s", path, strerror(errno));
		return -1;
	}
	char line[1024];
	int ok = fgets(line, sizeof(line), f) != NULL;
	fclose(f);
	if (!ok) {
		snprintf(err, errlen, "smtp_password_file %s is empty", path);
		return -1;
	}
	line[strcspn(line, "\r\n")] = '\0';
	snprintf(out, outlen, "%s", line);
	return 0;
}
