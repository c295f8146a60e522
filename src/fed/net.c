/* net: libcurl for federation: the address guard on every socket, signed GETs that follow a few
 * redirects by hand (each hop signed for its own host), and deliveries on one curl multi. */
#include "fed/net.h"
#include "fed/httpsig.h"
#include "fed/json.h"
#include "http/httpdate.h"
#include "util/clock.h"
#include "util/xalloc.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

static atomic_int allow_private;

void fed_net_allow_private(int yes)
{
	atomic_store(&allow_private, yes);
}

int fed_net_private_allowed(void)
{
	return atomic_load(&allow_private);
}

static int v4_forbidden(const unsigned char *a)
{
	return a[0] == 0 || a[0] == 10 || a[0] == 127 || (a[0] == 100 && (a[1] & 0xc0) == 64) ||
	       (a[0] == 169 && a[1] == 254) || (a[0] == 172 && (a[1] & 0xf0) == 16) ||
	       (a[0] == 192 && a[1] == 168) || (a[0] == 192 && a[1] == 0 && a[2] == 0) ||
	       (a[0] == 198 && (a[1] & 0xfe) == 18) || a[0] >= 224;
}

static int v6_forbidden(const unsigned char *a)
{
	static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	static const unsigned char zero[15] = {0};
	if (memcmp(a, mapped, 12) == 0)
		return v4_forbidden(a + 12);
	if (memcmp(a, zero, 15) == 0) /* :: and ::1 */
		return 1;
	return (a[0] & 0xfe) == 0xfc ||			  /* unique local fc00::/7 */
	       (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) || /* link-local fe80::/10 */
	       a[0] == 0xff ||				  /* multicast */
	       (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8) || /* docs */
	       (a[0] == 0x00 && a[1] == 0x64 && a[2] == 0xff && a[3] == 0x9b);	 /* NAT64 */
}

int fed_addr_forbidden(const char *text)
{
	unsigned char a[16];
	if (inet_pton(AF_INET, text, a) == 1)
		return v4_forbidden(a);
	if (inet_pton(AF_INET6, text, a) == 1)
		return v6_forbidden(a);
	return 1;
}

static int sockaddr_forbidden(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return v4_forbidden(
		    (const unsigned char *)&((const struct sockaddr_in *)sa)->sin_addr);
	if (sa->sa_family == AF_INET6)
		return v6_forbidden(
		    (const unsigned char *)&((const struct sockaddr_in6 *)sa)->sin6_addr);
	return 1;
}

/* What one transfer collects. */
struct xfer {
	struct buf *body; /* NULL: the answer is read and dropped */
	size_t max, got;
	int too_large, refused;
	char content_type[128];
	char location[2048];
	char retry_after[64];
};

static curl_socket_t open_socket(void *ud, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct xfer *x = ud;
	(void)purpose;
	if (!atomic_load(&allow_private) && sockaddr_forbidden(&a->addr)) {
		x->refused = 1;
		return CURL_SOCKET_BAD;
	}
	return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

static size_t write_cb(char *data, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	size_t n = size * nmemb;
	x->got += n;
	if (x->got > x->max) {
		x->too_large = 1;
		return x->body ? 0 : n;
	}
	if (x->body)
		buf_put(x->body, data, n);
	return n;
}

/* Keeps the value of one header ("Name: value\r\n") when its name is name. */
static void keep_header(const char *line, size_t n, const char *name, char *out, size_t outlen)
{
	size_t nl = strlen(name);
	if (n <= nl + 1 || strncasecmp(line, name, nl) != 0 || line[nl] != ':')
		return;
	const char *v = line + nl + 1;
	size_t len = n - nl - 1;
	while (len && (*v == ' ' || *v == '\t'))
		v++, len--;
	while (len && (v[len - 1] == '\r' || v[len - 1] == '\n' || v[len - 1] == ' '))
		len--;
	if (len >= outlen)
		len = outlen - 1;
	memcpy(out, v, len);
	out[len] = '\0';
}

static size_t header_cb(char *line, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	size_t n = size * nmemb;
	keep_header(line, n, "Content-Type", x->content_type, sizeof(x->content_type));
	keep_header(line, n, "Location", x->location, sizeof(x->location));
	keep_header(line, n, "Retry-After", x->retry_after, sizeof(x->retry_after));
	return n;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* The Host to send and sign (host, and port when the URL has one) and the request target. */
static int split_url(const char *url, char *host, size_t hostlen, char *target, size_t tlen)
{
	CURLU *u = curl_url();
	char *h = NULL, *port = NULL, *path = NULL, *query = NULL;
	int rc = -1;
	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PATH, &path, 0) == CURLUE_OK) {
		curl_url_get(u, CURLUPART_PORT, &port, 0);
		curl_url_get(u, CURLUPART_QUERY, &query, 0);
		int a = snprintf(host, hostlen, "%s%s%s", h, port ? ":" : "", port ? port : "");
		int b =
		    snprintf(target, tlen, "%s%s%s", path, query ? "?" : "", query ? query : "");
		rc = a > 0 && (size_t)a < hostlen && b > 0 && (size_t)b < tlen ? 0 : -1;
	}
	curl_free(h);
	curl_free(port);
	curl_free(path);
	curl_free(query);
	curl_url_cleanup(u);
	return rc;
}

