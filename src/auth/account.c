/* account: users with roles and passwords, for `broadside user` and the admin pages. */
#include "auth/account.h"
#include "auth/auth.h"
#include "post/postfile.h"
#include "post/publish.h"
#include "store/store.h"
#include "store/store_users.h"
#include "store/store_sessions.h"
#include "store/store_revisions.h"
#include "store/store_media.h"
#include "util/pool.h"
#include "util/utf8.h"

#include <stdio.h>
#include <string.h>

int account_handle_valid(const char *h)
{
	size_t n = strlen(h);
	if (n < 1 || n > POSTFILE_AUTHOR_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((h[i] >= 'a' && h[i] <= 'z') || (h[i] >= 'A' && h[i] <= 'Z') ||
		      (h[i] >= '0' && h[i] <= '9') || h[i] == '_'))
			return 0;
	return 1;
}

/* Valid UTF-8 of at most max bytes without control characters (but newlines when lines). */
static int text_ok(const char *s, size_t max, int lines)
{
	size_t n = strlen(s), bad;
	if (n > max || !utf8_valid(s, n, &bad))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] < 0x20 && !(lines && (s[i] == '\n' || s[i] == '\r'))) ||
		    s[i] == 0x7f)
			return 0;
	return 1;
}

const char *account_profile_problem(struct store *s, struct pool *p, const char *name,
				    const char *bio, const char *avatar)
{
	if (!*name || !text_ok(name, ACCOUNT_NAME_MAX, 0))
		return "A name has 1 to 100 bytes, on one line.";
	if (!text_ok(bio, ACCOUNT_BIO_MAX, 1))
		return "A bio has at most 2000 bytes of text.";
	if (*avatar && !store_media_path_ok(s, p, avatar))
		return "The avatar is an image of the media library (/media/…), or nothing.";
	return NULL;
}

int account_set_password(struct store *s, long long id, const char *handle, const char *password,
			 const char **msg)
{
	char hash[crypto_pwhash_STRBYTES];
	if ((*msg = auth_password_problem(password)))
		return -1;
	*msg = "The database could not be written.";
	if (auth_hash_password(password, hash) != 0) {
		*msg = "There is not enough memory to hash the password.";
		return -1;
	}
	int rc = store_account_set_password(s, id, hash) != 0 ||
			 store_session_delete_user(s, id) < 0 || store_login_clear(s, handle) != 0
		     ? -1
		     : 0;
	if (rc == 0)
		*msg = NULL;
	return rc;
}

int account_create(struct store *s, const char *handle, const char *name, const char *bio, int role,
		   const char *password, const char **msg)
{
	*msg = NULL;
	if (password && (*msg = auth_password_problem(password)))
		return -1;
	int rc = store_user_add(s, handle, name, bio);
	if (rc != 0) {
		if (rc < 0)
			*msg = "The database could not be written.";
		return rc;
	}
	struct pool *p = pool_new();
	struct account a;
	rc = store_account_by_handle(s, p, handle, &a) != 0 ||
		     store_account_set_role(s, a.id, role) ||
		     publish_rerender_mentions(s, handle) != 0
		 ? -1
		 : 0;
	if (rc == 0 && password)
		rc = account_set_password(s, a.id, handle, password, msg);
	else if (rc != 0)
		*msg = "The database could not be written.";
	pool_free(p);
	return rc;
}
