/* test_mail: addresses, messages and their headers, sealing and the audit chain. */
#include "crypto/keys.h"
#include "crypto/seal.h"
#include "mail/address.h"
#include "mail/message.h"
#include "member/audit.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/pool.h"
#include "util/rmtree.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

Test(mail, addresses)
{
	static const char *const good[] = {"ann@example.org", "a.b-c+tag@sub.example.co.uk",
					   "x@[192.0.2.1]", "o'neil@example.org"};
	static const char *const bad[] = {"",
					  "ann",
					  "ann@",
					  "@example.org",
					  "ann@example",
					  "ann@@example.org",
					  "an n@example.org",
					  "ann@example.org\r\nBcc: x@example.org",
					  "ann@example.org\n",
					  "<ann@example.org>",
					  "ann@example.org, bob@example.org",
					  ".ann@example.org",
					  "ann.@example.org",
					  "a..nn@example.org",
					  "ann@-example.org",
					  "ann@example..org",
					  "mária@example.org",
					  "ann@exämple.org"};
	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++)
		cr_expect(mail_address_valid(good[i]), "%s", good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		cr_expect(!mail_address_valid(bad[i]), "%s", bad[i]);
	char local[70], longest[300];
	memset(local, 'a', 65);
	local[65] = '\0';
	snprintf(longest, sizeof(longest), "%s@example.org", local);
	cr_expect(!mail_address_valid(longest), "a local part of 65");
	local[64] = '\0';
	snprintf(longest, sizeof(longest), "%s@example.org", local);
	cr_expect(mail_address_valid(longest), "a local part of 64");
}

static struct mail_message sample(void)
{
	return (struct mail_message){
	    .from_name = "The Open Minutes",
	    .from_addr = "press@example.org",
	    .to = "ann@example.org",
	    .subject = "Notes from the branch",
	    .text = "Hello.\n",
	    .html = "<p>Hello.</p>",
	    .unsubscribe = "https://example.org/unsubscribe/1/abc",
	    .message_id = "<1.abc@example.org>",
	    .date = 1796124059,
	};
}

