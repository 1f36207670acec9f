/* SPDX-License-Identifier: MIT */
/* tcpdrv.c: a tiny TCP client and server on 127.0.0.1 for the live tests.
 *
 *   tcpdrv server PORT N [MS] listen on 127.0.0.1:PORT, print "ready",
 *                             serve N connections one after the other,
 *                             print "done" and exit; with MS, wait MS
 *                             milliseconds in CLOSE_WAIT before closing
 *                             (a server slow to close its side)
 *   tcpdrv client PORT MODE   one connection to 127.0.0.1:PORT
 *
 * The server reads one line, echoes it, then reads until the client closes
 * (end of stream or reset) and only then closes its side: with a normal
 * client the client closes first, so the client ends in TIME_WAIT.
 *
 * Client modes:
 *   normal    connect, send a line, read the echo, close
 *   reset     the same, but close with SO_LINGER {1,0}: an RST
 *   refused   connect must fail with ECONNREFUSED (no listener on PORT)
 *   hold      connect, send a line, read the echo, print "held" and sleep
 *             until killed: the connection stays ESTABLISHED
 *
 * libc only.  Every run is bounded by alarm(): no process outlives its test.
 * Exit status: 0 done as intended, 1 it did not happen, 2 usage,
 * 3 time limit reached.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define ALARM_SEC 20    /* hard limit on any run */
#define LINE_MAX_LEN 256

static const char *role = "tcpdrv";

static void
die(const char *what)
{
	fprintf(stderr, "tcpdrv %s: %s: %s\n", role, what, strerror(errno));
	exit(1);
}

static void
on_alarm(int sig)
{
	static const char msg[] = "tcpdrv: time limit reached\n";

	(void)sig;
	if (write(2, msg, sizeof msg - 1) < 0) {
		/* Nothing more to do. */
	}
	_exit(3);
}

static void
say(const char *word)
{
	printf("%s\n", word);
	fflush(stdout);
}

static void
usage(void)
{
	fprintf(stderr, "usage: tcpdrv server PORT N [CLOSE_DELAY_MS]\n"
	    "       tcpdrv client PORT normal|reset|refused|hold\n");
	exit(2);
}

/* Parse a decimal number in [lo, hi] or exit with a usage error. */
static long
number(const char *s, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
		usage();
	return v;
}

static void
loopback(struct sockaddr_in *sin, long port)
{
	memset(sin, 0, sizeof *sin);
	sin->sin_family = AF_INET;
	sin->sin_port = htons((unsigned short)port);
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
}

static void
write_full(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("write");
		}
		buf += n;
		len -= (size_t)n;
	}
}

/* Read one line (up to '\n') into buf; return its length, newline
 * included, or 0 when the stream ended first. */
static size_t
read_line(int fd, char *buf, size_t size)
{
	size_t len = 0;

	while (len < size) {
		ssize_t n = read(fd, buf + len, 1);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("read");
		}
		if (n == 0)
			return 0;
		len++;
		if (buf[len - 1] == '\n')
			return len;
	}
	return len;
}

/* Read until the peer closes, by a FIN (end of stream) or an RST. */
static void
drain(int fd)
{
	char buf[4096];

	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf);

		if (n > 0)
			continue;
		if (n == 0)
			return;
		if (errno == EINTR)
			continue;
		if (errno == ECONNRESET)
			return;
		die("read");
	}
}

static int
server(long port, long count, long delay_ms)
{
	struct sockaddr_in sin;
	char line[LINE_MAX_LEN];
	int one = 1;
	int lfd;

	role = "server";
	loopback(&sin, port);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0)
		die("socket");
	if (setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0)
		die("setsockopt SO_REUSEADDR");
	if (bind(lfd, (struct sockaddr *)&sin, sizeof sin) < 0)
		die("bind");
	if (listen(lfd, 16) < 0)
		die("listen");
	say("ready");
	for (long i = 0; i < count; i++) {
		size_t len;
		int fd = accept(lfd, NULL, NULL);

		if (fd < 0) {
			if (errno == EINTR) {
				i--;
				continue;
			}
			die("accept");
		}
		len = read_line(fd, line, sizeof line);
		if (len > 0)
			write_full(fd, line, len);
		drain(fd);
		if (delay_ms > 0) {
			struct timespec ts = { delay_ms / 1000,
			    delay_ms % 1000 * 1000000L };

			while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
				continue;
		}
		close(fd);
	}
	close(lfd);
	say("done");
	return 0;
}

static int
client(long port, const char *mode)
{
	static const char req[] = "hello sevenway\n";
	struct sockaddr_in sin;
	char line[LINE_MAX_LEN];
	int fd;

	role = "client";
	if (strcmp(mode, "normal") != 0 && strcmp(mode, "reset") != 0 &&
	    strcmp(mode, "refused") != 0 && strcmp(mode, "hold") != 0)
		usage();
	loopback(&sin, port);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		die("socket");
	if (connect(fd, (struct sockaddr *)&sin, sizeof sin) < 0) {
		if (strcmp(mode, "refused") == 0 && errno == ECONNREFUSED)
			return 0;
		die("connect");
	}
	if (strcmp(mode, "refused") == 0) {
		fprintf(stderr, "tcpdrv client: connect succeeded, "
		    "expected ECONNREFUSED\n");
		return 1;
	}
	write_full(fd, req, sizeof req - 1);
	if (read_line(fd, line, sizeof line) == 0) {
		fprintf(stderr, "tcpdrv client: no echo from the server\n");
		return 1;
	}
	if (strcmp(mode, "reset") == 0) {
		struct linger lg = { 1, 0 };

		if (setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg) < 0)
			die("setsockopt SO_LINGER");
	} else if (strcmp(mode, "hold") == 0) {
		say("held");
		for (;;)
			pause();
	}
	if (close(fd) < 0)
		die("close");
	return 0;
}

int
main(int argc, char **argv)
{
	long port;

	signal(SIGALRM, on_alarm);
	alarm(ALARM_SEC);
	if (argc != 4 && !(argc == 5 && strcmp(argv[1], "server") == 0))
		usage();
	port = number(argv[2], 1, 65535);
	if (strcmp(argv[1], "server") == 0)
		return server(port, number(argv[3], 1, 1000),
		    argc == 5 ? number(argv[4], 0, 5000) : 0);
	if (strcmp(argv[1], "client") == 0)
		return client(port, argv[3]);
	usage();
	return 2;
}
