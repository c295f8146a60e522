/* test_admin: the editor's fields as a post file, tokens, CSRF, throttling, and the form
 * collector with its file part. */
#include "auth/auth.h"
#include "admin/editor_form.h"
#include "req/form.h"
#include "post/postfile.h"
#include "util/buf.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int parse_fields(const struct editor_fields *e, struct postfile *pf, struct pf_error *pe,
			unsigned line[EF__COUNT])
{
	struct buf b = {0};
	editor_compose(e, &b, line);
	int rc = postfile_parse(b.data, b.len, pf, pe);
	buf_free(&b);
	return rc;
}

Test(editor_form, round_trip)
{
	struct editor_fields e = {{
	    [EF_TITLE] = "Quotes \"and\" \\ backslashes: #not a tag",
	    [EF_SLUG] = "",
	    [EF_DATE] = "2026-11-27T09:30",
	    [EF_STATUS] = "scheduled",
	    [EF_AUTHOR] = "ada",
	    [EF_COMMENTS] = "moderated",
	    [EF_SERIES] = "The charter: a reading",
	    [EF_PART] = "2",
	    [EF_TAGS] = "#one, Branch Democracy,, #two #three, c_lang",
	    [EF_IMAGE] = "/media/hall.png",
	    [EF_BODY] = "Text\r\nwith CRLF",
	}};
	struct postfile pf;
	struct pf_error pe;
	unsigned line[EF__COUNT];
	cr_assert_eq(parse_fields(&e, &pf, &pe, line), 0, "%u: %s", pe.line, pe.msg);
	cr_expect_str_eq(pf.title, e.v[EF_TITLE]);
	cr_expect_str_eq(pf.slug, "quotes-and-backslashes-not-a-tag");
	cr_expect_eq(pf.status, POST_SCHEDULED);
	cr_expect_eq(pf.date, 1795771800);
	cr_expect_str_eq(pf.author, "ada");
	cr_expect_eq(pf.comments, 2);
	cr_expect_str_eq(pf.series, "The charter: a reading");
	cr_expect_eq(pf.part, 2);
	/* Commas separate tags, so one of several words is one tag. */
	cr_assert_eq(pf.ntags, 5);
	cr_expect_str_eq(pf.tags[0], "one");
	cr_expect_str_eq(pf.tags[1], "BranchDemocracy");
	cr_expect_str_eq(pf.tags[2], "two");
	cr_expect_str_eq(pf.tags[3], "three");
	cr_expect_str_eq(pf.tags[4], "c_lang");
	cr_expect_str_eq(pf.image, "/media/hall.png");
	cr_expect_str_eq(pf.body, "Text\nwith CRLF\n");
	postfile_free(&pf);
}

Test(editor_form, a_tag_with_other_characters_is_named_not_changed)
{
	struct editor_fields e = {{[EF_TITLE] = "T", [EF_TAGS] = "fine, c++ rules"}};
	struct postfile pf;
	struct pf_error pe;
	unsigned line[EF__COUNT];
	cr_assert_eq(parse_fields(&e, &pf, &pe, line), -1);
	cr_expect_eq(editor_field_of_line(line, pe.line), EF_TAGS);
	cr_expect(strstr(pe.msg, "c++ rules") != NULL, "%s", pe.msg);
	e.v[EF_TAGS] = "";
	e.v[EF_IMAGE] = "javascript:alert(1)";
	cr_assert_eq(parse_fields(&e, &pf, &pe, line), -1);
	cr_expect_eq(editor_field_of_line(line, pe.line), EF_IMAGE, "%s", pe.msg);
}

Test(editor_form, typed_yaml_stays_text)
{
	struct editor_fields e = {
	    {[EF_TITLE] = "x\ny: [injected", [EF_BODY] = "---\nstill body\n"}};
	struct postfile pf;
	struct pf_error pe;
	unsigned line[EF__COUNT];
	/* A newline in a title is refused by the post file rules, on the title's line. */
	cr_assert_eq(parse_fields(&e, &pf, &pe, line), -1);
	cr_expect_eq(editor_field_of_line(line, pe.line), EF_TITLE, "%u: %s", pe.line, pe.msg);
	e.v[EF_TITLE] = "title: \"x\"\nslug: evil";
	cr_assert_eq(parse_fields(&e, &pf, &pe, line), -1);
	e.v[EF_TITLE] = "Fine";
	cr_assert_eq(parse_fields(&e, &pf, &pe, line), 0, "%s", pe.msg);
	cr_expect_str_eq(pf.body, "---\nstill body\n");
	postfile_free(&pf);
}

