/* test_report: the report form read into its struct (each refusal naming its field), the
 * formats kept inside sealed boxes, the throttle's waits and the table of unlocked keys. */
#include "report/report_form.h"
#include "report/throttle.h"
#include "report/unlock.h"
#include "req/form.h"
#include "util/buf.h"
#include "util/pool.h"

#include <criterion/criterion.h>
#include <sodium.h>
#include <string.h>

static void init(void)
{
	cr_assert_geq(sodium_init(), 0);
}

TestSuite(report, .init = init);

static void field(struct form *f, const char *key, const char *value)
{
	cr_assert_eq(form_add(f, key, NULL, value, 0, strlen(value)), 0);
}

static void file(struct form *f, const char *name, const void *data, size_t n)
{
	cr_assert_eq(form_add(f, "files", name, data, 0, n), 0);
}

static const unsigned char png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
    0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78,
    0xda, 0x63, 0x64, 0xf8, 0xcf, 0x50, 0x0f, 0x00, 0x03, 0x86, 0x01, 0x80, 0x5a, 0x34,
    0x7d, 0x6b, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

static const long long joined[] = {3, 5, 9};

/* Reads f against the three joined members: 0, or -1 with the field named in *bad. */
static int read(struct form *f, struct pool *p, struct report_input *in, const char **bad,
		const char **msg)
{
	return report_form_read(f, joined, 3, p, in, bad, msg);
}

Test(report, a_whole_form)
{
	struct form f;
	struct pool *p = pool_new();
	struct report_input in;
	const char *bad, *msg;
	form_init_mem(&f, FORM_MEM_FILES_BYTES, 65536);
	field(&f, "text", "It happened.\r\nTwice.");
	field(&f, "contact", "signal +44 20 7946 0000");
	field(&f, "shown", "3,5,9");
	field(&f, "reader_3", "1");
	field(&f, "reader_9", "1");
	file(&f, "C:\\Users\\x\\photo.png", png, sizeof(png));
	cr_assert_eq(read(&f, p, &in, &bad, &msg), 0, "%s: %s", bad, msg);
	cr_expect_str_eq(in.text, "It happened.\nTwice.", "line ends as LF");
	cr_expect_str_eq(in.contact, "signal +44 20 7946 0000");
	cr_expect_eq(in.nreaders, 2u);
	cr_expect_eq(in.readers[0], 3);
	cr_expect_eq(in.readers[1], 9);
	cr_expect_eq(in.nexcluded, 1u, "5 was listed and left out");
	cr_expect_eq(in.excluded[0], 5);
	cr_assert_eq(in.nfiles, 1u);
	cr_expect_str_eq(in.files[0].name, "photo.png");
	cr_expect_str_eq(in.files[0].type, "image/png");
	cr_expect_eq(in.files[0].len, sizeof(png));
	form_free(&f);
	pool_free(p);
}

/* A form with one thing wrong names its field. */
static void refused(const char *key, const char *value, const char *want_field)
{
	struct form f;
	struct pool *p = pool_new();
	struct report_input in;
	const char *bad, *msg;
	form_init_mem(&f, FORM_MEM_FILES_BYTES, 1 << 20);
	const char *const keys[] = {"text", "contact", "shown", "reader_3"};
	const char *const values[] = {"It happened.", "", "3,5", "1"};
	for (int i = 0; i < 4; i++)
		if (strcmp(keys[i], key) != 0)
			field(&f, keys[i], values[i]);
	if (value)
		field(&f, key, value);
	cr_expect_eq(read(&f, p, &in, &bad, &msg), -1, "%s=%s", key, value ? value : "(none)");
	cr_expect_str_eq(bad, want_field, "%s=%s: %s", key, value ? value : "(none)", msg);
	cr_expect(msg && *msg);
	form_free(&f);
	pool_free(p);
}

Test(report, refusals_name_their_field)
{
	refused("text", NULL, "text");
	refused("text", " \r\n\t", "text");
	char *big = malloc(REPORT_TEXT_MAX + 2);
	memset(big, 'a', REPORT_TEXT_MAX + 1);
	big[REPORT_TEXT_MAX + 1] = '\0';
	refused("text", big, "text");
	free(big);
	refused("contact", "line one\nline two", "contact");
	char contact[REPORT_CONTACT_MAX + 2];
	memset(contact, 'c', sizeof(contact) - 1);
	contact[sizeof(contact) - 1] = '\0';
	refused("contact", contact, "contact");
	refused("shown", NULL, "readers");
	refused("shown", "3,,5", "readers");
	refused("shown", "3,5,", "readers");
	refused("shown", "03", "readers");
	refused("shown", "3,3", "readers");
	refused("shown", "x", "readers");
	refused("reader_3", NULL, "readers");
	/* A ticked member who can no longer read reports is no reader. */
	refused("shown", "4", "readers");
}

