/* httpdate: the IMF-fixdate of HTTP headers (Last-Modified, If-Modified-Since). */
#ifndef BS_HTTPDATE_H
#define BS_HTTPDATE_H

/* "Fri, 27 Nov 2026 09:30:00 GMT" into out (at least 30 bytes). */
void http_date_format(long long t, char out[32]);

/* Parses an IMF-fixdate; returns 0 and sets *t, or -1 for anything else (the obsolete RFC 850
 * and asctime forms included: a client that sends them just gets a full response). */
int http_date_parse(const char *s, long long *t);

#endif
