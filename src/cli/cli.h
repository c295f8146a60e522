/* cli: the `broadside` subcommands; each returns the process exit status (0, 1 error, 2 usage). */
#ifndef BS_CLI_H
#define BS_CLI_H

struct store;

int cli_init(int argc, char **argv);
int cli_serve(int argc, char **argv);
int cli_post(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_site(int argc, char **argv);
int cli_search(int argc, char **argv);
int cli_gen(int argc, char **argv);
int cli_comment(int argc, char **argv);

/* Opens the site at dir (creating it when create), printing the error on failure. */
struct store *cli_open(const char *dir, int create);
/* Prints "broadside: " and the message to stderr; returns 1 for `return cli_fail(...)`. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints a usage error and the hint to run --help; returns 2. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Adds every demo post and writer compiled into the binary to s. */
int cli_add_samples(struct store *s);

#endif
