/* SPDX-License-Identifier: MIT */
/*
 * floor.c: the benchmark's floor, a bare libpcap read loop.
 *
 * It opens a capture file and calls pcap_next_ex until the end, reading
 * each packet's first byte so the data is touched as an analyser would
 * touch it.  Whatever sevenway does beyond this loop is its own cost;
 * tests/bench/run.sh reports every mode as a multiple of this time.
 */
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>

int
main(int argc, char **argv)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	unsigned long long n = 0, sum = 0;
	pcap_t *p;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: floor FILE\n");
		return 2;
	}
	p = pcap_open_offline(argv[1], errbuf);
	if (p == NULL) {
		fprintf(stderr, "floor: %s\n", errbuf);
		return 2;
	}
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		n++;
		if (h->caplen > 0)
			sum += data[0];
	}
	if (rc == PCAP_ERROR)
		fprintf(stderr, "floor: %s\n", pcap_geterr(p));
	pcap_close(p);
	/* The sum is printed so the reads cannot be optimised away. */
	printf("%llu packets, byte sum %llu\n", n, sum);
	return rc == PCAP_ERROR;
}