Test(editor_form, errors_point_at_their_field)
{
	struct editor_fields e = {{[EF_TITLE] = "T", [EF_DATE] = "tomorrow", [EF_TAGS] = "a"}};
	struct postfile pf;
	struct pf_error pe;
	unsigned line[EF__COUNT];
	cr_assert_eq(parse_fields(&e, &pf, &pe, line), -1);
	cr_expect_eq(editor_field_of_line(line, pe.line), EF_DATE, "%u: %s", pe.line, pe.msg);
	e.v[EF_DATE] = "";
	e.v[EF_PART] = "3";
	cr_assert_eq(parse_fields(&e, &pf, &pe, line), -1);
	cr_expect_eq(editor_field_of_line(line, pe.line), EF_PART, "%u: %s", pe.line, pe.msg);
	e.v[EF_PART] = "";
	e.v[EF_TAGS] = "bad-tag!";
	cr_assert_eq(parse_fields(&e, &pf, &pe, line), -1);
	cr_expect_eq(editor_field_of_line(line, pe.line), EF_TAGS, "%u: %s", pe.line, pe.msg);
	e.v[EF_TAGS] = "";
	e.v[EF_STATUS] = "scheduled";
	cr_assert_eq(parse_fields(&e, &pf, &pe, line), -1);
	cr_expect_str_eq(pe.msg, "a scheduled post needs a 'date' to be published on");
}

Test(auth, tokens_and_csrf)
{
	char a[AUTH_TOKEN_LEN + 1], b[AUTH_TOKEN_LEN + 1], c1[AUTH_CSRF_LEN + 1],
	    c2[AUTH_CSRF_LEN + 1];
	auth_token_new(a);
	auth_token_new(b);
	cr_expect(auth_token_shape(a));
	cr_expect_str_neq(a, b);
	cr_expect(!auth_token_shape("short"));
	cr_expect(!auth_token_shape(NULL));
	a[5] = '/';
	cr_expect(!auth_token_shape(a));
	unsigned char h1[32], h2[32];
	auth_token_hash(b, h1);
	auth_token_new(a);
	auth_token_hash(a, h2);
	auth_csrf("secret", h1, c1);
	auth_csrf("secret", h2, c2);
	cr_expect(auth_csrf_ok(c1, c1));
	cr_expect(!auth_csrf_ok(c1, c2), "another session's token");
	cr_expect(!auth_csrf_ok(c1, ""));
	cr_expect(!auth_csrf_ok(c1, NULL));
	auth_csrf("other secret", h1, c2);
	cr_expect(!auth_csrf_ok(c1, c2), "another site's token");
}

Test(auth, passwords)
{
	char h[crypto_pwhash_STRBYTES];
	cr_assert(sodium_init() >= 0);
	cr_expect_not_null(auth_password_problem("short"));
	cr_expect_not_null(auth_password_problem("\xff\xfe long enough but not UTF-8"));
	cr_expect_null(auth_password_problem("a good long password"));
	cr_assert_eq(auth_hash_password("a good long password", h), 0);
	cr_expect_eq(strncmp(h, "$argon2id$", 10), 0);
	cr_expect(auth_check_password(h, "a good long password"));
	cr_expect(!auth_check_password(h, "a good long passworD"));
	cr_expect(!auth_check_password("", "anything at all"), "no password set never matches");
}

