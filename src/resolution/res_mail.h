/* res_mail: the queued job that mails a circulated resolution to every branch's members. */
#ifndef BS_RES_MAIL_H
#define BS_RES_MAIL_H

struct job;
struct job_ctx;

/* Kind "res_circulate", ref the resolution: one mail (through member_mail, deduplicated) to
 * each member who is in a branch, with a link to the resolution; nothing once it was withdrawn.
 * Picks up after a crash where its last batch ended. */
int res_circulate_job(struct job_ctx *c, const struct job *j);

#endif
