/* test_isodate: ISO 8601 parsing, the calendar arithmetic and the date formats. */
#include "util/isodate.h"

#include <criterion/criterion.h>
#include <limits.h>
#include <string.h>

/* Parses s, failing the test when it is refused. */
static long long parsed(const char *s)
{
	long long t = 12345;
	cr_assert_eq(iso_date_parse(s, &t), 0, "refused '%s'", s);
	return t;
}

static void refused(const char *s)
{
	long long t = 12345;
	cr_expect_eq(iso_date_parse(s, &t), -1, "accepted '%s'", s);
	cr_expect_eq(t, 12345, "'%s' changed the output", s);
}

Test(isodate, plain_dates)
{
	cr_expect_eq(parsed("1970-01-01"), 0);
	cr_expect_eq(parsed("2026-11-27"), 1795737600LL);
	cr_expect_eq(parsed("2000-02-29"), 951782400LL);
	cr_expect_eq(parsed("0001-01-01"), -62135596800LL);
	cr_expect_eq(parsed("9999-12-31"), 253402300799LL - 86399);
}

Test(isodate, times_and_separators)
{
	cr_expect_eq(parsed("2026-11-27T09:30"), 1795771800LL);
	cr_expect_eq(parsed("2026-11-27T09:30:00"), 1795771800LL);
	cr_expect_eq(parsed("2026-11-27 09:30:00"), 1795771800LL);
	cr_expect_eq(parsed("2026-11-27t09:30:00z"), 1795771800LL);
	cr_expect_eq(parsed("2026-11-27T09:30:00Z"), 1795771800LL);
	cr_expect_eq(parsed("2026-11-27T09:30:00.999Z"), 1795771800LL);
	cr_expect_eq(parsed("2026-11-27T09:30:00,5"), 1795771800LL);
	cr_expect_eq(parsed("2026-11-27T09:30:00.123456789"), 1795771800LL);
	cr_expect_eq(parsed("1969-12-31T23:59:59Z"), -1);
	cr_expect_eq(parsed("9999-12-31T23:59:59Z"), 253402300799LL);
}

Test(isodate, zones)
{
	cr_expect_eq(parsed("2026-11-27T09:30:00+01:00"), 1795768200LL);
	cr_expect_eq(parsed("2026-11-27T09:30:00+0100"), 1795768200LL);
	cr_expect_eq(parsed("2026-11-27T09:30+01:00"), 1795768200LL);
	cr_expect_eq(parsed("2026-11-27 09:30:00 +01:00"), 1795768200LL);
	cr_expect_eq(parsed("2024-02-29T12:00:00-05:30"), 1709227800LL);
	cr_expect_eq(parsed("2026-11-27T09:30:00-00:00"), 1795771800LL);
	cr_expect_eq(parsed("2026-11-27T09:30:00.5+23:59"), 1795771800LL - 23 * 3600 - 59 * 60);
	/* An offset can carry the moment into another day, month or year. */
	cr_expect_eq(parsed("2027-01-01T00:30:00+01:00"), parsed("2026-12-31T23:30:00Z"));
}

Test(isodate, leap_years)
{
	parsed("2024-02-29");
	parsed("2000-02-29");
	parsed("1600-02-29");
	refused("2023-02-29");
	refused("1900-02-29");
	refused("2100-02-29");
	refused("2024-02-30");
}

Test(isodate, out_of_range_fields)
{
	refused("2026-13-01");
	refused("2026-00-10");
	refused("2026-01-00");
	refused("2026-04-31");
	refused("2026-01-32");
	refused("2026-11-27T24:00");
	refused("2026-11-27T23:60");
	refused("2026-11-27T23:59:60");
	refused("2026-11-27T09:30+24:00");
	refused("2026-11-27T09:30+01:60");
}

