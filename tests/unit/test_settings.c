/* test_settings: the settings' rules and the navigation menu's text form. */
#include "press/settings.h"
#include "util/pool.h"

#include <criterion/criterion.h>
#include <string.h>

Test(settings, menu_items_in_order_label_then_address)
{
	struct pool *p = pool_new();
	struct menu_item *m;
	size_t n;
	char err[200];
	cr_assert_eq(
	    menu_parse("Home /\n\n  About us\t/about  \r\nMastodon https://social.example/@x\n"
		       "Write mailto:press@example.org",
		       p, &m, &n, err, sizeof(err)),
	    0, "%s", err);
	cr_assert_eq(n, 4);
	cr_expect_str_eq(m[0].label, "Home");
	cr_expect_str_eq(m[0].url, "/");
	cr_expect_str_eq(m[1].label, "About us");
	cr_expect_str_eq(m[1].url, "/about");
	cr_expect_str_eq(m[2].url, "https://social.example/@x");
	cr_expect_str_eq(m[3].url, "mailto:press@example.org");
	cr_assert_eq(menu_parse("", p, &m, &n, err, sizeof(err)), 0);
	cr_expect_eq(n, 0);
	pool_free(p);
}

Test(settings, menu_refusals_name_their_line)
{
	static const struct {
		const char *text, *err;
	} bad[] = {
	    {"Home /\nEvil javascript:alert(1)", "line 2 ends with 'javascript:alert(1)'"},
	    {"Far //evil.example", "line 1 ends with '//evil.example'"},
	    {"Home", "line 1 has one word only"},
	    {"A \"quote /x\"", "line 1 ends with '/x\"'"},
	    {"Bare https://", "line 1 ends with 'https://'"},
	};
	struct pool *p = pool_new();
	struct menu_item *m;
	size_t n;
	char err[200];
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_expect_eq(menu_parse(bad[i].text, p, &m, &n, err, sizeof(err)), -1, "%s",
			     bad[i].text);
		cr_expect(strstr(err, bad[i].err) != NULL, "%s: %s", bad[i].text, err);
	}
	char many[2000] = "";
	for (int i = 0; i <= MENU_ITEMS_MAX; i++)
		strcat(many, "Item /x\n");
	cr_expect_eq(menu_parse(many, p, &m, &n, err, sizeof(err)), -1);
	cr_expect(strstr(err, "line 21 is one item too many") != NULL, "%s", err);
	pool_free(p);
}

Test(settings, each_rule_names_its_setting)
{
	struct pool *p = pool_new();
	static const struct {
		const char *key, *good, *bad, *named;
	} rules[] = {
	    {"title", "Minutes", "", "title"},
	    {"url", "https://press.example.org/sub", "https://press.example.org/?q=1", "(url)"},
	    {"url", "", "javascript:alert(1)", "(url)"},
	    {"per_page", "100", "101", "Posts per page"},
	    {"comment_policy", "hold_first", "hold", "comment policy"},
	    {"comments_close_days", "0", "-1", "Comments close"},
	    {"smtp_url", "smtps://mail.example.org:465", "http://mail", "(smtp_url)"},
	    {"mail_from", "press@example.org", "press", "(mail_from)"},
	    {"smtp_password_file", "/etc/pw", "pw", "(smtp_password_file)"},
	    {"theme", "plain-2", "../up", "theme"},
	    {"image", "", "/media/x.png", "site image"},
	    {"favicon",
	     "/media/"
	     "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.png",
	     "https://x.example/i.png", "favicon"},
	    {"tagline", "Short", "line\nbreak", "tagline"},
	};
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		cr_expect_null(setting_problem(NULL, p, rules[i].key, rules[i].good), "%s=%s",
			       rules[i].key, rules[i].good);
		const char *why = setting_problem(NULL, p, rules[i].key, rules[i].bad);
		cr_expect(why && strstr(why, rules[i].named), "%s=%s: %s", rules[i].key,
			  rules[i].bad, why ? why : "accepted");
	}
	pool_free(p);
}
