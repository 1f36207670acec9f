/* SPDX-License-Identifier: MIT */
/*
 * outfile.c: writing an output file safely (see outfile.h): a FIFO or a
 * character device is written in place; a regular file is replaced
 * only once the new one is complete, through a temporary file made by
 * mkstemp(3) beside it; anything else is refused.
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sevenway/sevenway.h"
#include "outfile.h"

static enum sw_status
out_err(struct sw_err *err, const char *what, const char *path)
{
	return sw_err_set(err, SW_ERR_IO, "%s: %s: %s", what, path,
	    strerror(errno));
}

enum sw_status
sw_out_open(struct sw_out *o, const char *path, const char *what,
    struct sw_err *err)
{
	struct stat st;
	size_t len = strlen(path);
	int fd;

	memset(o, 0, sizeof(*o));
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (!S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode))
			return sw_err_set(err, SW_ERR_IO, "%s: %s: not a "
			    "regular file, a FIFO or a character device; "
			    "refusing to replace it", what, path);
		if ((o->f = fopen(path, "w")) == NULL)
			return out_err(err, what, path);
		/* Its name, for the messages; nothing to rename. */
		if ((o->path = strdup(path)) == NULL) {
			sw_out_abort(o);
			return sw_err_set(err, SW_ERR_NOMEM, "%s: out of "
			    "memory", what);
		}
		return SW_OK;
	}
	if ((o->path = strdup(path)) == NULL ||
	    (o->tmp = malloc(len + 8)) == NULL) {
		sw_out_abort(o);
		return sw_err_set(err, SW_ERR_NOMEM, "%s: out of memory", what);
	}
	memcpy(o->tmp, path, len);
	memcpy(o->tmp + len, ".XXXXXX", 8);
	if ((fd = mkstemp(o->tmp)) < 0) {
		enum sw_status s = out_err(err, what, path);

		free(o->tmp);
		o->tmp = NULL;
		sw_out_abort(o);
		return s;
	}
	/* mkstemp makes it 0600; an output file gets the umask's mode. */
	{
		mode_t um = umask(0);

		umask(um);
		(void)fchmod(fd, 0666 & ~um);
	}
	if ((o->f = fdopen(fd, "w")) == NULL) {
		close(fd);
		sw_out_abort(o);
		return out_err(err, what, path);
	}
	return SW_OK;
}

enum sw_status
sw_out_commit(struct sw_out *o, const char *what, struct sw_err *err)
{
	enum sw_status st = SW_OK;
	FILE *f = o->f;
	bool bad;

	o->f = NULL;
	errno = 0;
	bad = fflush(f) != 0 || ferror(f);
	if (bad && errno == 0)
		errno = EIO;
	if (bad)
		st = out_err(err, what, o->path != NULL ? o->path : "output");
	if (fclose(f) != 0 && st == SW_OK)
		st = out_err(err, what, o->path != NULL ? o->path : "output");
	if (st == SW_OK && o->tmp != NULL && rename(o->tmp, o->path) != 0)
		st = out_err(err, what, o->path);
	if (st == SW_OK) {
		free(o->tmp);
		o->tmp = NULL;
	}
	sw_out_abort(o);
	return st;
}

void
sw_out_abort(struct sw_out *o)
{
	if (o->f != NULL)
		fclose(o->f);
	if (o->tmp != NULL)
		unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof(*o));
}