Test(report, files_by_their_bytes)
{
	struct pool *p = pool_new();
	struct report_input in;
	const char *bad, *msg;
	struct form f;
	form_init_mem(&f, FORM_MEM_FILES_BYTES, 65536);
	field(&f, "text", "x");
	field(&f, "shown", "3");
	field(&f, "reader_3", "1");
	static const char exe[] = "MZ\x90\0 an executable";
	file(&f, "looks-like.png", exe, sizeof(exe) - 1);
	cr_expect_eq(read(&f, p, &in, &bad, &msg), -1);
	cr_expect_str_eq(bad, "files");
	cr_expect(strstr(msg, "'looks-like.png' is not an image or a PDF"), "%s", msg);
	form_free(&f);

	form_init_mem(&f, FORM_MEM_FILES_BYTES, 65536);
	field(&f, "text", "x");
	field(&f, "shown", "3");
	field(&f, "reader_3", "1");
	for (int i = 0; i < FORM_MEM_FILES_MAX + 1; i++)
		file(&f, "a.png", png, sizeof(png));
	cr_expect(f.mem_too_many);
	cr_expect_eq(read(&f, p, &in, &bad, &msg), -1);
	cr_expect_str_eq(bad, "files");
	form_free(&f);

	/* Past the form's bytes for files: refused, and nothing more of it kept. */
	form_init_mem(&f, sizeof(png) + 10, 65536);
	field(&f, "text", "x");
	field(&f, "shown", "3");
	field(&f, "reader_3", "1");
	file(&f, "a.png", png, sizeof(png));
	file(&f, "b.png", png, sizeof(png));
	cr_expect(f.mem_too_large);
	cr_expect_eq(f.nmem, 2u);
	cr_expect_eq(f.mem[1].len, 0u);
	cr_expect_eq(read(&f, p, &in, &bad, &msg), -1);
	form_free(&f);
	pool_free(p);
}

Test(report, a_file_arrives_in_pieces)
{
	struct form f;
	form_init_mem(&f, FORM_MEM_FILES_BYTES, 65536);
	cr_assert_eq(form_add(&f, "files", "a.png", (const char *)png, 0, 10), 0);
	cr_assert_eq(form_add(&f, "files", "a.png", (const char *)png + 10, 10, sizeof(png) - 10),
		     0);
	cr_assert_eq(form_add(&f, "files", "b.png", (const char *)png, 0, sizeof(png)), 0);
	cr_expect_eq(f.nmem, 2u);
	cr_expect_eq(f.mem[0].len, sizeof(png));
	cr_expect_eq(memcmp(f.mem[0].data, png, sizeof(png)), 0);
	cr_expect_str_eq(f.mem[1].name, "b.png");
	form_free(&f);
	cr_expect_eq(f.nmem, 0u);
}