/* The headers of a signed request: Host, Date, then Accept (a GET) or Digest and Content-Type
 * (a POST), and the Signature over them. NULL when the URL or the signing fails. */
static struct curl_slist *signed_headers(const struct fed_signer *s, const char *method,
					 const char *url, const char *accept, const char *body,
					 size_t len)
{
	char host[512], target[FED_URL_MAX + 8], date[32], digest[64];
	if (split_url(url, host, sizeof(host), target, sizeof(target)) != 0)
		return NULL;
	http_date_format(clock_now(), date);
	struct httpsig_field f[4] = {{"Host", host}, {"Date", date}};
	size_t n = 2;
	if (body) {
		httpsig_digest(body, len, digest);
		f[n++] = (struct httpsig_field){"Digest", digest};
		f[n++] = (struct httpsig_field){"Content-Type", "application/activity+json"};
	} else {
		f[n++] = (struct httpsig_field){"Accept", accept};
	}
	struct buf sig = {0}, line = {0};
	struct curl_slist *list = NULL;
	if (httpsig_sign(s->key, s->key_id, method, target, f, n, &sig) != 0) {
		buf_free(&sig);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		buf_reset(&line);
		buf_printf(&line, "%s: %s", f[i].name, f[i].value);
		list = curl_slist_append(list, buf_str(&line));
	}
	buf_reset(&line);
	buf_printf(&line, "Signature: %s", buf_str(&sig));
	list = curl_slist_append(list, buf_str(&line));
	/* No "Expect: 100-continue" round trip before a body. */
	list = curl_slist_append(list, "Expect:");
	buf_free(&sig);
	buf_free(&line);
	return list;
}

static CURL *easy(const struct fed_signer *s, const char *url, struct curl_slist *headers,
		  struct xfer *x, long timeout)
{
	CURL *h = curl_easy_init();
	if (!h)
		return NULL;
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_PROXY, "");
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)FED_CONNECT_SECONDS);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(h, CURLOPT_USERAGENT, s->user_agent);
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->max);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, open_socket);
	curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, x);
	return h;
}

static void why(char *out, size_t outlen, const struct xfer *x, CURLcode rc)
{
	if (x->refused)
		snprintf(out, outlen, "refused: the address is private or loopback");
	else if (x->too_large || rc == CURLE_FILESIZE_EXCEEDED)
		snprintf(out, outlen, "refused: the answer is larger than %zu bytes", x->max);
	else
		snprintf(out, outlen, "%s", curl_easy_strerror(rc));
}

