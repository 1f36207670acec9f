#!/bin/sh
# SPDX-License-Identifier: MIT
# make.sh: (re)write the committed hostile inputs in tests/hostile/files/
# with the mkhostile helper (built by make check).  Run from the top of
# the source tree:  MKHOSTILE=./tests/hostile/mkhostile sh tests/hostile/make.sh
# The cases too big or too many to commit (the truncations of a trace,
# 100,000 connections on one 4-tuple) are made by run.sh at test time.
set -eu
: "${MKHOSTILE:=./tests/hostile/mkhostile}"
D=tests/hostile/files
mkdir -p "$D"
for c in empty header-only garbage snaplen-0 snaplen-2g caplen-gt-snaplen \
    caplen-past-eof caplen-huge ipv4-length-past-capture \
    ipv4-length-past-wire ipv6-ext-100 \
    tcp-offset-lt-5 tcp-option-past-header time-backwards; do
	"$MKHOSTILE" "$c" "$D/$c.pcap"
done
for c in pcapng-unknown-block pcapng-oversized-block; do
	"$MKHOSTILE" "$c" "$D/$c.pcapng"
done
