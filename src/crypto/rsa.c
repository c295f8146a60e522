/* rsa: making, reading and using the press's RSA key, and checking signatures by others' keys. */
#include "crypto/rsa.h"
#include "util/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/decoder.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEY_MAX 16384

/* Reads the whole key file: 0, 1 when there is none, -1 with err. */
static int read_file(const char *path, struct buf *out, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		if (errno == ENOENT)
			return 1;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	struct stat sb;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > KEY_MAX) {
		close(fd);
		snprintf(err, errlen, "%s is not a key file", path);
		return -1;
	}
	if (sb.st_mode & 077) {
		close(fd);
		snprintf(err, errlen,
			 "%s can be read by others (mode %03o): make it mode 600 (chmod 600 %s)",
			 path, (unsigned)(sb.st_mode & 0777), path);
		return -1;
	}
	buf_grow(out, (size_t)sb.st_size);
	ssize_t n = read(fd, out->data, (size_t)sb.st_size);
	close(fd);
	if (n != sb.st_size) {
		snprintf(err, errlen, "%s: cannot be read", path);
		return -1;
	}
	out->len = (size_t)n;
	out->data[n] = '\0';
	return 0;
}

/* Writes the private key as PKCS#8 PEM durably: a temporary file of mode 600, fsync, rename. */
static int write_key(const char *dir, const char *path, EVP_PKEY *k, char *err, size_t errlen)
{
	char tmp[4200];
	snprintf(tmp, sizeof(tmp), "%s/.new-actor-%ld", dir, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		return -1;
	}
	BIO *b = BIO_new(BIO_s_mem());
	char *pem = NULL;
	long n = 0;
	int bad = !b || PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL, NULL) != 1 ||
		  (n = BIO_get_mem_data(b, &pem)) <= 0;
	if (!bad)
		bad = write(fd, pem, (size_t)n) != n || fsync(fd) != 0;
	BIO_free(b);
	bad |= close(fd) != 0;
	if (bad || rename(tmp, path) != 0) {
		snprintf(err, errlen, "%s: cannot be written", path);
		unlink(tmp);
		return -1;
	}
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
}

struct evp_pkey_st *rsa_key_open(const char *keys_dir, int had_one, int *made, char *err,
				 size_t errlen)
{
	char path[4200];
	struct buf pem = {0};
	EVP_PKEY *k = NULL;
	*made = 0;
	snprintf(path, sizeof(path), "%s/%s", keys_dir, RSA_KEY_FILE);
	int rc = read_file(path, &pem, err, errlen);
	if (rc == 0) {
		BIO *b = BIO_new_mem_buf(pem.data, (int)pem.len);
		k = b ? PEM_read_bio_PrivateKey(b, NULL, NULL, NULL) : NULL;
		BIO_free(b);
		if (!k || EVP_PKEY_get_base_id(k) != EVP_PKEY_RSA) {
			snprintf(err, errlen, "%s does not hold an RSA private key", path);
			EVP_PKEY_free(k);
			k = NULL;
		}
	} else if (rc == 1 && had_one) {
		snprintf(err, errlen,
			 "%s is missing: this press's followers on other servers know it by this "
			 "key, and a new one would not be trusted. Restore the file from a backup "
			 "(mode 600).",
			 path);
	} else if (rc == 1) {
		if (mkdir(keys_dir, 0700) != 0 && errno != EEXIST)
			snprintf(err, errlen, "%s: %s", keys_dir, strerror(errno));
		else if (!(k = EVP_RSA_gen(2048)))
			snprintf(err, errlen, "an RSA key cannot be made");
		else if (write_key(keys_dir, path, k, err, errlen) != 0) {
			EVP_PKEY_free(k);
			k = NULL;
		} else {
			*made = 1;
		}
	}
	sodium_memzero(pem.data, pem.cap);
	buf_free(&pem);
	return k;
}

void rsa_key_free(struct evp_pkey_st *k)
{
	EVP_PKEY_free(k);
}

int rsa_public_pem(struct evp_pkey_st *k, struct buf *out)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *pem;
	long n;
	int rc = -1;
	if (b && PEM_write_bio_PUBKEY(b, k) == 1 && (n = BIO_get_mem_data(b, &pem)) > 0) {
		buf_put(out, pem, (size_t)n);
		rc = 0;
	}
	BIO_free(b);
	return rc;
}

