/* isodate: ISO 8601 dates to unix time (UTC) and back, plus the formats pages and feeds show. */
#ifndef BS_ISODATE_H
#define BS_ISODATE_H

/*
 * All times are unix seconds (long long, may be negative) in UTC. The calendar is the proleptic
 * Gregorian one, computed with days-from-civil arithmetic, so nothing depends on timegm(), the
 * TZ variable or the C library's time_t range.
 */

/* A time broken down in UTC. wday: 0 = Sunday .. 6 = Saturday. */
struct iso_civil {
	long long year;
	int month; /* 1..12 */
	int day;   /* 1..31 */
	int hour, min, sec;
	int wday;
};

/*
 * Parses an ISO 8601 / RFC 3339 date or date-time into *out. Returns 0, or -1 (and leaves *out
 * alone) when s is not one of:
 *   YYYY-MM-DD
 *   YYYY-MM-DDTHH:MM
 *   YYYY-MM-DDTHH:MM:SS
 *   YYYY-MM-DDTHH:MM:SS.fff   (any number of fraction digits, '.' or ','; truncated)
 * where 'T' may also be 't' or one space, and a date-time may end in a zone: 'Z' or 'z',
 * +HH:MM, -HH:MM, +HHMM or -HHMM, optionally after one space. No zone means UTC.
 * Every field is range-checked (days per month with leap years; hour 0..23, minute and
 * second 0..59, zone up to 23:59). Nothing may precede or follow.
 */
int iso_date_parse(const char *s, long long *out);

/* RFC 3339 in UTC: "2026-11-27T09:30:00Z". */
void iso_date_format(long long t, char out[32]);
/* The calendar day in UTC: "2026-11-27" (for <time datetime> and archive links). */
void iso_day_format(long long t, char out[32]);
/* For readers: "27 November 2026" (UTC, no leading zero on the day). */
void human_date_format(long long t, char out[32]);
/* How long ago t was, at now, in words: "just now", "5 minutes ago", "an hour ago",
 * "3 hours ago", "yesterday at 14:05", "4 days ago", else "on 27 November 2026" (UTC). A time
 * after now is "just now". */
void relative_time_format(long long t, long long now, char out[48]);
/* RFC 822 as RSS wants it: "Fri, 27 Nov 2026 09:30:00 +0000". */
void iso_rfc822_format(long long t, char out[40]);

/* "January".."December" for 1..12; NULL for anything else. */
const char *iso_month_name(int month);
/* The UTC year and month of t, for a monthly archive. Years outside int range are clamped. */
void iso_year_month(long long t, int *year, int *month);
/*
 * The first second of a month in UTC. month may run outside 1..12 and is carried into the year,
 * so [iso_month_start(y, m), iso_month_start(y, m + 1)) is the range of month m.
 */
long long iso_month_start(long long year, int month);

/* Days since 1970-01-01 of a valid calendar date (negative before it). */
long long iso_days_from_civil(long long year, int month, int day);
/* Breaks t down in UTC; defined for every long long. */
void iso_civil_from_unix(long long t, struct iso_civil *c);
/* 1 when year is a Gregorian leap year. */
int iso_is_leap(long long year);
/* 28..31 for month 1..12 of year; 0 for a month outside 1..12. */
int iso_days_in_month(long long year, int month);

#endif
