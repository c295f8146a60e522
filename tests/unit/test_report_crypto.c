/* test_report_crypto: the reports' cryptography against libsodium's own test vectors (1.0.18:
 * test/default/box_seed, scalarmult, secretbox, pwhash_argon2id, generichash), the sealed-box
 * format built by hand, every wrapper refusing a single changed byte, and the codes people
 * type (receipts, recovery keys). */
#include "crypto/keys.h"
#include "report/receipt.h"
#include "report/report_crypto.h"
#include "report/report_int.h"
#include "util/buf.h"
#include "util/pool.h"

#include <criterion/criterion.h>
#include <sodium.h>
#include <string.h>

static void hex(const char *h, unsigned char *out, size_t n)
{
	size_t got;
	cr_assert_eq(sodium_hex2bin(out, n, h, strlen(h), NULL, &got, NULL), 0);
	cr_assert_eq(got, n, "%s", h);
}

static void expect_hex(const unsigned char *b, size_t n, const char *want)
{
	char got[1024];
	cr_assert(n * 2 < sizeof(got));
	sodium_bin2hex(got, sizeof(got), b, n);
	cr_expect_str_eq(got, want);
}

static void init(void)
{
	cr_assert_geq(sodium_init(), 0);
}

TestSuite(report_crypto, .init = init);

/* RFC 7748's Alice and Bob, as libsodium's scalarmult test uses them. */
#define ALICE_SK "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"
#define ALICE_PK "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
#define BOB_SK "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"
#define BOB_PK "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"

