/* theme_data: the default theme's files, compiled into the binary by scripts/embed.sh. */
#ifndef BS_THEME_DATA_H
#define BS_THEME_DATA_H

#include <stddef.h>

struct theme_file {
	const char *name; /* file name, e.g. "post.mustache" */
	const char *data; /* NUL-terminated content */
	size_t len;
};

/* Ends with an entry whose name is NULL. */
extern const struct theme_file theme_files[];

#endif
