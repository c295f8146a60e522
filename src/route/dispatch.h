/* dispatch: runs the handler of a matched request after the checks its route row asks for. */
#ifndef BS_DISPATCH_H
#define BS_DISPATCH_H

struct page_out;
struct req;

/*
 * r is filled by the HTTP layer (press, store, site, row, route, cookies, form). Checks what
 * r->row asks for: for ACCESS_PRE rows the bs_pre cookie and CSRF token of a POST; for
 * ACCESS_ROLE rows a live session, a role in the row's set and the session's CSRF token on a
 * POST (a GET without a session is sent to sign in, a POST gets 401). Then runs the handler.
 * Returns the handler's result: 0, or -1 when the store failed (out then holds a 500 page).
 */
int route_dispatch(struct req *r, struct page_out *out);

/* The error page for status with a sentence: the admin look for admin rows, else the theme's.
 * out->body must be empty. */
void route_error(struct req *r, int status, const char *msg, struct page_out *out);

#endif