Test(report_crypto, x25519_vectors)
{
	cr_assert_geq(sodium_init(), 0);
	unsigned char sk[32], pk[32], bpk[32], k[32];
	hex(ALICE_SK, sk, 32);
	crypto_scalarmult_base(pk, sk);
	expect_hex(pk, 32, ALICE_PK);
	cr_expect(rc_pair_ok(pk, sk));
	hex(BOB_PK, bpk, 32);
	cr_expect_not(rc_pair_ok(bpk, sk), "a public key that is not the key's own");
	cr_assert_eq(crypto_scalarmult(k, sk, bpk), 0);
	expect_hex(k, 32, "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
}

Test(report_crypto, seed_keypair_vector)
{
	/* box_seed.exp of 1.0.18: the seed is hashed (SHA-512) into the secret key. */
	unsigned char seed[32], pk[32], sk[32];
	hex(ALICE_SK, seed, 32);
	crypto_box_seed_keypair(pk, sk, seed);
	expect_hex(pk, 32, "ed7749b4d989f6957f3bfde6c56767e988e21c9f8784d91d610011cd553f9b06");
	expect_hex(sk, 32, "accd44eb8e93319c0570bc11005c0e0189d34ff02f6c17773411ad191293c98f");
}

Test(report_crypto, secretbox_vector)
{
	/* secretbox.c's firstkey, nonce and message; the easy form is the MAC then the text. */
	static const char m_hex[] =
	    "be075fc53c81f2d5cf141316ebeb0c7b5228c52a4c62cbd44b66849b64244ffce5ecbaaf33bd751a1ac72"
	    "8d45e6c61296cdc3c01233561f41db66cce314adb310e3be8250c46f06dceea3a7fa1348057e2f6556ad6"
	    "b1318a024a838f21af1fde048977eb48f59ffd4924ca1c60902e52f0a089bc76897040e082f93776384864"
	    "5e0705";
	static const char c_hex[] =
	    "f3ffc7703f9400e52a7dfb4b3d3305d98e993b9f48681273c29650ba32fc76ce48332ea7164d96a4476fb8"
	    "c531a1186ac0dfc17c98dce87b4da7f011ec48c97271d2c20f9b928fe2270d6fb863d51738b48eeee314a7"
	    "cc8ab932164548e526ae90224368517acfeabd6bb3732bc0e9da99832b61ca01b6de56244a9e88d5f9b379"
	    "73f622a43d14a6599b1f654cb45a74e355a5";
	unsigned char key[32], nonce[24], m[131], c[147], back[131];
	hex("1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389", key, 32);
	hex("69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37", nonce, 24);
	hex(m_hex, m, sizeof(m));
	crypto_secretbox_easy(c, m, sizeof(m), nonce, key);
	expect_hex(c, sizeof(c), c_hex);
	cr_expect_eq(crypto_secretbox_open_easy(back, c, sizeof(c), nonce, key), 0);
	c[20] ^= 1;
	cr_expect_neq(crypto_secretbox_open_easy(back, c, sizeof(c), nonce, key), 0);
}

Test(report_crypto, argon2id_vector)
{
	/* pwhash_argon2id.c, tv(), the fifth test (its fifth line of output). */
	static const char pw_hex[] =
	    "4a857e2ee8aa9b6056f2424e84d24a72473378906ee04a46cb05311502d5250b82ad86b83c8f20a23dbb74"
	    "f6da60b0b6ecffd67134d45946ac8ebfb3064294bc097d43ced68642bfb8bbbdd0f50b30118f5e";
	static const char want[] =
	    "08d8cd330c57e1b4643241d05bb468ba4ee4e932cd0858816be9ef15360b27bbd06a87130ee92222be267a"
	    "29b81f5ae8fe8613324cfc4832dc49387fd0602f1c57b4d0f3855db94fb7e12eb05f9a484aed4a4307abf5"
	    "86cd3d55c809bc081541e00b682772fb2066504ff935b8ebc551a2083882f874bc0fae68e56848ae34c910"
	    "97c3bf0cca8e75c0797eef3efde3f75e005815018db3cf7c109a812264c4de69dcb22322dbbcfa447f5b00"
	    "ecd1b04a7be1569c8e556adb7bba48adf81d";
	unsigned char pw[82], salt[16], out[190];
	hex(pw_hex, pw, sizeof(pw));
	hex("39d82eef32010b8b79cc5ba88ed539fb", salt, sizeof(salt));
	cr_assert_eq(crypto_pwhash(out, sizeof(out), (const char *)pw, sizeof(pw), salt, 3, 1432947,
				   crypto_pwhash_ALG_ARGON2ID13),
		     0);
	expect_hex(out, sizeof(out), want);
}

Test(report_crypto, blake2b_keyed_vectors)
{
	/* generichash.c: the BLAKE2b known answers with the key 00..3f. */
	unsigned char key[64], in[4] = {0, 1, 2, 3}, out[64];
	for (int i = 0; i < 64; i++)
		key[i] = (unsigned char)i;
	crypto_generichash(out, 64, in, 0, key, 64);
	expect_hex(
	    out, 64,
	    "10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786b5e996e8f0f4eb98"
	    "1fc214b005f42d2ff4233499391653df7aefcbc13fc51568");
	crypto_generichash(out, 64, in, 4, key, 64);
	expect_hex(
	    out, 64,
	    "beaa5a3d08f3807143cf621d95cd690514d0b49efff9c91d24b59241ec0eefa5f60196d407048bba"
	    "8d2146828ebcb0488d8842fd56bb4f6df8e19c4b4daab8ac");
}

Test(report_crypto, sealed_box_is_the_standard_format)
{
	/* A sealed box built by hand as libsodium documents it, from a fixed ephemeral key: the
	 * ephemeral public key, then crypto_box of the text under the nonce
	 * BLAKE2b-24(ephemeral pk || recipient pk). rc_open opens it: an offline client that
	 * writes or reads this format needs nothing of ours. */
	unsigned char rsk[32], rpk[32], esk[32], epk[32], nonce[24];
	static const char msg[] = "a report sealed by someone else's program";
	unsigned char box[32 + crypto_box_MACBYTES + sizeof(msg) - 1], back[sizeof(msg)];
	hex(BOB_SK, rsk, 32);
	hex(BOB_PK, rpk, 32);
	hex(ALICE_SK, esk, 32);
	hex(ALICE_PK, epk, 32);
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, sizeof(nonce));
	crypto_generichash_update(&h, epk, 32);
	crypto_generichash_update(&h, rpk, 32);
	crypto_generichash_final(&h, nonce, sizeof(nonce));
	memcpy(box, epk, 32);
	cr_assert_eq(
	    crypto_box_easy(box + 32, (const unsigned char *)msg, sizeof(msg) - 1, nonce, rpk, esk),
	    0);
	memset(back, 0, sizeof(back));
	cr_assert_eq(rc_open(rpk, rsk, box, sizeof(box), back), 0);
	cr_expect_str_eq((const char *)back, msg);
	/* And ours is one: libsodium's own crypto_box_seal_open opens what rc_seal made. */
	struct buf b = {0};
	rc_seal(rpk, msg, sizeof(msg) - 1, &b);
	cr_assert_eq(b.len, sizeof(msg) - 1 + crypto_box_SEALBYTES);
	memset(back, 0, sizeof(back));
	cr_expect_eq(crypto_box_seal_open(back, (unsigned char *)b.data, b.len, rpk, rsk), 0);
	cr_expect_str_eq((const char *)back, msg);
	buf_free(&b);
}

