/* SPDX-License-Identifier: MIT */
/* privs.h: -Z USER, dropping root once the capture device is open. */
#ifndef SW_PRIVS_H
#define SW_PRIVS_H

#include <sys/types.h>

#include "sevenway/sevenway.h"

struct sw_privs {
	char name[256];		/* the user's name, for initgroups */
	uid_t uid;
	gid_t gid;
};

/* Look user up (a name); an unknown user is an error. */
enum sw_status sw_privs_lookup(struct sw_privs *p, const char *user,
    struct sw_err *err);
/* Become p's user: its groups, group and user, each checked. */
enum sw_status sw_privs_drop(const struct sw_privs *p, struct sw_err *err);

#endif /* SW_PRIVS_H */
