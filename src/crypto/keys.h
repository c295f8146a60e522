/* keys: a press's secret keys: one master key in DATA/keys/, never in the database, and the
 * keys derived from it for each use, held in locked memory. */
#ifndef BS_KEYS_H
#define BS_KEYS_H

#include <sodium.h>
#include <stddef.h>

struct evp_pkey_st;
struct store;

/*
 * Every key a press has, and what it protects. All but the master are derived from it with
 * crypto_kdf_derive_from_key, so the one file DATA/keys/press.key is all a backup must keep.
 */
struct press_keys {
	unsigned char master[crypto_kdf_KEYBYTES];
	/* Seals emails and members' names at rest (crypto_secretbox). */
	unsigned char seal[crypto_secretbox_KEYBYTES];
	/* Blind indexes of emails, for lookups without decrypting (keyed BLAKE2b). */
	unsigned char index[crypto_generichash_KEYBYTES];
	/* Tags of client addresses: limits, bans and throttles count an address without storing
	 * it (keyed BLAKE2b). */
	unsigned char addr[crypto_generichash_KEYBYTES];
	/* Each member's unsubscribe link, made again when needed instead of stored. */
	unsigned char member[crypto_auth_KEYBYTES];
	/* Chains the audit log: an entry cannot be made or changed without this key. */
	unsigned char audit[crypto_generichash_KEYBYTES];
	/* Reporters' receipts become lookup ids with this (the reports feature): a receipt
	 * cannot be tried against a copy of the database without the key file. */
	unsigned char receipt[crypto_generichash_KEYBYTES];
	/* Not derived: the RSA-2048 key of every ActivityPub actor of the press (the press, its
	 * writers and the instance actor share it), in DATA/keys/actor.pem, made once with the
	 * master key and never again (other servers know the press by it). It signs deliveries
	 * and fetches. */
	struct evp_pkey_st *actor;
	/* Chains the standing committee's own log of openings, replies, grants and
	 * revocations, apart from the audit log (which owners read). No report is sealed with
	 * it, nor with any key here: reports are sealed to committee members' own keys. */
	unsigned char committee[crypto_generichash_KEYBYTES];
};

#define KEYS_DIR "keys"
#define KEYS_FILE "press.key"

/*
 * Reads DATA/keys/press.key into locked memory and derives the other keys. When the file is
 * missing and create is set, and the database knows no key yet, makes a new one (folder mode
 * 0700, file 0600). The database keeps a check value of the key (a keyed hash, not the key),
 * so a missing file, or the file of another press, is refused with a message that says what
 * to do. The RSA key in DATA/keys/actor.pem is read (or made) the same way, its public key's
 * fingerprint kept as its check value. Returns NULL with err set.
 */
struct press_keys *keys_open(const char *data_dir, struct store *s, int create, char *err,
			     size_t errlen);
/* Whether DATA/keys/press.key is the key the database was sealed with, without making or
 * writing anything: 0 when it is, 1 when the press has no key yet (neither file nor check
 * value), -1 with err when the file is missing, unreadable or another press's. */
int keys_match(const char *data_dir, struct store *s, char *err, size_t errlen);
/* Wipes and frees. NULL is allowed. */
void keys_close(struct press_keys *k);

#endif