Test(report_crypto, one_changed_byte_is_refused)
{
	unsigned char pk[32], sk[32], other_pk[32], other_sk[32];
	crypto_box_keypair(pk, sk);
	crypto_box_keypair(other_pk, other_sk);
	static const char msg[] = "what happened, in the reporter's words";
	struct buf b = {0};
	rc_seal(pk, msg, sizeof(msg) - 1, &b);
	unsigned char out[sizeof(msg)];
	cr_assert_eq(rc_open(pk, sk, b.data, b.len, out), 0);
	cr_expect_eq(memcmp(out, msg, sizeof(msg) - 1), 0);
	/* Every single byte, flipped in turn: the ephemeral key, the MAC, the text. */
	for (size_t i = 0; i < b.len; i++) {
		b.data[i] ^= 0x01;
		cr_expect_neq(rc_open(pk, sk, b.data, b.len, out), 0, "byte %zu changed", i);
		b.data[i] ^= 0x01;
	}
	cr_expect_neq(rc_open(pk, sk, b.data, b.len - 1, out), 0, "cut short");
	cr_expect_neq(rc_open(pk, sk, b.data, 10, out), 0, "shorter than a box");
	cr_expect_neq(rc_open(other_pk, other_sk, b.data, b.len, out), 0, "another key");
	/* report_open_text: a changed byte gives no text at all. */
	struct pool *p = pool_new();
	cr_expect_str_eq(report_open_text(pk, sk, (unsigned char *)b.data, b.len, p), msg);
	b.data[b.len / 2] ^= 0x80;
	cr_expect_null(report_open_text(pk, sk, (unsigned char *)b.data, b.len, p));
	pool_free(p);
	buf_free(&b);
}

Test(report_crypto, wrapped_keys)
{
	unsigned char pk[32], sk[32], back[32], salt[16], w[RC_WRAPPED], rec[RECOVERY_BYTES];
	crypto_box_keypair(pk, sk);
	randombytes_buf(salt, sizeof(salt));
	static const char pass[] = "our committee passphrase";
	/* The smallest cost libsodium takes keeps the test quick; the cost is a parameter. */
	unsigned long long ops = crypto_pwhash_OPSLIMIT_MIN;
	size_t mem = crypto_pwhash_MEMLIMIT_MIN;
	cr_assert_eq(rc_wrap_pass(pass, strlen(pass), salt, ops, mem, sk, w), 0);
	cr_expect_eq(rc_unwrap_pass(pass, strlen(pass), salt, ops, mem, w, back), 0);
	cr_expect_eq(memcmp(back, sk, 32), 0);
	cr_expect(rc_pair_ok(pk, back));
	cr_expect_eq(
	    rc_unwrap_pass("our committee passphrasE", strlen(pass), salt, ops, mem, w, back), 1,
	    "another passphrase");
	cr_expect_eq(rc_unwrap_pass(pass, strlen(pass), salt, ops + 1, mem, w, back), 1,
		     "another cost");
	cr_expect_eq(rc_unwrap_pass(pass, strlen(pass), salt, RC_OPS_MAX + 1, mem, w, back), -1,
		     "a cost out of range is refused, not run");
	for (size_t i = 0; i < RC_WRAPPED; i += 7) {
		w[i] ^= 0x10;
		cr_expect_eq(rc_unwrap_pass(pass, strlen(pass), salt, ops, mem, w, back), 1,
			     "byte %zu changed", i);
		w[i] ^= 0x10;
	}
	recovery_new(rec);
	rc_wrap_recovery(rec, sk, w);
	memset(back, 0, sizeof(back));
	cr_expect_eq(rc_unwrap_recovery(rec, w, back), 0);
	cr_expect_eq(memcmp(back, sk, 32), 0);
	rec[3] ^= 1;
	cr_expect_eq(rc_unwrap_recovery(rec, w, back), 1, "another recovery key");
	rec[3] ^= 1;
	w[RC_WRAPPED - 1] ^= 1;
	cr_expect_eq(rc_unwrap_recovery(rec, w, back), 1, "a changed byte");
}

