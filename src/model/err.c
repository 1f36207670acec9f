/* SPDX-License-Identifier: MIT */
/* err.c: filling struct sw_err, version, and time arithmetic helpers. */
#include <stdarg.h>
#include <stdio.h>

#include "config.h"
#include "sevenway/sevenway.h"

enum sw_status
sw_err_set(struct sw_err *err, enum sw_status code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

const char *
sw_version(void)
{
	return PACKAGE_VERSION;
}
