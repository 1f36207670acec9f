/* SPDX-License-Identifier: MIT */
/*
 * gen-traces.c: writes sevenway's crafted edge-case traces and prints the
 * verdict each one should get.
 *
 *   gen-traces OUTDIR      write every scenario's file into OUTDIR
 *   gen-traces --list      print "file<TAB>expected" lines
 *   gen-traces --markdown  print the README table
 *
 * The output is a pure function of the code: simulated time, fixed ISNs,
 * no randomness, so a test can regenerate the committed files and compare
 * bytes.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "gen.h"

static uint32_t
linktype(enum gen_link l)
{
	switch (l) {
	case GL_ETH:
	case GL_VLAN:
	case GL_QINQ:
	case GL_PBB:
	case GL_VNTAG:
	case GL_FABRICPATH:
		return LINKTYPE_ETHERNET;
	case GL_FDDI:
		return LINKTYPE_FDDI;
	case GL_SLL:
		return LINKTYPE_LINUX_SLL;
	case GL_SLL2:
		return LINKTYPE_LINUX_SLL2;
	case GL_NULL:
		return LINKTYPE_NULL;
	case GL_LOOP:
		return LINKTYPE_LOOP;
	case GL_RAW:
		return LINKTYPE_RAW;
	case GL_CHDLC:
		return LINKTYPE_C_HDLC;
	}
	return LINKTYPE_ETHERNET;
}

/*
 * Build one scenario into tr; path NULL only counts frames (for the
 * anomalies' frame numbers).  Returns 0, or -1 with errno set.
 */
static int
run(const struct scenario *sc, const char *path, struct trace *tr)
{
	memset(tr, 0, sizeof *tr);
	if (pcapw_open(&tr->w, path, sc->fmt, linktype(sc->link)))
		return -1;
	tr->w.cut_at = sc->cut_at;
	tr->link = sc->link;
	tr->v6 = sc->v6;
	tr->ext = sc->ext;
	tr->ns_digits = sc->ns_digits;
	tr->host = sc->host;
	memcpy(tr->tun, sc->tun, sizeof tr->tun);
	memcpy(tr->tun_s2c, sc->tun_s2c, sizeof tr->tun_s2c);
	sc->build(tr);
	if (pcapw_close(&tr->w)) {
		if (!errno)
			errno = EIO;
		return -1;
	}
	return 0;
}

/* "kind@frame:expected=E:seen=S,..." or "-". */
static void
print_anomalies(const struct trace *tr)
{
	if (!tr->nanom)
		fputs("-", stdout);
	for (int i = 0; i < tr->nanom; i++) {
		const struct gen_anom *a = &tr->anom[i];

		printf("%s%s@%llu", i ? "," : "", a->kind,
		    (unsigned long long)a->frame);
		if (a->numeric)
			printf(":expected=%lu:seen=%lu",
			    (unsigned long)a->expected, (unsigned long)a->seen);
	}
}

/* "frame:type/code,..." or "-". */
static void
print_icmp(const struct trace *tr)
{
	if (!tr->nicmp)
		fputs("-", stdout);
	for (int i = 0; i < tr->nicmp; i++)
		printf("%s%llu:%u/%u", i ? "," : "",
		    (unsigned long long)tr->icmp[i].frame, tr->icmp[i].type,
		    tr->icmp[i].code);
}

static int
list(void)
{
	for (int i = 0; i < gen_nscenarios; i++) {
		const struct scenario *sc = &gen_scenarios[i];
		struct trace tr;

		run(sc, NULL, &tr);
		printf("%s\tconns=%d handshake=%s close=%s closed_by=%s "
		    "state.client=%s state.server=%s anomalies=", sc->file,
		    sc->conns, sc->handshake, sc->close, sc->closed_by,
		    sc->client, sc->server);
		print_anomalies(&tr);
		printf(" events=%s icmp=", sc->events);
		print_icmp(&tr);
		printf("%s%s\n", sc->extra ? " " : "",
		    sc->extra ? sc->extra : "");
	}
	return 0;
}

static void
md_anomalies_events(const struct scenario *sc, const struct trace *tr)
{
	int any = 0;

	for (int i = 0; i < tr->nanom; i++) {
		const struct gen_anom *a = &tr->anom[i];

		printf("%sanomaly `%s` frame %llu", any++ ? "; " : "", a->kind,
		    (unsigned long long)a->frame);
		if (a->numeric)
			printf(" (expected %lu, seen %lu)",
			    (unsigned long)a->expected, (unsigned long)a->seen);
	}
	if (strcmp(sc->events, "-"))
		printf("%sevents `%s`", any++ ? "; " : "", sc->events);
	for (int i = 0; i < tr->nicmp; i++)
		printf("%sICMP %u/%u frame %llu", any++ ? "; " : "",
		    tr->icmp[i].type, tr->icmp[i].code,
		    (unsigned long long)tr->icmp[i].frame);
	if (sc->extra)
		printf("%s`%s`", any++ ? "; " : "", sc->extra);
	if (!any)
		fputs("none", stdout);
}

static int
markdown(void)
{
	puts("| file | scenario | conns | handshake | close | closed_by | "
	    "state.client | state.server | anomalies, events |");
	puts("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
	for (int i = 0; i < gen_nscenarios; i++) {
		const struct scenario *sc = &gen_scenarios[i];
		struct trace tr;

		run(sc, NULL, &tr);
		printf("| `%s` | %s%s%s | %d | %s | %s | %s | %s | %s | ",
		    sc->file, sc->what, sc->note ? " " : "",
		    sc->note ? sc->note : "", sc->conns, sc->handshake,
		    sc->close, sc->closed_by, sc->client, sc->server);
		md_anomalies_events(sc, &tr);
		puts(" |");
	}
	return 0;
}

static int
write_all(const char *dir)
{
	char path[4096];

	for (int i = 0; i < gen_nscenarios; i++) {
		const struct scenario *sc = &gen_scenarios[i];
		struct trace tr;
		int n = snprintf(path, sizeof path, "%s/%s", dir, sc->file);

		if (n < 0 || (size_t)n >= sizeof path) {
			fprintf(stderr, "gen-traces: %s: path too long\n", dir);
			return 1;
		}
		errno = 0;
		if (run(sc, path, &tr)) {
			fprintf(stderr, "gen-traces: %s: %s\n", path,
			    strerror(errno));
			return 1;
		}
	}
	return 0;
}

static int
usage(FILE *f)
{
	fputs("usage: gen-traces OUTDIR\n"
	    "       gen-traces --list | --markdown\n", f);
	return f == stdout ? 0 : 2;
}

int
main(int argc, char **argv)
{
	if (argc != 2)
		return usage(stderr);
	if (!strcmp(argv[1], "--list"))
		return list();
	if (!strcmp(argv[1], "--markdown"))
		return markdown();
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))
		return usage(stdout);
	if (argv[1][0] == '-')
		return usage(stderr);
	return write_all(argv[1]);
}