int rsa_fingerprint(struct evp_pkey_st *k, char out[65])
{
	unsigned char *der = NULL;
	int n = i2d_PUBKEY(k, &der);
	if (n <= 0)
		return -1;
	unsigned char h[32];
	crypto_hash_sha256(h, der, (unsigned long long)n);
	OPENSSL_free(der);
	sodium_bin2hex(out, 65, h, sizeof(h));
	return 0;
}

int rsa_sign_sha256(struct evp_pkey_st *k, const void *data, size_t n, struct buf *out)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	size_t len = 0;
	int rc = -1;
	if (ctx && EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, k) == 1 &&
	    EVP_DigestSign(ctx, NULL, &len, data, n) == 1) {
		buf_grow(out, len);
		if (EVP_DigestSign(ctx, (unsigned char *)out->data + out->len, &len, data, n) ==
		    1) {
			out->len += len;
			out->data[out->len] = '\0';
			rc = 0;
		}
	}
	EVP_MD_CTX_free(ctx);
	return rc;
}

struct evp_pkey_st *rsa_public_from_pem(const char *pem, size_t n, int min_bits)
{
	if (!pem || n == 0 || n > RSA_PEM_MAX)
		return NULL;
	BIO *b = BIO_new_mem_buf(pem, (int)n);
	EVP_PKEY *k = b ? PEM_read_bio_PUBKEY(b, NULL, NULL, NULL) : NULL;
	BIO_free(b);
	if (!k) {
		/* PKCS#1 "BEGIN RSA PUBLIC KEY", which some servers publish. */
		const unsigned char *data = (const unsigned char *)pem;
		size_t len = n;
		OSSL_DECODER_CTX *d = OSSL_DECODER_CTX_new_for_pkey(
		    &k, "PEM", NULL, "RSA", EVP_PKEY_PUBLIC_KEY, NULL, NULL);
		if (!d || OSSL_DECODER_from_data(d, &data, &len) != 1) {
			EVP_PKEY_free(k);
			k = NULL;
		}
		OSSL_DECODER_CTX_free(d);
	}
	if (k && (EVP_PKEY_get_base_id(k) != EVP_PKEY_RSA || EVP_PKEY_get_bits(k) < min_bits ||
		  EVP_PKEY_get_bits(k) > 8192)) {
		EVP_PKEY_free(k);
		k = NULL;
	}
	return k;
}

/* Keys read lately, one slot a hash (direct-mapped): a server's keys are few and stay. */
#define CACHE_SLOTS 256

static struct {
	unsigned char hash[crypto_generichash_BYTES];
	int min_bits;
	EVP_PKEY *key;
} cache[CACHE_SLOTS];
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

struct evp_pkey_st *rsa_public_cached(const char *pem, size_t n, int min_bits)
{
	unsigned char h[crypto_generichash_BYTES];
	if (!pem || n == 0 || n > RSA_PEM_MAX)
		return NULL;
	crypto_generichash(h, sizeof(h), (const unsigned char *)pem, n, NULL, 0);
	size_t slot = (size_t)h[0] | (size_t)h[1] << 8;
	slot %= CACHE_SLOTS;
	EVP_PKEY *k = NULL;
	pthread_mutex_lock(&cache_lock);
	if (cache[slot].key && cache[slot].min_bits == min_bits &&
	    memcmp(cache[slot].hash, h, sizeof(h)) == 0 && EVP_PKEY_up_ref(cache[slot].key) == 1)
		k = cache[slot].key;
	pthread_mutex_unlock(&cache_lock);
	if (k)
		return k;
	if (!(k = rsa_public_from_pem(pem, n, min_bits)) || EVP_PKEY_up_ref(k) != 1)
		return k;
	pthread_mutex_lock(&cache_lock);
	EVP_PKEY *old = cache[slot].key;
	memcpy(cache[slot].hash, h, sizeof(h));
	cache[slot].min_bits = min_bits;
	cache[slot].key = k;
	pthread_mutex_unlock(&cache_lock);
	EVP_PKEY_free(old);
	return k;
}

int rsa_verify(struct evp_pkey_st *k, enum rsa_scheme scheme, const void *data, size_t n,
	       const unsigned char *sig, size_t siglen)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	int ok = 0;
	const EVP_MD *md = scheme == RSA_PSS_SHA512 ? EVP_sha512() : EVP_sha256();
	if (ctx && EVP_DigestVerifyInit(ctx, &pctx, md, NULL, k) == 1) {
		int set = 1;
		if (scheme == RSA_PSS_SHA512)
			set = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
			      EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 64) == 1;
		ok = set && EVP_DigestVerify(ctx, sig, siglen, data, n) == 1;
	}
	EVP_MD_CTX_free(ctx);
	return ok;
}