Test(report, sealed_formats)
{
	struct pool *p = pool_new();
	struct buf b = {0};
	long long ex[COMMITTEE_MAX] = {4, 11};
	const char *contact;
	size_t n;
	report_meta_write("reach me at ann@example.org", ex, 2, &b);
	cr_expect_str_eq(buf_str(&b), "contact reach me at ann@example.org\nexcluded 4 11\n");
	long long back[COMMITTEE_MAX];
	cr_assert_eq(report_meta_read(b.data, b.len, p, &contact, back, &n), 0);
	cr_expect_str_eq(contact, "reach me at ann@example.org");
	cr_expect_eq(n, 2u);
	cr_expect_eq(back[1], 11);
	buf_reset(&b);
	report_meta_write("", ex, 0, &b);
	cr_assert_eq(report_meta_read(b.data, b.len, p, &contact, back, &n), 0);
	cr_expect_str_eq(contact, "");
	cr_expect_eq(n, 0u);
	static const char *const bad[] = {"",
					  "contact x\n",
					  "contact x\nexcluded\nmore\n",
					  "contact x\nexcluded 0\n",
					  "contact x\nexcluded  4\n",
					  "contact x\nexcluded 4 \n",
					  "contact x\nexcluded 4",
					  "contactx\nexcluded\n",
					  "email x\nexcluded\n"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect_eq(report_meta_read(bad[i], strlen(bad[i]), p, &contact, back, &n), -1,
			     "%s", bad[i]);

	buf_reset(&b);
	struct report_file f = {
	    .name = "photo.png", .type = "image/png", .data = png, .len = sizeof(png)};
	report_file_write(&f, &b);
	struct report_file r;
	cr_assert_eq(report_file_read((unsigned char *)b.data, b.len, p, &r), 0);
	cr_expect_str_eq(r.name, "photo.png");
	cr_expect_str_eq(r.type, "image/png");
	cr_expect_eq(r.len, sizeof(png));
	cr_expect_eq(memcmp(r.data, png, sizeof(png)), 0);
	cr_expect_eq(report_file_read((const unsigned char *)"text/html\nx\n<script>", 20, p, &r),
		     -1, "only the types a report may carry");
	cr_expect_eq(report_file_read((const unsigned char *)"image/png\n", 10, p, &r), -1);
	cr_expect_str_eq(report_text_lf("a\r\nb\rc\n", p), "a\nb\nc\n");
	buf_free(&b);
	pool_free(p);
}

Test(report, throttle_waits)
{
	const long long t = 1000000;
	/* Receipts: three free, then a minute from the first, then twice as long. */
	for (int i = 0; i < 3; i++) {
		cr_expect_eq(throttle_wait(THROTTLE_RECEIPT, "addr-a", t + i), 0);
		throttle_note(THROTTLE_RECEIPT, "addr-a", t + i);
	}
	cr_expect_eq(throttle_wait(THROTTLE_RECEIPT, "addr-a", t + 3), 57);
	cr_expect_eq(throttle_wait(THROTTLE_RECEIPT, "addr-b", t + 3), 0, "another address");
	cr_expect_eq(throttle_wait(THROTTLE_REPORT, "addr-a", t + 3), 0, "another kind");
	throttle_note(THROTTLE_RECEIPT, "addr-a", t + 60);
	cr_expect_eq(throttle_wait(THROTTLE_RECEIPT, "addr-a", t + 60), 60);
	throttle_note(THROTTLE_RECEIPT, "addr-a", t + 120);
	cr_expect_eq(throttle_wait(THROTTLE_RECEIPT, "addr-a", t + 120), 120);
	/* Forgotten an hour after the first try. */
	cr_expect_eq(throttle_wait(THROTTLE_RECEIPT, "addr-a", t + THROTTLE_WINDOW), 0);
	/* Reports: five an hour, then wait for the hour's end. */
	for (int i = 0; i < 5; i++)
		throttle_note(THROTTLE_REPORT, "addr-c", t + i);
	cr_expect_eq(throttle_wait(THROTTLE_REPORT, "addr-c", t + 100), THROTTLE_WINDOW - 100);
	throttle_sweep(t + THROTTLE_WINDOW);
	cr_expect_eq(throttle_wait(THROTTLE_REPORT, "addr-c", t + THROTTLE_WINDOW), 0);
	/* Reporters' messages: twenty an hour. */
	for (int i = 0; i < 20; i++) {
		cr_expect_eq(throttle_wait(THROTTLE_MESSAGE, "addr-d", t + i), 0);
		throttle_note(THROTTLE_MESSAGE, "addr-d", t + i);
	}
	cr_expect_eq(throttle_wait(THROTTLE_MESSAGE, "addr-d", t + 20), THROTTLE_WINDOW - 20);
	/* A right passphrase clears the count. */
	for (int i = 0; i < 5; i++)
		throttle_note(THROTTLE_PASSPHRASE, "member 1", t);
	cr_expect_gt(throttle_wait(THROTTLE_PASSPHRASE, "member 1", t), 0);
	throttle_clear(THROTTLE_PASSPHRASE, "member 1");
	cr_expect_eq(throttle_wait(THROTTLE_PASSPHRASE, "member 1", t), 0);
}

Test(report, unlocked_keys)
{
	unsigned char s1[32], s2[32], pk[32], sk[32], rpk[32], rsk[32];
	randombytes_buf(s1, 32);
	randombytes_buf(s2, 32);
	crypto_box_keypair(pk, sk);
	crypto_box_keypair(rpk, rsk);
	const long long t = 2000000;
	cr_expect_eq(unlock_until(s1, 7, t), 0);
	cr_assert_eq(unlock_put(s1, 7, pk, sk, t), 0);
	cr_expect_eq(unlock_until(s1, 7, t + 10), t + UNLOCK_SECONDS);
	cr_expect_eq(unlock_until(s1, 8, t + 10), 0, "another user in that session");
	cr_expect_eq(unlock_until(s2, 7, t + 10), 0, "another session of the same user");
	/* A report key sealed to the member opens in place; nothing else does. */
	struct buf b = {0};
	rc_seal(pk, rsk, 32, &b);
	unsigned char out[32];
	cr_expect_eq(unlock_open(s1, 7, t + 10, b.data, b.len, out), 0);
	cr_expect_eq(memcmp(out, rsk, 32), 0);
	cr_expect_eq(unlock_open(s2, 7, t + 10, b.data, b.len, out), 1);
	b.data[40] ^= 1;
	cr_expect_eq(unlock_open(s1, 7, t + 10, b.data, b.len, out), -1);
	buf_free(&b);
	/* 30 minutes, not a second more. */
	cr_expect_neq(unlock_until(s1, 7, t + UNLOCK_SECONDS - 1), 0);
	cr_expect_eq(unlock_until(s1, 7, t + UNLOCK_SECONDS), 0);
	cr_expect_eq(unlock_held(t + UNLOCK_SECONDS), 0, "wiped, not only hidden");
	cr_assert_eq(unlock_put(s2, 7, pk, sk, t), 0);
	unlock_forget(s2);
	cr_expect_eq(unlock_until(s2, 7, t), 0);
	/* A bounded table: past its slots, a new key is refused. */
	unsigned char s[32];
	int taken = 0;
	for (int i = 0; i < UNLOCK_SLOTS + 1; i++) {
		randombytes_buf(s, 32);
		taken += unlock_put(s, i, pk, sk, t) == 0;
	}
	cr_expect_eq(taken, UNLOCK_SLOTS);
	unlock_sweep(t + UNLOCK_SECONDS);
	cr_expect_eq(unlock_held(t), 0);
}