Test(mail, message_headers)
{
	struct mail_message m = sample();
	struct buf out = {0};
	char err[200];
	cr_assert_eq(mail_build(&m, &out, err, sizeof(err)), 0, "%s", err);
	const char *s = buf_str(&out);
	cr_expect(strstr(s, "From: The Open Minutes <press@example.org>\r\n"), "%s", s);
	cr_expect(strstr(s, "To: <ann@example.org>\r\n"));
	cr_expect(strstr(s, "Subject: Notes from the branch\r\n"));
	cr_expect(strstr(s, "Date: Tue, 01 Dec 2026 11:20:59 +0000\r\n"), "%s", s);
	cr_expect(strstr(s, "List-Unsubscribe: <https://example.org/unsubscribe/1/abc>\r\n"));
	cr_expect(strstr(s, "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
	cr_expect(strstr(s, "Content-Type: multipart/alternative;"));
	cr_expect(strstr(s, "Content-Type: text/plain; charset=utf-8\r\n"));
	cr_expect(strstr(s, "Content-Type: text/html; charset=utf-8\r\n"));
	/* Every line ends in CRLF. */
	for (size_t i = 0; i < out.len; i++)
		if (s[i] == '\n')
			cr_assert(i > 0 && s[i - 1] == '\r', "a bare LF at %zu", i);
	buf_free(&out);
}

Test(mail, message_encodings)
{
	struct mail_message m = sample();
	m.from_name = "Mária, Zweig “Nord”";
	m.subject = "Über die Sitzung: ein sehr langer Betreff, der mehr als eine Zeile braucht "
		    "und noch länger ist";
	char body[400];
	memset(body, 'x', 300);
	strcpy(body + 300, " = and a tail\n.\nQUIT\n");
	m.text = body;
	m.html = NULL;
	struct buf out = {0};
	char err[200];
	cr_assert_eq(mail_build(&m, &out, err, sizeof(err)), 0, "%s", err);
	const char *s = buf_str(&out);
	cr_expect(strstr(s, "From: =?UTF-8?B?"), "%s", s);
	cr_expect(strstr(s, "Subject: =?UTF-8?B?"), "%s", s);
	cr_expect(!strstr(s, "multipart"), "plain text only");
	cr_expect(strstr(s, "Content-Transfer-Encoding: quoted-printable\r\n"));
	cr_expect(strstr(s, "=3D and a tail"), "%s", s);
	/* No line longer than 76 in the body; a lone dot is harmless in a part (SMTP stuffs it). */
	const char *body_at = strstr(s, "\r\n\r\n");
	cr_assert(body_at);
	for (const char *l = body_at + 4; *l;) {
		const char *e = strstr(l, "\r\n");
		size_t len = e ? (size_t)(e - l) : strlen(l);
		cr_expect(len <= 76, "a body line of %zu", len);
		l += len + (e ? 2 : 0);
	}
	buf_free(&out);
}

Test(mail, message_refusals)
{
	struct {
		struct mail_message m;
		const char *field;
	} cases[6];
	for (int i = 0; i < 6; i++)
		cases[i].m = sample();
	cases[0].m.subject = "Hi\r\nBcc: victim@example.org", cases[0].field = "subject";
	cases[1].m.from_name = "Press\nBcc: victim@example.org", cases[1].field = "name";
	cases[2].m.to = "ann@example.org\r\nBcc: victim@example.org", cases[2].field = "recipient";
	cases[3].m.from_addr = "press@example.org>\r\nBcc: <v@example.org", cases[3].field = "from";
	cases[4].m.subject = "\xff\xfe", cases[4].field = "subject";
	cases[5].m.unsubscribe = "https://example.org/u\r\nX: y", cases[5].field = "link";
	for (int i = 0; i < 6; i++) {
		struct buf out = {0};
		buf_puts(&out, "kept");
		char err[200] = "";
		cr_expect_eq(mail_build(&cases[i].m, &out, err, sizeof(err)), -1, "case %d", i);
		cr_expect_eq(out.len, 4, "case %d leaves the buffer as it was", i);
		cr_expect(strstr(err, cases[i].field), "case %d: '%s' names %s", i, err,
			  cases[i].field);
		buf_free(&out);
	}
}

/* A press folder with a store and its keys. */
static char dir[64];
static struct store *st;
static struct press_keys *keys;

static void open_press(void)
{
	char err[256];
	cr_assert_geq(sodium_init(), 0);
	snprintf(dir, sizeof(dir), "/tmp/bs-mail-XXXXXX");
	cr_assert(mkdtemp(dir));
	st = store_open(dir, 1, err, sizeof(err));
	cr_assert(st, "%s", err);
	keys = keys_open(dir, st, 1, err, sizeof(err));
	cr_assert(keys, "%s", err);
}

static void close_press(void)
{
	keys_close(keys);
	store_close(st);
	char err[256];
	int tmp = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	cr_expect_eq(rmtree_at(tmp, dir + strlen("/tmp/"), err, sizeof(err)), 0, "%s", err);
	close(tmp);
}

Test(seal, round_trip_and_tampering, .init = open_press, .fini = close_press)
{
	struct buf sealed = {0};
	seal_text(keys, "members.email:7", "ann@example.org", 15, &sealed);
	cr_assert_eq(sealed.len, 15 + SEAL_OVERHEAD);
	cr_expect(!memmem(sealed.data, sealed.len, "ann", 3), "no clear text");
	struct pool *p = pool_new();
	const char *back = seal_open(keys, "members.email:7", sealed.data, sealed.len, p);
	cr_assert(back);
	cr_expect_str_eq(back, "ann@example.org");
	/* The same text sealed twice differs (a fresh nonce each time). */
	struct buf again = {0};
	seal_text(keys, "members.email:7", "ann@example.org", 15, &again);
	cr_expect(again.len != sealed.len || memcmp(again.data, sealed.data, sealed.len) != 0);
	/* Any flipped bit, a cut, another place or another key: nothing comes out. */
	for (size_t i = 0; i < sealed.len; i++) {
		sealed.data[i] ^= 0x10;
		cr_expect_null(seal_open(keys, "members.email:7", sealed.data, sealed.len, p),
			       "bit flipped at %zu", i);
		sealed.data[i] ^= 0x10;
	}
	cr_expect_null(seal_open(keys, "members.email:7", sealed.data, sealed.len - 1, p));
	cr_expect_null(seal_open(keys, "members.email:7", sealed.data, 3, p));
	cr_expect_null(seal_open(keys, "members.email:8", sealed.data, sealed.len, p),
		       "moved to another row");
	cr_expect_null(seal_open(keys, "comments.email", sealed.data, sealed.len, p),
		       "moved to another table");
	struct press_keys other = *keys;
	other.seal[0] ^= 1;
	cr_expect_null(seal_open(&other, "members.email:7", sealed.data, sealed.len, p));
	char place[SEAL_PLACE_MAX];
	cr_expect_str_eq(seal_place(place, "members.name", 12), "members.name:12");
	/* The blind index: the same for every spelling of the address, keyed, and another for
	 * each use. */
	unsigned char a[32], b[32], c[32], d[32];
	seal_email_index(keys, SEAL_INDEX_MEMBERS, "Ann@Example.org", a);
	seal_email_index(keys, SEAL_INDEX_MEMBERS, " ann@example.org", b);
	seal_email_index(keys, SEAL_INDEX_COMMENTS, "ann@example.org", d);
	cr_expect_eq(memcmp(a, b, 32), 0);
	cr_expect_neq(memcmp(b, d, 32), 0, "a commenter's index is not a member's");
	other = *keys;
	other.index[0] ^= 1;
	seal_email_index(&other, SEAL_INDEX_MEMBERS, "ann@example.org", c);
	cr_expect_neq(memcmp(b, c, 32), 0);
	buf_free(&sealed);
	buf_free(&again);
	pool_free(p);
}

Test(seal, xchacha20poly1305_vector)
{
	/* The AEAD under the seal, against draft-irtf-cfrg-xchacha-03, A.3.1 (the vector
	 * libsodium's own tests use). */
	unsigned char key[32], nonce[24], ct[114 + 16];
	static const char pt[] = "Ladies and Gentlemen of the class of '99: If I could offer you "
				 "only one tip for the future, sunscreen would be it.";
	static const unsigned char ad[] = {0x50, 0x51, 0x52, 0x53, 0xc0, 0xc1,
					   0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7};
	for (int i = 0; i < 32; i++)
		key[i] = (unsigned char)(0x80 + i);
	for (int i = 0; i < 24; i++)
		nonce[i] = (unsigned char)(0x40 + i);
	unsigned long long clen;
	cr_assert_eq(sodium_init() >= 0, 1);
	crypto_aead_xchacha20poly1305_ietf_encrypt(ct, &clen, (const unsigned char *)pt, 114, ad,
						   sizeof(ad), NULL, nonce, key);
	cr_assert_eq(clen, 130);
	static const unsigned char head[8] = {0xbd, 0x6d, 0x17, 0x9d, 0x3e, 0x83, 0xd4, 0x3b};
	static const unsigned char tag[16] = {0xc0, 0x87, 0x59, 0x24, 0xc1, 0xc7, 0x98, 0x79,
					      0x47, 0xde, 0xaf, 0xd8, 0x78, 0x0a, 0xcf, 0x49};
	cr_expect_eq(memcmp(ct, head, 8), 0, "the ciphertext's first bytes");
	cr_expect_eq(memcmp(ct + 114, tag, 16), 0, "the tag");
}

Test(seal, member_links, .init = open_press, .fini = close_press)
{
	char t1[SEAL_LINK_LEN + 1], t2[SEAL_LINK_LEN + 1];
	seal_member_link(keys, "unsubscribe", 7, t1);
	seal_member_link(keys, "unsubscribe", 8, t2);
	cr_expect_eq(strlen(t1), SEAL_LINK_LEN);
	cr_expect_str_neq(t1, t2);
	cr_expect(seal_member_link_ok(keys, "unsubscribe", 7, t1));
	cr_expect(!seal_member_link_ok(keys, "unsubscribe", 8, t1));
	cr_expect(!seal_member_link_ok(keys, "other", 7, t1));
	t1[5] = t1[5] == 'A' ? 'B' : 'A';
	cr_expect(!seal_member_link_ok(keys, "unsubscribe", 7, t1));
	cr_expect(!seal_member_link_ok(keys, "unsubscribe", 7, ""));
}

static void add(const char *actor, const char *action, long long subject)
{
	cr_assert_eq(store_begin(st), 0);
	cr_assert_eq(audit_add(st, keys, 1796124059, actor, action, subject, "a detail"), 0);
	cr_assert_eq(store_commit(st), 0);
}

static void exec_raw(const char *sql)
{
	char err[256];
	char path[128];
	snprintf(path, sizeof(path), "%s/site.db", dir);
	sqlite3 *db;
	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	char *msg = NULL;
	cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, &msg), SQLITE_OK, "%s", msg);
	sqlite3_close(db);
	(void)err;
}

