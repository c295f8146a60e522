/* isodate: ISO 8601 dates to unix time (UTC) and back, plus the formats pages and feeds show. */
#include "isodate.h"

#include <limits.h>
#include <stdio.h>

#define SECS_PER_DAY 86400LL
/* 1970-01-01 counted from 0000-03-01, the epoch of the civil-day arithmetic below. */
#define EPOCH_SHIFT 719468LL
#define DAYS_PER_ERA 146097LL

static const char *const month_names[12] = {"January",	 "February", "March",	 "April",
					    "May",	 "June",     "July",	 "August",
					    "September", "October",  "November", "December"};
static const char *const day_abbr[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

/* Rounds towards minus infinity, so times before 1970 land on the right day. */
static long long floor_div(long long a, long long b)
{
	long long q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

int iso_is_leap(long long year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int iso_days_in_month(long long year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && iso_is_leap(year))
		return 29;
	return days[month - 1];
}

/*
 * Counting years from March makes the leap day the last day of the year, so the day of the
 * year follows from the month by one linear formula; 400-year eras repeat exactly.
 */
long long iso_days_from_civil(long long year, int month, int day)
{
	long long y = month <= 2 ? year - 1 : year;
	long long era = floor_div(y, 400);
	long long yoe = y - era * 400;
	long long mp = month > 2 ? month - 3 : month + 9;
	long long doy = (153 * mp + 2) / 5 + day - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * DAYS_PER_ERA + doe - EPOCH_SHIFT;
}

void iso_civil_from_unix(long long t, struct iso_civil *c)
{
	long long days = floor_div(t, SECS_PER_DAY);
	/* Not t - days * 86400: that product overflows for the most negative times. */
	long long secs = t % SECS_PER_DAY;
	if (secs < 0)
		secs += SECS_PER_DAY;
	long long z = days + EPOCH_SHIFT;
	long long era = floor_div(z, DAYS_PER_ERA);
	long long doe = z - era * DAYS_PER_ERA;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	c->day = (int)(doy - (153 * mp + 2) / 5 + 1);
	c->month = (int)(mp < 10 ? mp + 3 : mp - 9);
	c->year = yoe + era * 400 + (c->month <= 2);
	c->hour = (int)(secs / 3600);
	c->min = (int)(secs / 60 % 60);
	c->sec = (int)(secs % 60);
	/* 1970-01-01 was a Thursday. */
	c->wday = (int)((days % 7 + 11) % 7);
}

long long iso_month_start(long long year, int month)
{
	long long m0 = (long long)month - 1;
	long long y = year + floor_div(m0, 12);
	int m = (int)(m0 - floor_div(m0, 12) * 12) + 1;
	return iso_days_from_civil(y, m, 1) * SECS_PER_DAY;
}

const char *iso_month_name(int month)
{
	if (month < 1 || month > 12)
		return NULL;
	return month_names[month - 1];
}

void iso_year_month(long long t, int *year, int *month)
{
	struct iso_civil c;
	iso_civil_from_unix(t, &c);
	if (c.year > INT_MAX)
		c.year = INT_MAX;
	if (c.year < INT_MIN)
		c.year = INT_MIN;
	*year = (int)c.year;
	*month = c.month;
}

void iso_date_format(long long t, char out[32])
{
	struct iso_civil c;
	iso_civil_from_unix(t, &c);
	snprintf(out, 32, "%04lld-%02d-%02dT%02d:%02d:%02dZ", c.year, c.month, c.day, c.hour, c.min,
		 c.sec);
}

void iso_day_format(long long t, char out[32])
{
	struct iso_civil c;
	iso_civil_from_unix(t, &c);
	snprintf(out, 32, "%04lld-%02d-%02d", c.year, c.month, c.day);
}

void human_date_format(long long t, char out[32])
{
	struct iso_civil c;
	iso_civil_from_unix(t, &c);
	snprintf(out, 32, "%d %s %lld", c.day, month_names[c.month - 1], c.year);
}

void relative_time_format(long long t, long long now, char out[48])
{
	long long d = now - t;
	if (d < 60) {
		snprintf(out, 48, "just now");
	} else if (d < 3600) {
		long long m = d / 60;
		snprintf(out, 48, "%lld minute%s ago", m, m == 1 ? "" : "s");
	} else if (d < 2 * 3600) {
		snprintf(out, 48, "an hour ago");
	} else if (d < 86400) {
		snprintf(out, 48, "%lld hours ago", d / 3600);
	} else if (d < 2 * 86400) {
		struct iso_civil c;
		iso_civil_from_unix(t, &c);
		snprintf(out, 48, "yesterday at %02d:%02d", c.hour, c.min);
	} else if (d < 7 * 86400) {
		snprintf(out, 48, "%lld days ago", d / 86400);
	} else {
		char day[32];
		human_date_format(t, day);
		snprintf(out, 48, "on %s", day);
	}
}

void iso_rfc822_format(long long t, char out[40])
{
	struct iso_civil c;
	iso_civil_from_unix(t, &c);
	snprintf(out, 40, "%s, %02d %.3s %04lld %02d:%02d:%02d +0000", day_abbr[c.wday], c.day,
		 month_names[c.month - 1], c.year, c.hour, c.min, c.sec);
}

/* Reads exactly n ASCII digits; advances *p only on success. */
static int take_digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char ch = (*p)[i];
		if (ch < '0' || ch > '9')
			return -1;
		v = v * 10 + (ch - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

static int take_char(const char **p, char want)
{
	if (**p != want)
		return -1;
	(*p)++;
	return 0;
}

/* HH:MM[:SS[.fff]] after the date; seconds default to 0. */
static int parse_clock(const char **p, int *h, int *mi, int *s)
{
	*s = 0;
	if (take_digits(p, 2, h) || take_char(p, ':') || take_digits(p, 2, mi))
		return -1;
	if (**p == ':') {
		(*p)++;
		if (take_digits(p, 2, s))
			return -1;
		if (**p == '.' || **p == ',') {
			(*p)++;
			if (**p < '0' || **p > '9')
				return -1;
			while (**p >= '0' && **p <= '9')
				(*p)++;
		}
	}
	if (*h > 23 || *mi > 59 || *s > 59)
		return -1;
	return 0;
}

/* Z, +HH:MM, +HHMM (or '-'), or nothing; *offset is the zone's seconds east of UTC. */
static int parse_zone(const char **p, long long *offset)
{
	*offset = 0;
	if (**p == ' ' && (*p)[1] != '\0')
		(*p)++;
	if (**p == 'Z' || **p == 'z') {
		(*p)++;
		return 0;
	}
	if (**p != '+' && **p != '-')
		return **p == '\0' ? 0 : -1;
	int sign = **p == '-' ? -1 : 1;
	(*p)++;
	int oh, om;
	if (take_digits(p, 2, &oh))
		return -1;
	if (**p == ':')
		(*p)++;
	if (take_digits(p, 2, &om) || oh > 23 || om > 59)
		return -1;
	*offset = sign * (oh * 3600LL + om * 60LL);
	return 0;
}

int iso_date_parse(const char *s, long long *out)
{
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, sec = 0;
	long long offset = 0;
	if (take_digits(&p, 4, &y) || take_char(&p, '-') || take_digits(&p, 2, &mo) ||
	    take_char(&p, '-') || take_digits(&p, 2, &d))
		return -1;
	if (d < 1 || d > iso_days_in_month(y, mo))
		return -1;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (parse_clock(&p, &h, &mi, &sec) || parse_zone(&p, &offset))
			return -1;
	}
	if (*p != '\0')
		return -1;
	*out = iso_days_from_civil(y, mo, d) * SECS_PER_DAY + h * 3600LL + mi * 60LL + sec - offset;
	return 0;
}
