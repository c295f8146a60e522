/* req: reading a request's query parameters, form fields, headers and cookies. */
#include "req/req.h"
#include "req/form.h"
#include "route/route.h"

#include <string.h>
#include <strings.h>

void page_out_init(struct page_out *out)
{
	memset(out, 0, sizeof(*out));
	out->fd = -1;
}

const char *req_arg(struct req *r, const char *key)
{
	const char *v = r->get ? r->get(r->get_ud, REQ_QUERY, key) : NULL;
	return v ? route_decode(v, strlen(v), 1, r->pool) : NULL;
}

const char *req_field(struct req *r, const char *key)
{
	const char *v = r->form ? form_get(r->form, key) : NULL;
	return v ? v : "";
}

const char *req_header(struct req *r, const char *name)
{
	return r->get ? r->get(r->get_ud, REQ_HEADER, name) : NULL;
}

const char *req_cookie(struct req *r, const char *name)
{
	return r->get ? r->get(r->get_ud, REQ_COOKIE, name) : NULL;
}

int req_accepts_activity(const char *accept)
{
	if (!accept)
		return 0;
	for (const char *s = accept; *s; s++)
		if (strncasecmp(s, "application/activity+json", 25) == 0 ||
		    strncasecmp(s, "application/ld+json", 19) == 0)
			return 1;
	return 0;
}