Test(audit, chain_holds_and_breaks, .init = open_press, .fini = close_press)
{
	long long entries = 0, bad = 0;
	cr_expect_eq(audit_verify(st, keys, &entries, &bad), 0);
	cr_expect_eq(entries, 0);
	add("@olga", "reveal", 1);
	add("member #2", "export", 2);
	add("@olga", "admit", 3);
	add("the command line", "branch", 3);
	cr_expect_eq(audit_verify(st, keys, &entries, &bad), 0);
	cr_expect_eq(entries, 4);
	/* Another key cannot verify it (nor could it have made it). */
	struct press_keys other = *keys;
	other.audit[0] ^= 1;
	cr_expect_eq(audit_verify(st, &other, &entries, &bad), 1);
	cr_expect_eq(bad, 1);
	/* The log refuses changes through SQL; someone who drops the triggers is still seen. */
	exec_raw("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;"
		 "UPDATE audit SET actor = '@eddie' WHERE id = 2");
	cr_expect_eq(audit_verify(st, keys, &entries, &bad), 1);
	cr_expect_eq(bad, 2);
	exec_raw(
	    "UPDATE audit SET actor = 'member #2' WHERE id = 2; DELETE FROM audit WHERE id = 3");
	cr_expect_eq(audit_verify(st, keys, &entries, &bad), 1);
	cr_expect_eq(bad, 4, "the entry after the one taken out");
	/* Taking entries off the end breaks no link, but the sealed end sees it. */
	exec_raw("DELETE FROM audit WHERE id = 4");
	cr_expect_eq(audit_verify(st, keys, &entries, &bad), 2);
	cr_expect_eq(entries, 2);
	cr_expect_eq(bad, 3);
	/* Nor can the end be written again without the key. */
	exec_raw("UPDATE meta SET value = '2:' || substr(value, 3) WHERE key = 'audit_end'");
	cr_expect_eq(audit_verify(st, keys, &entries, &bad), 2);
}
