/* store_privacy: sealing what older versions of the press kept in clear: comment emails and
 * client addresses (in comments, bans, sessions and failed sign-ins). */
#ifndef BS_STORE_PRIVACY_H
#define BS_STORE_PRIVACY_H

struct press_keys;
struct store;

/*
 * Once per database: seals every comment email still in clear (with its blind index) and
 * turns every stored client address into its tag, in one transaction, then rewrites the file
 * so that no old page keeps the clear values. Returns how many values it sealed (0 when there
 * was nothing left to do), -1 on an error (nothing changed then).
 */
long store_seal_legacy(struct store *s, const struct press_keys *k);

#endif
