/* httpdate: the IMF-fixdate of HTTP headers (Last-Modified, If-Modified-Since). */
#include "http/httpdate.h"
#include "util/isodate.h"

#include <stdio.h>
#include <string.h>

static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
				   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void http_date_format(long long t, char out[32])
{
	struct iso_civil c;
	iso_civil_from_unix(t, &c);
	snprintf(out, 32, "%s, %02d %s %04lld %02d:%02d:%02d GMT", days[c.wday], c.day,
		 months[c.month - 1], c.year, c.hour, c.min, c.sec);
}

static int digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

int http_date_parse(const char *s, long long *t)
{
	/* "Sun, 06 Nov 1994 08:49:37 GMT": every field at a fixed offset. */
	int day, year, hour, min, sec, month = -1;
	if (strlen(s) != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' ||
	    s[16] != ' ' || s[19] != ':' || s[22] != ':' || strcmp(s + 25, " GMT") != 0)
		return -1;
	for (int i = 0; i < 12; i++)
		if (strncmp(s + 8, months[i], 3) == 0)
			month = i + 1;
	if (month < 0 || digits(s + 5, 2, &day) || digits(s + 12, 4, &year) ||
	    digits(s + 17, 2, &hour) || digits(s + 20, 2, &min) || digits(s + 23, 2, &sec))
		return -1;
	if (day < 1 || day > iso_days_in_month(year, month) || hour > 23 || min > 59 || sec > 60)
		return -1;
	*t = iso_days_from_civil(year, month, day) * 86400 + hour * 3600 + min * 60 + sec;
	return 0;
}
