/* fuzz_settings: the settings' rules and the navigation menu's text form, on any bytes: every
 * item the menu keeps is within its bounds and goes to an address a link may have. */
#include "press/settings.h"
#include "store/store.h"
#include "util/pool.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > SETTING_MENU_MAX + 16)
		return 0;
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	struct pool *p = pool_new();
	struct menu_item *items;
	size_t n;
	char err[200];
	if (menu_parse(text, p, &items, &n, err, sizeof(err)) == 0) {
		if (n > MENU_ITEMS_MAX)
			abort();
		for (size_t i = 0; i < n; i++) {
			const char *u = items[i].url;
			if (!*items[i].label || strlen(items[i].label) > MENU_LABEL_MAX ||
			    strpbrk(items[i].label, "\n\r") || strpbrk(u, " \t\n\"'<>\\`"))
				abort();
			if (!((u[0] == '/' && u[1] != '/') || strncmp(u, "https://", 8) == 0 ||
			      strncmp(u, "http://", 7) == 0 || strncmp(u, "mailto:", 7) == 0))
				abort(); /* no javascript: or other scheme, no protocol-relative
					    link */
		}
	} else if (!memchr(err, '\0', sizeof(err)) || strncmp(err, "line ", 5) != 0) {
		abort(); /* a refusal names its line */
	}
	/* Every key's rule takes any value without failing (the images without a store). */
	for (int i = 0; store_site_keys[i]; i++)
		(void)setting_problem(NULL, p, store_site_keys[i], text);
	pool_free(p);
	free(text);
	return 0;
}
