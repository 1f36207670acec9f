/* SPDX-License-Identifier: MIT */
/*
 * pcapmap.c: classic pcap files read in place from a memory mapping
 * (pcapmap.h says which records, and why).
 */
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pcapmap.h"

#define FILE_HDR 24
#define REC_HDR 16
/* libpcap's largest snapshot length for the common link types: a file
 * that claims more (or 0) has it replaced, and records judged by it. */
#define MAX_SNAPLEN 262144u
/* Pages read are given back this many bytes at a time. */
#define RELEASE_STEP (8u << 20)

static uint32_t
get32(const uint8_t *p, bool swap)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return swap ? __builtin_bswap32(v) : v;
}

bool
sw_pcapmap_open(struct sw_pcapmap *m, const char *path)
{
	struct stat st;
	uint32_t magic;
	void *base;
	int fd;

	memset(m, 0, sizeof(*m));
	if ((fd = open(path, O_RDONLY)) < 0)
		return false;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size < FILE_HDR) {
		close(fd);
		return false;
	}
	base = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (base == MAP_FAILED)
		return false;
	m->base = base;
	m->size = (size_t)st.st_size;
	memcpy(&magic, m->base, 4);
	switch (magic) {
	case 0xa1b2c3d4: break;
	case 0xd4c3b2a1: m->swap = true; break;
	case 0xa1b23c4d: m->nano = true; break;
	case 0x4d3cb2a1: m->swap = m->nano = true; break;
	default: goto other;
	}
	/* Version 2.4 only: older ones swap fields in ways libpcap knows. */
	{
		uint16_t major, minor;

		memcpy(&major, m->base + 4, 2);
		memcpy(&minor, m->base + 6, 2);
		if (m->swap) {
			major = __builtin_bswap16(major);
			minor = __builtin_bswap16(minor);
		}
		if (major != 2 || minor != 4)
			goto other;
	}
	m->snaplen = get32(m->base + 16, m->swap);
	if (m->snaplen == 0 || m->snaplen > MAX_SNAPLEN)
		goto other;
	/* Read front to back, once: tell the kernel to read ahead. */
	(void)madvise(base, m->size, MADV_SEQUENTIAL);
	m->off = FILE_HDR;
	return true;
other:
	sw_pcapmap_close(m);
	return false;
}

void
sw_pcapmap_close(struct sw_pcapmap *m)
{
	if (m->base != NULL)
		munmap((void *)(uintptr_t)m->base, m->size);
	m->base = NULL;
}

bool
sw_pcapmap_next(struct sw_pcapmap *m, struct sw_pcaprec *r)
{
	const uint8_t *h = m->base + m->off;
	uint32_t sec, sub;

	if (m->size - m->off < REC_HDR)
		return false;
	sec = get32(h, m->swap);
	sub = get32(h + 4, m->swap);
	r->caplen = get32(h + 8, m->swap);
	r->len = get32(h + 12, m->swap);
	if (r->caplen > m->snaplen || sub >= (m->nano ? 1000000000u : 1000000u) ||
	    m->size - m->off - REC_HDR < r->caplen)
		return false;
	/* Seconds are unsigned 32-bit on disk (to 2106). */
	r->ts.sec = (int64_t)sec;
	r->ts.nsec = m->nano ? sub : sub * 1000;
	r->bytes = h + REC_HDR;
	m->off += REC_HDR + r->caplen;
	return true;
}

void
sw_pcapmap_release(struct sw_pcapmap *m)
{
	size_t page, upto;

	if (m->off < m->released + RELEASE_STEP)
		return;
	page = (size_t)sysconf(_SC_PAGESIZE);
	upto = m->off & ~(page - 1);
	(void)madvise((void *)(uintptr_t)(m->base + m->released),
	    upto - m->released, MADV_DONTNEED);
	m->released = upto;
}

bool
sw_pcapmap_done(const struct sw_pcapmap *m)
{
	return m->off == m->size;
}
