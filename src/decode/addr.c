/* SPDX-License-Identifier: MIT */
/*
 * addr.c: formatting, parsing and ordering of struct sw_addr.
 *
 * IPv4 uses a[0..3] only; the other bytes are not compared, so an
 * address copied into a struct that was not zeroed still compares equal.
 */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "sevenway/packet.h"

/*
 * inet_ntop() writes the RFC 5952 text form for IPv6 ("2001:db8::1"),
 * which is what users compare against other tools.  A buffer too short
 * for the address gets "", an unknown family "?".
 */
char *
sw_addr_str(const struct sw_addr *addr, char *buf, size_t len)
{
	socklen_t n = len < INET6_ADDRSTRLEN ? (socklen_t)len :
	    INET6_ADDRSTRLEN;
	int af;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (addr->family == 4) {
		af = AF_INET;
	} else if (addr->family == 6) {
		af = AF_INET6;
	} else {
		if (len >= 2)
			memcpy(buf, "?", 2);
		return buf;
	}
	if (inet_ntop(af, addr->a, buf, n) == NULL)
		buf[0] = '\0';
	return buf;
}

int
sw_addr_cmp(const struct sw_addr *x, const struct sw_addr *y)
{
	int c;

	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	c = memcmp(x->a, y->a, x->family == 4 ? 4 : sizeof x->a);
	return (c > 0) - (c < 0);
}

bool
sw_addr_parse(struct sw_addr *addr, const char *text)
{
	memset(addr, 0, sizeof(*addr));
	if (inet_pton(AF_INET, text, addr->a) == 1)
		addr->family = 4;
	else if (inet_pton(AF_INET6, text, addr->a) == 1)
		addr->family = 6;
	else
		return false;
	return true;
}
