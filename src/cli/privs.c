/* SPDX-License-Identifier: MIT */
/*
 * privs.c: -Z USER, giving up root once the capture device is open, as
 * tcpdump -Z does: the supplementary groups become USER's (initgroups),
 * then the group, then the user; each step is checked, and so is the
 * result (root cannot be taken back).
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sevenway/sevenway.h"
#include "privs.h"

enum sw_status
sw_privs_lookup(struct sw_privs *p, const char *user, struct sw_err *err)
{
	struct passwd *pw;

	memset(p, 0, sizeof(*p));
	errno = 0;
	if ((pw = getpwnam(user)) == NULL)
		return sw_err_set(err, SW_ERR_INPUT, "-Z: %s: %s", user,
		    errno != 0 ? strerror(errno) : "no such user");
	if (snprintf(p->name, sizeof(p->name), "%s", pw->pw_name) >=
	    (int)sizeof(p->name))
		return sw_err_set(err, SW_ERR_INPUT, "-Z: %s: name too long",
		    user);
	p->uid = pw->pw_uid;
	p->gid = pw->pw_gid;
	return SW_OK;
}

enum sw_status
sw_privs_drop(const struct sw_privs *p, struct sw_err *err)
{
	if (initgroups(p->name, p->gid) != 0)
		return sw_err_set(err, SW_ERR_PERM, "-Z: %s: cannot set the "
		    "groups: %s", p->name, strerror(errno));
	if (setgid(p->gid) != 0)
		return sw_err_set(err, SW_ERR_PERM, "-Z: %s: cannot set group "
		    "%lu: %s", p->name, (unsigned long)p->gid, strerror(errno));
	if (setuid(p->uid) != 0)
		return sw_err_set(err, SW_ERR_PERM, "-Z: %s: cannot set user "
		    "%lu: %s", p->name, (unsigned long)p->uid, strerror(errno));
	/* A user other than root must not be able to become root again. */
	if (p->uid != 0 && (setuid(0) == 0 || geteuid() == 0))
		return sw_err_set(err, SW_ERR_PERM, "-Z: %s: root privileges "
		    "could be regained", p->name);
	return SW_OK;
}