Test(auth, throttle)
{
	long long w;
	cr_expect_eq(auth_throttle(0, 0, 0, 1000, &w), 0);
	cr_expect_eq(auth_throttle(4, 999, 0, 1000, &w), 0);
	cr_expect_eq(auth_throttle(5, 1000, 0, 1000, &w), 1);
	cr_expect_eq(w, 1);
	cr_expect_eq(auth_throttle(5, 999, 0, 1000, &w), 0, "waited long enough");
	cr_expect_eq(auth_throttle(9, 1000, 0, 1000, &w), 1);
	cr_expect_eq(w, 16);
	cr_expect_eq(auth_throttle(10, 1000, 500, 1000, &w), 2);
	cr_expect_eq(w, AUTH_FAIL_WINDOW);
	/* The lock lasts a whole window after the last failure, even as older ones age out. */
	cr_expect_eq(auth_throttle(3, 1000, 500, 1000 + AUTH_FAIL_WINDOW - 1, &w), 2);
	cr_expect_eq(w, 1);
	cr_expect_eq(auth_throttle(12, 1000, 500, 1000 + AUTH_FAIL_WINDOW, &w), 0, "the lock ends");
	cr_expect_eq(auth_throttle(10, 2000, 500, 2001, &w), 1,
		     "ten failures spread over more than a window do not lock");
}

Test(form, fields_in_pieces_and_limits)
{
	struct form f;
	form_init(&f, NULL, 0, FORM_TEXT_MAX);
	form_add(&f, "title", NULL, "Hel", 0, 3);
	form_add(&f, "title", NULL, "lo", 3, 2);
	form_add(&f, "body", NULL, "", 0, 0);
	cr_expect_str_eq(form_get(&f, "title"), "Hello");
	cr_expect_str_eq(form_get(&f, "body"), "", "an empty field is there");
	cr_expect_null(form_get(&f, "missing"));
	cr_expect_null(form_bad_text(&f));
	form_add(&f, "bad", NULL, "a\xff", 0, 2);
	cr_expect_str_eq(form_bad_text(&f), "bad");
	form_add(&f, "a key much longer than thirty-two bytes", NULL, "x", 0, 1);
	cr_expect(f.overflow);
	form_free(&f);
	form_init(&f, NULL, 0, FORM_TEXT_MAX);
	for (int i = 0; i <= FORM_FIELDS_MAX; i++)
		form_add(&f, "k", NULL, "v", 0, 1);
	cr_expect(f.overflow, "too many fields");
	form_free(&f);
}

Test(form, file_streams_to_disk_with_its_hash)
{
	char dir[] = "/tmp/test_form_XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	struct form f;
	form_init(&f, dir, 10, FORM_TEXT_MAX);
	form_add(&f, "image", "../../x.png", "hello", 0, 5);
	form_add(&f, "image", "../../x.png", " you", 5, 4);
	char hex[65];
	cr_assert_not_null(f.file_path);
	cr_expect(!f.file_too_large);
	cr_assert_eq(form_file_finish(&f, hex), 0);
	/* sha256("hello you") */
	cr_expect_str_eq(hex, "b283788fa43abed20cc491063bfa3a455ebca761853c409a9e3acec9712632bc");
	struct stat sb;
	cr_assert_eq(stat(f.file_path, &sb), 0);
	cr_expect_eq(sb.st_size, 9);
	char *path = strdup(f.file_path);
	form_free(&f);
	cr_expect_neq(stat(path, &sb), 0, "the temporary file is removed");
	free(path);
	form_init(&f, dir, 4, FORM_TEXT_MAX);
	form_add(&f, "image", "big.png", "12345", 0, 5);
	cr_expect(f.file_too_large);
	form_free(&f);
	rmdir(dir);
}

Test(form, clean_names)
{
	char *s;
	cr_expect_str_eq(s = form_clean_name("../../etc/passwd.png"), "passwd.png");
	free(s);
	cr_expect_str_eq(s = form_clean_name("C:\\Users\\x\\photo.jpg"), "photo.jpg");
	free(s);
	cr_expect_str_eq(s = form_clean_name(".hidden\x01\x1b.png"), "hidden.png");
	free(s);
	cr_expect_str_eq(s = form_clean_name(""), "upload");
	free(s);
	cr_expect_str_eq(s = form_clean_name("\xff\xfe"), "upload");
	free(s);
	cr_expect_str_eq(s = form_clean_name("føtø.png"), "føtø.png");
	free(s);
}
