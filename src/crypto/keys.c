/* keys: making, reading and checking a press's key file, and deriving each key from it. */
#include "crypto/keys.h"
#include "crypto/rsa.h"
#include "store/store.h"
#include "util/pool.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The context of crypto_kdf_derive_from_key: 8 bytes, the same for every press. */
static const char kdf_context[crypto_kdf_CONTEXTBYTES] = {'b', 's', 'p', 'r', 'e', 's', 's', '1'};

enum { SUB_SEAL = 1, SUB_INDEX, SUB_ADDR, SUB_MEMBER, SUB_AUDIT, SUB_RECEIPT, SUB_COMMITTEE };

/* The check value the database keeps: hex of a keyed hash of a fixed text. */
static void check_value(const unsigned char master[crypto_kdf_KEYBYTES], char out[33])
{
	static const char text[] = "broadside key check";
	unsigned char h[16];
	crypto_generichash(h, sizeof(h), (const unsigned char *)text, sizeof(text) - 1, master,
			   crypto_kdf_KEYBYTES);
	sodium_bin2hex(out, 33, h, sizeof(h));
}

static int derive(struct press_keys *k)
{
	return crypto_kdf_derive_from_key(k->seal, sizeof(k->seal), SUB_SEAL, kdf_context,
					  k->master) |
	       crypto_kdf_derive_from_key(k->index, sizeof(k->index), SUB_INDEX, kdf_context,
					  k->master) |
	       crypto_kdf_derive_from_key(k->addr, sizeof(k->addr), SUB_ADDR, kdf_context,
					  k->master) |
	       crypto_kdf_derive_from_key(k->member, sizeof(k->member), SUB_MEMBER, kdf_context,
					  k->master) |
	       crypto_kdf_derive_from_key(k->audit, sizeof(k->audit), SUB_AUDIT, kdf_context,
					  k->master) |
	       crypto_kdf_derive_from_key(k->receipt, sizeof(k->receipt), SUB_RECEIPT, kdf_context,
					  k->master) |
	       crypto_kdf_derive_from_key(k->committee, sizeof(k->committee), SUB_COMMITTEE,
					  kdf_context, k->master);
}

/* Reads exactly the key's bytes from path: 0, 1 when there is no file, -1 with err. */
static int read_key(const char *path, unsigned char *key, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		if (errno == ENOENT)
			return 1;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	struct stat sb;
	unsigned char extra;
	ssize_t n = -1;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
		n = read(fd, key, crypto_kdf_KEYBYTES);
	int more = n == crypto_kdf_KEYBYTES && read(fd, &extra, 1) > 0;
	close(fd);
	if (n != crypto_kdf_KEYBYTES || more) {
		snprintf(err, errlen, "%s is not a key file (it must hold exactly %d bytes)", path,
			 crypto_kdf_KEYBYTES);
		return -1;
	}
	if (sb.st_mode & 077) {
		snprintf(err, errlen,
			 "%s can be read by others (mode %03o): make it mode 600 (chmod 600 %s)",
			 path, (unsigned)(sb.st_mode & 0777), path);
		return -1;
	}
	return 0;
}