Test(report_crypto, receipt_keys)
{
	struct press_keys k;
	memset(&k, 0, sizeof(k));
	randombytes_buf(k.receipt, sizeof(k.receipt));
	unsigned char a[RC_LOOKUP], b[RC_LOOKUP], salt[16], pk1[32], sk1[32], pk2[32], sk2[32];
	rc_lookup(&k, "1234567890123456", a);
	rc_lookup(&k, "1234567890123456", b);
	cr_expect_eq(memcmp(a, b, RC_LOOKUP), 0, "the same receipt finds the same report");
	rc_lookup(&k, "1234567890123457", b);
	cr_expect_neq(memcmp(a, b, RC_LOOKUP), 0);
	k.receipt[0] ^= 1;
	rc_lookup(&k, "1234567890123456", b);
	cr_expect_neq(memcmp(a, b, RC_LOOKUP), 0, "keyed: another press, another id");
	/* The reply keypair is crypto_box_seed_keypair of argon2id(receipt, salt). */
	memset(salt, 7, sizeof(salt));
	unsigned long long ops = crypto_pwhash_OPSLIMIT_MIN;
	size_t mem = crypto_pwhash_MEMLIMIT_MIN;
	cr_assert_eq(rc_reply_keys("1234567890123456", salt, ops, mem, pk1, sk1), 0);
	unsigned char seed[32];
	cr_assert_eq(crypto_pwhash(seed, 32, "1234567890123456", 16, salt, ops, mem,
				   crypto_pwhash_ALG_ARGON2ID13),
		     0);
	crypto_box_seed_keypair(pk2, sk2, seed);
	cr_expect_eq(memcmp(pk1, pk2, 32), 0);
	cr_expect_eq(memcmp(sk1, sk2, 32), 0);
	cr_assert_eq(rc_reply_keys("1234567890123457", salt, ops, mem, pk2, sk2), 0);
	cr_expect_neq(memcmp(pk1, pk2, 32), 0);
	cr_expect_eq(rc_reply_keys("1234567890123456", salt, 0, mem, pk2, sk2), -1);
	char fp[RC_FINGERPRINT];
	rc_fingerprint(pk1, fp);
	cr_expect_eq(strlen(fp), 19u);
	cr_expect_eq(fp[4], ' ');
}

Test(report_crypto, receipts_as_typed)
{
	char d[RECEIPT_DIGITS + 1], shown[RECEIPT_SHOWN + 1];
	static const char *const good[] = {"1234567890123456", "1234 5678 9012 3456",
					   "1234-5678-9012-3456", " 1234.5678.9012.3456\t",
					   "1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6"};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		cr_expect_eq(receipt_parse(good[i], strlen(good[i]), d), 0, "%s", good[i]);
		cr_expect_str_eq(d, "1234567890123456");
	}
	static const char *const bad[] = {"",
					  "123456789012345",
					  "12345678901234567",
					  "1234 5678 9012 345O",
					  "1234_5678_9012_3456",
					  "１２３４567890123456",
					  "1234567890123456\n",
					  "                                                    "
					  "                              1234567890123456"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect_eq(receipt_parse(bad[i], strlen(bad[i]), d), -1, "%s", bad[i]);
	cr_expect_eq(receipt_parse("1234567890123456", 15, d), -1, "n bytes, not the string");
	for (int i = 0; i < 50; i++) {
		receipt_new(d);
		cr_expect_eq(strlen(d), 16u);
		cr_expect_eq(strspn(d, "0123456789"), 16u);
		receipt_show(d, shown);
		cr_expect_eq(strlen(shown), 19u);
		char back[RECEIPT_DIGITS + 1];
		cr_expect_eq(receipt_parse(shown, strlen(shown), back), 0);
		cr_expect_str_eq(back, d);
	}
}

Test(report_crypto, recovery_keys_as_typed)
{
	unsigned char key[RECOVERY_BYTES], back[RECOVERY_BYTES];
	char shown[RECOVERY_SHOWN + 1];
	memset(key, 0, sizeof(key));
	recovery_show(key, shown);
	cr_expect_str_eq(shown, "0000-0000-0000-0000-0000-0000-0000-0000");
	memset(key, 0xff, sizeof(key));
	recovery_show(key, shown);
	cr_expect_str_eq(shown, "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ");
	for (int i = 0; i < 50; i++) {
		recovery_new(key);
		recovery_show(key, shown);
		cr_assert_eq(recovery_parse(shown, strlen(shown), back), 0, "%s", shown);
		cr_expect_eq(memcmp(key, back, sizeof(key)), 0);
		/* Any case, spaces for hyphens, and the letters that look like digits. */
		char typed[RECOVERY_SHOWN + 1];
		for (size_t j = 0; shown[j]; j++)
			typed[j] = shown[j] == '-'   ? ' '
				   : shown[j] == '0' ? 'o'
				   : shown[j] == '1' ? 'l'
						     : (char)(shown[j] | 0x20);
		typed[RECOVERY_SHOWN] = '\0';
		cr_assert_eq(recovery_parse(typed, strlen(typed), back), 0, "%s", typed);
		cr_expect_eq(memcmp(key, back, sizeof(key)), 0);
	}
	static const char *const bad[] = {"", "0000-0000-0000-0000-0000-0000-0000-000",
					  "0000-0000-0000-0000-0000-0000-0000-00000",
					  "U000-0000-0000-0000-0000-0000-0000-0000",
					  "0000_0000-0000-0000-0000-0000-0000-0000"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect_eq(recovery_parse(bad[i], strlen(bad[i]), back), -1, "%s", bad[i]);
}
