/* hosts: the server folder's host map (which Host header names which press) and its names. */
#ifndef BS_HOSTS_H
#define BS_HOSTS_H

#include <stddef.h>

/*
 * A server folder holds many presses:
 *   DIR/presses/NAME/   each press's data folder, exactly what `broadside init` makes
 *   DIR/hosts           the host map: one "HOST NAME" line per host, '#' starts a comment
 * The map is replaced whole (written to a temporary file, then renamed), so a reader never
 * sees half of it. A press with no line in the map is not served.
 */

#define PRESS_NAME_MAX 32
#define HOST_NAME_MAX_LEN 253

struct host_entry {
	char *host;  /* lowercase, without a port */
	char *press; /* a press name */
};

struct host_map {
	struct host_entry *v;
	size_t n, cap;
};

/* 1 when dir is a server folder (it has a presses/ folder), 0 when not. */
int serverdir_is(const char *dir);
/* 1 for a press name: 1 to PRESS_NAME_MAX of a-z, 0-9 and '-', not starting with '-'. */
int press_name_valid(const char *name);
/* 1 for a host as the map keeps it: a DNS name (letters, digits, '-', '.') or an IPv4 address,
 * or a bracketed IPv6 address, at most HOST_NAME_MAX_LEN bytes, no port. Any case. */
int host_name_valid(const char *host);

/*
 * Reads DIR/hosts (a missing file is an empty map). A line that does not parse, a bad name or
 * a host given twice is an error naming its line in err. 0 or -1.
 */
int hostmap_load(const char *server_dir, struct host_map *out, char *err, size_t errlen);
/* Writes the map to DIR/hosts atomically (and durably: fsync before the rename). 0 or -1. */
int hostmap_save(const char *server_dir, const struct host_map *m, char *err, size_t errlen);
void hostmap_free(struct host_map *m);

/* Adds host for press (lowercased). 0, or 1 when the host is mapped already. */
int hostmap_add(struct host_map *m, const char *host, const char *press);
/* Removes every host of press; returns how many. */
size_t hostmap_drop_press(struct host_map *m, const char *press);

/*
 * The press a Host header names: exact match without case, the port ignored ("A.test:8080"
 * finds "a.test"; "[::1]:80" finds "[::1]"). NULL when none.
 */
const char *hostmap_find(const struct host_map *m, const char *host_header);

/* Writes the host part of a Host header (lowercase, no port) into out; -1 when it is not a
 * valid host or does not fit. */
int host_header_name(const char *host_header, char *out, size_t outlen);

#endif
