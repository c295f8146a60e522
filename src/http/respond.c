/* respond: building libmicrohttpd responses: content policy, caching headers, cookies, gzip
 * variants and file bodies. */
#include "http/respond.h"
#include "http/cache.h"
#include "http/gzip.h"
#include "http/httpdate.h"
#include "req/req.h"
#include "util/buf.h"
#include "util/xalloc.h"

#include <microhttpd.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Bodies below this are sent as they are: gzip would save too little to pay for itself. */
#define GZIP_MIN 256

/* Public pages run one script of ours (copy.js, the buttons that copy a handle). */
static const char csp[] =
    "default-src 'none'; style-src 'self'; img-src 'self' https: http: data:; "
    "script-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/* The admin pages run one script of ours (the editor's). */
static const char admin_csp[] =
    "default-src 'none'; style-src 'self'; img-src 'self' https: http: data:; "
    "script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

static void add_common_headers(struct MHD_Response *resp, const char *type, const char *policy)
{
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "strict-origin-when-cross-origin");
	if (strncmp(type, "text/html", 9) == 0)
		MHD_add_response_header(resp, "Content-Security-Policy", policy);
}

static struct MHD_Response *response_from(struct buf *body)
{
	size_t len;
	char *data = buf_detach(body, &len);
	/* A buffer grows by doubling and a gzip one starts at deflateBound: hand over only
	 * what is used, or cached pages hold up to twice their size (four times gzipped). */
	data = xrealloc(data, len ? len : 1);
	return MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
}

static void add_cookies(struct MHD_Response *resp, const struct page_out *out)
{
	if (out->set_cookie)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, out->set_cookie);
	if (out->set_cookie2)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, out->set_cookie2);
}

static int queue(struct MHD_Connection *con, unsigned status, struct MHD_Response *resp)
{
	int ret = MHD_queue_response(con, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

int respond_page(struct MHD_Connection *con, struct page_out *out, enum respond_kind kind)
{
	struct MHD_Response *resp = response_from(&out->body);
	add_common_headers(resp, out->type ? out->type : "text/html; charset=utf-8",
			   kind == RESPOND_ADMIN ? admin_csp : csp);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (out->vary_accept)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Accept");
	if (out->cors)
		MHD_add_response_header(resp, "Access-Control-Allow-Origin", "*");
	if (kind == RESPOND_ADMIN)
		MHD_add_response_header(resp, "X-Robots-Tag", "noindex");
	/* A download is never run as a page of this site, whatever it holds. */
	if (out->disposition) {
		MHD_add_response_header(resp, "Content-Disposition", out->disposition);
		MHD_add_response_header(resp, "Content-Security-Policy", "default-src 'none'");
	}
	add_cookies(resp, out);
	if (out->status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW,
					out->allow ? out->allow : "GET, HEAD");
	if (out->retry_after) {
		char n[16];
		snprintf(n, sizeof(n), "%d", out->retry_after);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, n);
	}
	return queue(con, (unsigned)out->status, resp);
}

int respond_redirect(struct MHD_Connection *con, const struct page_out *out)
{
	struct MHD_Response *resp =
	    MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, out->location);
	/* A slug may be renamed back: a remembered 301 would then loop. */
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	add_cookies(resp, out);
	return queue(con, out->status == 301 ? 301u : MHD_HTTP_SEE_OTHER, resp);
}

int respond_file(struct MHD_Connection *con, struct page_out *out, unsigned long long *sent)
{
	const char *inm =
	    MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
	struct MHD_Response *resp;
	unsigned status = MHD_HTTP_OK;
	*sent = 0;
	if (inm && strstr(inm, out->etag)) {
		close(out->fd);
		resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
		status = MHD_HTTP_NOT_MODIFIED;
	} else {
		resp = MHD_create_response_from_fd((uint64_t)out->fd_size, out->fd);
		if (!resp) {
			close(out->fd);
			out->fd = -1;
			return MHD_NO;
		}
		*sent = (unsigned long long)out->fd_size;
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, out->type);
		MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
		MHD_add_response_header(resp, "Content-Security-Policy", "default-src 'none'");
	}
	out->fd = -1;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, out->etag);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
				"public, max-age=31536000, immutable");
	return queue(con, status, resp);
}

int respond_plain(struct MHD_Connection *con, int status, const char *text)
{
	struct MHD_Response *resp =
	    MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	return queue(con, (unsigned)status, resp);
}

/* Counts renders of cacheable pages; each cached response carries its number (X-Render), so
 * a test or an operator can see whether a page came from the cache or was made again. */
static atomic_ulong renders;

static void set_cache_headers(struct MHD_Response *resp, const struct page_out *out,
			      const char *etag, unsigned long render)
{
	char n[24];
	snprintf(n, sizeof(n), "%lu", render);
	MHD_add_response_header(resp, "X-Render", n);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, etag);
	if (out->last_modified) {
		char date[32];
		http_date_format(out->last_modified, date);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_LAST_MODIFIED, date);
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY,
				out->vary_accept ? "Accept, Accept-Encoding" : "Accept-Encoding");
	if (out->cors)
		MHD_add_response_header(resp, "Access-Control-Allow-Origin", "*");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
				out->immutable ? "public, max-age=31536000, immutable"
					       : "no-cache");
}

void respond_item(struct page_out *out, struct cache_item *item, char *etag, size_t etaglen,
		  int want_gzip)
{
	unsigned char h[16];
	crypto_generichash(h, sizeof(h), (const unsigned char *)out->body.data, out->body.len, NULL,
			   0);
	char hex[33];
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	snprintf(etag, etaglen, "W/\"%s\"", hex);
	memset(item, 0, sizeof(*item));
	unsigned long render = atomic_fetch_add(&renders, 1) + 1;
	const char *type = out->type ? out->type : "text/html; charset=utf-8";
	item->etag = etag;
	item->bytes = out->body.len;
	item->last_modified = out->last_modified;
	if (want_gzip && out->body.len >= GZIP_MIN) {
		struct buf z = {0};
		if (gzip_compress(out->body.data, out->body.len, &z) == 0 &&
		    z.len < out->body.len) {
			item->bytes += z.len;
			item->gzip_len = z.len;
			item->gzip = response_from(&z);
			add_common_headers(item->gzip, type, csp);
			set_cache_headers(item->gzip, out, etag, render);
			MHD_add_response_header(item->gzip, MHD_HTTP_HEADER_CONTENT_ENCODING,
						"gzip");
		}
		buf_free(&z);
	}
	item->plain_len = out->body.len;
	item->plain = response_from(&out->body);
	add_common_headers(item->plain, type, csp);
	set_cache_headers(item->plain, out, etag, render);
	item->not_modified = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	set_cache_headers(item->not_modified, out, etag, render);
}
