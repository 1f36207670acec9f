/* SPDX-License-Identifier: MIT */
/*
 * fuzz_decode.c: one frame through sw_decode, for every supported link
 * type.
 *
 * Input: byte 0 chooses the link type (its low 4 bits index the
 * supported DLT_ values in increasing order, then those added later
 * (FDDI) so that older seeds keep their link types; bit 7 asks for -K,
 * no checksums), byte 1 sets the wire length relative to the captured
 * one (0: equal; 1..127: that many times 64 bytes more, as when the
 * snapshot length cut the frame; 128..255: fewer, a damaged record),
 * the rest is the frame.  The result must describe the frame within
 * its bounds.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sevenway/packet.h"
#include "fuzz.h"

#define MAX_DLTS 16

static int dlts[MAX_DLTS];
static unsigned ndlts;

/* Link types supported since the first seeds, appended after the rest. */
static const int later[] = { 10 /* FDDI */ };

static bool
is_later(int d)
{
	for (size_t i = 0; i < sizeof(later) / sizeof(later[0]); i++)
		if (later[i] == d)
			return true;
	return false;
}

/* The supported DLT_ values, in increasing order, then the later ones. */
static void
find_dlts(void)
{
	for (int d = 0; d < 1024 && ndlts < MAX_DLTS; d++)
		if (sw_dlt_supported(d) && !is_later(d))
			dlts[ndlts++] = d;
	for (size_t i = 0; i < sizeof(later) / sizeof(later[0]); i++)
		if (ndlts < MAX_DLTS && sw_dlt_supported(later[i]))
			dlts[ndlts++] = later[i];
	fuzz_check(ndlts >= 12);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	enum sw_decode_result r;
	struct sw_pkt pkt;
	uint32_t caplen, wirelen;
	uint8_t *frame;
	char buf[64];
	unsigned flags;
	int dlt;

	if (ndlts == 0)
		find_dlts();
	if (len < 2)
		return 0;
	dlt = dlts[(data[0] & 0x0f) % ndlts];
	flags = data[0] & 0x80 ? SW_DECODE_NO_CSUM : 0;
	caplen = (uint32_t)(len - 2);
	if (data[1] == 0)
		wirelen = caplen;
	else if (data[1] < 128)
		wirelen = caplen + 64u * data[1];
	else
		wirelen = caplen > data[1] - 128u ? caplen - (data[1] - 128u) : 0;
	/* A copy of exactly caplen bytes, so that ASan sees any overrun. */
	frame = malloc(caplen > 0 ? caplen : 1);
	fuzz_check(frame != NULL);
	memcpy(frame, data + 2, caplen);

	r = sw_decode(dlt, frame, caplen, wirelen, flags, &pkt);
	fuzz_check((unsigned)r < SW_DEC__N);
	fuzz_check(sw_decode_result_name(r) != NULL);
	fuzz_check((unsigned)pkt.encap < SW_ENCAP__N);
	fuzz_check(sw_encap_name(pkt.encap) != NULL);
	if (r == SW_DEC_OK) {
		fuzz_check(pkt.ip_version == 4 || pkt.ip_version == 6);
		fuzz_check(pkt.src.family == pkt.ip_version &&
		    pkt.dst.family == pkt.ip_version);
		fuzz_check(pkt.thlen >= 20 && pkt.thlen <= 60 &&
		    pkt.thlen % 4 == 0);
		fuzz_check(pkt.opt.nsack <= SW_MAX_SACK);
		fuzz_check(pkt.ntunnel <= SW_TUNNEL_MAX);
		fuzz_check(pkt.paycap <= pkt.paylen);
		fuzz_check(pkt.paycap == 0 || (pkt.payload >= frame &&
		    pkt.payload + pkt.paycap <= frame + caplen));
		fuzz_check(!(flags & SW_DECODE_NO_CSUM) ||
		    pkt.csum == SW_CSUM_UNVERIFIED);
		sw_addr_str(&pkt.src, buf, sizeof(buf));
		sw_addr_str(&pkt.dst, buf, sizeof(buf));
	}
	free(frame);
	return 0;
}