/* Writes a new key durably: a temporary file, fsync, rename, fsync of the folder. */
static int write_key(const char *dir, const char *path, const unsigned char *key, char *err,
		     size_t errlen)
{
	char tmp[4200];
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	snprintf(tmp, sizeof(tmp), "%s/.new-%ld", dir, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		return -1;
	}
	int bad = write(fd, key, crypto_kdf_KEYBYTES) != crypto_kdf_KEYBYTES || fsync(fd) != 0;
	bad |= close(fd) != 0;
	if (bad || rename(tmp, path) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
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

/* The RSA key of the press's actors: read, or made the first time; its fingerprint in the
 * database tells a lost file from a press that never had one. 0, or -1 with err. */
static int open_actor_key(const char *dir, struct store *s, struct pool *p, struct press_keys *k,
			  char *err, size_t errlen)
{
	const char *want = store_meta_get(s, p, "actor_key_check");
	int made;
	char have[65];
	if (!(k->actor = rsa_key_open(dir, want != NULL, &made, err, errlen)))
		return -1;
	if (rsa_fingerprint(k->actor, have) != 0) {
		snprintf(err, errlen, "the actor key's fingerprint cannot be computed");
		return -1;
	}
	if (want && strcmp(want, have) != 0) {
		snprintf(err, errlen,
			 "%s/%s is not this press's actor key: other servers know the press by "
			 "another one. Restore the right file from a backup.",
			 dir, RSA_KEY_FILE);
		return -1;
	}
	if (!want && (store_begin(s) != 0 || store_meta_set(s, "actor_key_check", have) != 0 ||
		      store_commit_quiet(s) != 0)) {
		store_rollback(s);
		snprintf(err, errlen, "database: %s", store_errmsg(s));
		return -1;
	}
	return 0;
}

struct press_keys *keys_open(const char *data_dir, struct store *s, int create, char *err,
			     size_t errlen)
{
	char dir[4096], path[4200], have[33];
	snprintf(dir, sizeof(dir), "%s/%s", data_dir, KEYS_DIR);
	snprintf(path, sizeof(path), "%s/%s", dir, KEYS_FILE);
	struct press_keys *k = sodium_malloc(sizeof(*k));
	if (!k) {
		snprintf(err, errlen, "no memory for the press's keys");
		return NULL;
	}
	k->actor = NULL;
	struct pool *p = pool_new();
	const char *want = store_meta_get(s, p, "key_check");
	int rc = read_key(path, k->master, err, errlen);
	if (rc == 1 && want) {
		snprintf(err, errlen,
			 "%s is missing: this press's emails, members and reports are sealed with "
			 "it and cannot be read without it. Restore it from the backup that holds "
			 "it (mode 600, in a folder of mode 700).",
			 path);
		rc = -1;
	} else if (rc == 1 && !create) {
		snprintf(err, errlen, "%s is missing (it is made when the press is served)", path);
		rc = -1;
	} else if (rc == 1) {
		crypto_kdf_keygen(k->master);
		check_value(k->master, have);
		rc = write_key(dir, path, k->master, err, errlen);
		if (rc == 0 && (store_begin(s) != 0 || store_meta_set(s, "key_check", have) != 0 ||
				store_commit_quiet(s) != 0)) {
			store_rollback(s);
			snprintf(err, errlen, "database: %s", store_errmsg(s));
			rc = -1;
		}
	} else if (rc == 0) {
		check_value(k->master, have);
		if (want && strcmp(want, have) != 0) {
			snprintf(err, errlen,
				 "%s is not this press's key: the database was sealed with another "
				 "one. Restore the right file from a backup.",
				 path);
			rc = -1;
		} else if (!want &&
			   (store_begin(s) != 0 || store_meta_set(s, "key_check", have) != 0 ||
			    store_commit_quiet(s) != 0)) {
			store_rollback(s);
			snprintf(err, errlen, "database: %s", store_errmsg(s));
			rc = -1;
		}
	}
	if (rc == 0)
		rc = open_actor_key(dir, s, p, k, err, errlen);
	pool_free(p);
	if (rc != 0 || derive(k) != 0) {
		if (rc == 0)
			snprintf(err, errlen, "the press's keys cannot be derived");
		keys_close(k);
		return NULL;
	}
	sodium_mprotect_readonly(k);
	return k;
}

int keys_match(const char *data_dir, struct store *s, char *err, size_t errlen)
{
	char path[4200], have[33];
	unsigned char master[crypto_kdf_KEYBYTES];
	snprintf(path, sizeof(path), "%s/%s/%s", data_dir, KEYS_DIR, KEYS_FILE);
	struct pool *p = pool_new();
	const char *want = store_meta_get(s, p, "key_check");
	int rc = read_key(path, master, err, errlen);
	if (rc == 1) {
		if (want)
			snprintf(err, errlen,
				 "%s is missing: what the press sealed cannot be read without it",
				 path);
		rc = want ? -1 : 1;
	} else if (rc == 0) {
		check_value(master, have);
		sodium_memzero(master, sizeof(master));
		if (!want) {
			rc = 1;
		} else if (strcmp(want, have) != 0) {
			snprintf(
			    err, errlen,
			    "%s is not this press's key: the database was sealed with another one",
			    path);
			rc = -1;
		}
	}
	pool_free(p);
	return rc;
}

void keys_close(struct press_keys *k)
{
	if (!k)
		return;
	rsa_key_free(k->actor);
	sodium_free(k); /* zeroes it first */
}