Test(isodate, malformed)
{
	const char *bad[] = {
	    "",
	    "2026",
	    "2026-11",
	    "2026-1-27",
	    "26-11-27",
	    "2026/11/27",
	    "20261127",
	    "2026-11-27T",
	    "2026-11-27T09",
	    "2026-11-27T9:30",
	    "2026-11-27T09:3",
	    "2026-11-27T09:30:0",
	    "2026-11-27T09:30:00.",
	    "2026-11-27T09:30:00.Z",
	    "2026-11-27T09:30.5",
	    "2026-11-27Z",
	    "2026-11-27 ",
	    " 2026-11-27",
	    "2026-11-27T09:30 ",
	    "2026-11-27T09:30:00+01",
	    "2026-11-27T09:30:00+1:00",
	    "2026-11-27T09:30:00+01:0",
	    "2026-11-27T09:30:00ZZ",
	    "2026-11-27T09:30:00 Z ",
	    "2026-11-27T09:30:00  Z",
	    "2026-11-27x",
	    "2026-11-27T09:30:00UTC",
	    "-2026-11-27",
	    "+2026-11-27",
	    "２０２６-11-27",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		refused(bad[i]);
}

Test(isodate, formats)
{
	char out[40];
	iso_date_format(1795771800LL, out);
	cr_expect_str_eq(out, "2026-11-27T09:30:00Z");
	iso_date_format(-1, out);
	cr_expect_str_eq(out, "1969-12-31T23:59:59Z");
	iso_day_format(1795771800LL, out);
	cr_expect_str_eq(out, "2026-11-27");
	human_date_format(1795771800LL, out);
	cr_expect_str_eq(out, "27 November 2026");
	human_date_format(parsed("2026-03-01"), out);
	cr_expect_str_eq(out, "1 March 2026");
	iso_rfc822_format(1795771800LL, out);
	cr_expect_str_eq(out, "Fri, 27 Nov 2026 09:30:00 +0000");
	iso_rfc822_format(parsed("2024-02-29T12:00:00-05:30"), out);
	cr_expect_str_eq(out, "Thu, 29 Feb 2024 17:30:00 +0000");
	iso_rfc822_format(-1, out);
	cr_expect_str_eq(out, "Wed, 31 Dec 1969 23:59:59 +0000");
}

Test(isodate, months)
{
	cr_expect_str_eq(iso_month_name(1), "January");
	cr_expect_str_eq(iso_month_name(12), "December");
	cr_expect_null(iso_month_name(0));
	cr_expect_null(iso_month_name(13));
	int y, m;
	iso_year_month(1795771800LL, &y, &m);
	cr_expect(y == 2026 && m == 11);
	iso_year_month(-1, &y, &m);
	cr_expect(y == 1969 && m == 12);
	cr_expect_eq(iso_month_start(2026, 11), parsed("2026-11-01"));
	cr_expect_eq(iso_month_start(2026, 13), parsed("2027-01-01"));
	cr_expect_eq(iso_month_start(2026, 0), parsed("2025-12-01"));
	cr_expect_eq(iso_month_start(2026, -11), parsed("2025-01-01"));
	cr_expect_eq(iso_month_start(2026, 25), parsed("2028-01-01"));
	cr_expect_eq(iso_days_in_month(2024, 2), 29);
	cr_expect_eq(iso_days_in_month(2026, 2), 28);
	cr_expect_eq(iso_days_in_month(2026, 4), 30);
	cr_expect_eq(iso_days_in_month(2026, 13), 0);
}

/* Walks every day from year 1 to 9999: consecutive days, round trips and weekdays agree. */
Test(isodate, every_day_round_trips)
{
	long long expect = iso_days_from_civil(1, 1, 1);
	int wday = 1; /* 0001-01-01 was a Monday in the proleptic Gregorian calendar */
	for (long long y = 1; y <= 9999; y++) {
		for (int m = 1; m <= 12; m++) {
			for (int d = 1; d <= iso_days_in_month(y, m); d++) {
				long long days = iso_days_from_civil(y, m, d);
				if (days != expect)
					cr_assert_fail("%lld-%d-%d is day %lld, want %lld", y, m, d,
						       days, expect);
				struct iso_civil c;
				iso_civil_from_unix(days * 86400 + 86399, &c);
				if (c.year != y || c.month != m || c.day != d || c.wday != wday ||
				    c.hour != 23 || c.min != 59 || c.sec != 59)
					cr_assert_fail("day %lld came back as %lld-%d-%d", days,
						       c.year, c.month, c.day);
				expect++;
				wday = (wday + 1) % 7;
			}
		}
	}
}

Test(isodate, format_parse_round_trip)
{
	char out[32];
	for (long long t = -62135596800LL; t < 253402300799LL; t += 7777777 + t % 1000) {
		iso_date_format(t, out);
		cr_assert_eq(parsed(out), t, "%lld -> %s", t, out);
	}
}

Test(isodate, extreme_times_do_not_overflow)
{
	struct iso_civil c;
	char out[40];
	long long extremes[] = {LLONG_MIN, LLONG_MIN + 1, LLONG_MAX, LLONG_MAX - 86400};
	for (size_t i = 0; i < sizeof extremes / sizeof extremes[0]; i++) {
		iso_civil_from_unix(extremes[i], &c);
		cr_expect(c.month >= 1 && c.month <= 12 && c.day >= 1 && c.day <= 31);
		cr_expect(c.hour >= 0 && c.hour < 24 && c.wday >= 0 && c.wday < 7);
		iso_date_format(extremes[i], out);
		human_date_format(extremes[i], out);
		iso_rfc822_format(extremes[i], out);
		cr_expect_lt(strlen(out), sizeof out);
		int y, m;
		iso_year_month(extremes[i], &y, &m);
	}
}

Test(isodate, relative_times_in_words)
{
	char out[48];
	long long now = 1795000000; /* 2026-11-18T11:06:40Z */
	static const struct {
		long long ago;
		const char *want;
	} cases[] = {
	    {-30, "just now"},
	    {0, "just now"},
	    {59, "just now"},
	    {60, "1 minute ago"},
	    {125, "2 minutes ago"},
	    {3599, "59 minutes ago"},
	    {3600, "an hour ago"},
	    {7200, "2 hours ago"},
	    {86399, "23 hours ago"},
	    {86400, "yesterday at 11:06"},
	    {2 * 86400, "2 days ago"},
	    {6 * 86400 + 5, "6 days ago"},
	    {7 * 86400, "on 11 November 2026"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		relative_time_format(now - cases[i].ago, now, out);
		cr_expect_str_eq(out, cases[i].want, "%lld s ago", cases[i].ago);
	}
}