int fed_get(const struct fed_signer *signer, const char *url, const char *accept, size_t max,
	    struct fed_response *r)
{
	pthread_once(&once, init);
	memset(r, 0, sizeof(*r));
	snprintf(r->url, sizeof(r->url), "%s", url);
	for (int hop = 0;; hop++) {
		if (!fed_url_ok(r->url)) {
			snprintf(r->error, sizeof(r->error), "not an http(s) URL");
			return -1;
		}
		struct xfer x = {.body = &r->body, .max = max};
		buf_reset(&r->body);
		struct curl_slist *headers = signed_headers(signer, "GET", r->url, accept, NULL, 0);
		CURL *h = headers ? easy(signer, r->url, headers, &x, FED_FETCH_SECONDS) : NULL;
		if (!h) {
			curl_slist_free_all(headers);
			snprintf(r->error, sizeof(r->error), "the request cannot be made");
			return -1;
		}
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
		CURLcode rc = curl_easy_perform(h);
		long status = 0;
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
		CURLU *u = NULL;
		if (rc == CURLE_OK && status >= 300 && status < 400 && x.location[0] &&
		    hop < FED_REDIRECTS) {
			/* The Location, resolved against the URL it came from. */
			char *next = NULL;
			u = curl_url();
			if (u && curl_url_set(u, CURLUPART_URL, r->url, 0) == CURLUE_OK &&
			    curl_url_set(u, CURLUPART_URL, x.location, 0) == CURLUE_OK &&
			    curl_url_get(u, CURLUPART_URL, &next, 0) == CURLUE_OK)
				snprintf(r->url, sizeof(r->url), "%s", next);
			else
				status = 0;
			curl_free(next);
			curl_url_cleanup(u);
		}
		curl_easy_cleanup(h);
		curl_slist_free_all(headers);
		if (rc != CURLE_OK) {
			why(r->error, sizeof(r->error), &x, rc);
			return -1;
		}
		if (status == 0) {
			snprintf(r->error, sizeof(r->error), "a redirect to a bad address");
			return -1;
		}
		if (status >= 300 && status < 400 && x.location[0] && hop < FED_REDIRECTS)
			continue;
		r->status = (int)status;
		for (char *c = x.content_type; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		snprintf(r->content_type, sizeof(r->content_type), "%s", x.content_type);
		return 0;
	}
}

/* Seconds a Retry-After header asks for (delta-seconds or an HTTP date), 0 when none. */
static int retry_seconds(const char *v)
{
	if (!*v)
		return 0;
	if (strspn(v, "0123456789") == strlen(v) && strlen(v) < 9)
		return atoi(v);
	long long t;
	if (http_date_parse(v, &t) == 0) {
		long long d = t - clock_now();
		return d > 0 ? (d > 30 * 86400 ? 30 * 86400 : (int)d) : 0;
	}
	return 0;
}

struct slot {
	struct fed_post *post;
	CURL *h;
	struct curl_slist *headers;
	struct xfer x;
};

static int start(CURLM *m, struct fed_post *p, struct slot *sl)
{
	const struct fed_signer *s = p->signer;
	memset(sl, 0, sizeof(*sl));
	sl->post = p;
	sl->x.max = FED_ANSWER_MAX;
	if (!fed_url_ok(p->url)) {
		snprintf(p->error, sizeof(p->error), "the inbox is not an http(s) URL");
		return -1;
	}
	sl->headers = signed_headers(s, "POST", p->url, NULL, p->body, p->len);
	sl->h = sl->headers ? easy(s, p->url, sl->headers, &sl->x, FED_POST_SECONDS) : NULL;
	if (!sl->h) {
		curl_slist_free_all(sl->headers);
		snprintf(p->error, sizeof(p->error), "the request cannot be made");
		return -1;
	}
	curl_easy_setopt(sl->h, CURLOPT_POST, 1L);
	curl_easy_setopt(sl->h, CURLOPT_POSTFIELDS, p->body);
	curl_easy_setopt(sl->h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)p->len);
	curl_easy_setopt(sl->h, CURLOPT_PRIVATE, sl);
	curl_multi_add_handle(m, sl->h);
	return 0;
}

static void finish(CURLM *m, struct slot *sl, CURLcode rc)
{
	struct fed_post *p = sl->post;
	long status = 0;
	curl_easy_getinfo(sl->h, CURLINFO_RESPONSE_CODE, &status);
	/* A dropped answer past its cap still says how the delivery went. */
	if (rc == CURLE_OK || (status && sl->x.too_large)) {
		p->status = (int)status;
		p->retry_after = retry_seconds(sl->x.retry_after);
		if (status < 200 || status > 299)
			snprintf(p->error, sizeof(p->error), "HTTP %ld", status);
	} else {
		why(p->error, sizeof(p->error), &sl->x, rc);
	}
	curl_multi_remove_handle(m, sl->h);
	curl_easy_cleanup(sl->h);
	curl_slist_free_all(sl->headers);
	sl->h = NULL;
}

void fed_post_all(struct fed_post *posts, size_t n)
{
	pthread_once(&once, init);
	CURLM *m = curl_multi_init();
	struct slot *slots = xcalloc(n ? n : 1, sizeof(*slots));
	size_t next = 0, running = 0;
	if (!m) {
		for (size_t i = 0; i < n; i++)
			snprintf(posts[i].error, sizeof(posts[i].error), "no curl multi handle");
		free(slots);
		return;
	}
	curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)FED_PARALLEL);
	for (;;) {
		while (next < n && running < FED_PARALLEL) {
			if (start(m, &posts[next], &slots[next]) == 0)
				running++;
			next++;
		}
		if (!running)
			break;
		int still = 0;
		curl_multi_perform(m, &still);
		CURLMsg *msg;
		int left;
		while ((msg = curl_multi_info_read(m, &left))) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			struct slot *sl = NULL;
			CURLcode rc = msg->data.result;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&sl);
			finish(m, sl, rc);
			running--;
		}
		if (running)
			curl_multi_poll(m, NULL, 0, 1000, NULL);
	}
	curl_multi_cleanup(m);
	free(slots);
}
