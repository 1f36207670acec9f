/* sockdrv -- drive real TCP sockets for tests/capture/real-traces.sh.
 *
 *   sockdrv [-s SRC] [-p PORT] [-t SEC] server ADDR PORT MODE [ARG...]
 *   sockdrv [-s SRC] [-p PORT] [-t SEC] client ADDR PORT MODE [ARG...]
 *
 * -s SRC binds the client's sockets to the local address SRC first; -p PORT
 * binds the client's Nth socket to local port PORT + N (first N = 0); -t SEC
 * sets the time limit (default 25 s).
 *
 * Each mode is one scenario of pcaps/real (see pcaps/real/README.md):
 *
 *   client-close   client closes first, then the server
 *   server-close   server closes first, then the client
 *   simultaneous   both shutdown(SHUT_WR) at the wall-clock instant ARG
 *                  (nanoseconds since the epoch, CLOCK_REALTIME)
 *   half-close     client shutdown(SHUT_WR) after its request, server keeps
 *                  sending 5 x 1 KiB, then closes
 *   abort-client   client closes with SO_LINGER {1,0}: RST
 *   abort-server   server closes with SO_LINGER {1,0}: RST
 *   refused        (client only) connect must fail with ECONNREFUSED
 *   unanswered     (client only) connect must fail with ETIMEDOUT
 *   close-wait     client closes, the server reads EOF and never closes
 *   idle           ARG (default 3) connections, one exchange each, then held
 *   bulk           client sends ARG (default 204800) bytes, then closes
 *
 * Modes with many connections (the server protection traces):
 *
 *   serve [LEAKS]        (server) accept and serve every connection at once:
 *                        answer each 64-byte request with 256 bytes; close
 *                        after the answer when the request asks for it
 *                        ("GET /close"), never close one that asked for
 *                        "GET /leak" (it stays in CLOSE_WAIT after the
 *                        client's FIN), else close on the client's FIN.
 *                        Connections that never send are simply kept.
 *                        Prints "held" once LEAKS leaked connections have
 *                        seen their EOF.  Runs until killed.
 *   crash N MS           (server) accept N connections and never read; once
 *                        every one has request data queued, print "held",
 *                        wait MS ms and SIGKILL itself (the kernel resets
 *                        every connection holding unread data)
 *   hold N               (client) N connections that never send anything
 *   requests N MS KIND   (client) N connections one after another, MS ms
 *                        apart, each one request and its answer; KIND client
 *                        (the client closes first), server (asks the server
 *                        to close first), leak (asks the server never to
 *                        close; the client closes) or mixed (client and
 *                        server in turn)
 *   send-hold N          (client) N connections, each sends a request and
 *                        waits; prints "held", then "reset" once every one
 *                        has been reset by the server
 *   refused N MS         (client) N connects MS ms apart, all refused
 *   synflood N NSRC SRC MS
 *                        (client, raw socket, IPv4) N SYNs MS ms apart from
 *                        NSRC spoofed sources SRC, SRC+1, ... in turn, each
 *                        SYN its own source port (10000 + index); nothing
 *                        is ever sent after a SYN
 *
 * Modes for protocol corners:
 *
 *   tfo N                (both) TCP Fast Open: the server sets
 *                        TCP_FASTOPEN on its listener and answers each
 *                        request at once; the client opens N connections
 *                        with sendto(MSG_FASTOPEN) in delayed-ACK mode
 *                        (TCP_QUICKACK 0) and closes first
 *   banner               (both) the server writes 256 bytes right after
 *                        accept(), then answers requests until EOF; the
 *                        client reads them, makes one exchange, closes
 *   requests             (server) answer every request until EOF ("eof")
 *                        or a reset ("reset"), then close
 *   rst-inject exact|OFF (client, IPv4) one exchange, then a RST written
 *                        with a raw socket at the server's RCV.NXT, or
 *                        RCV.NXT + OFF; prints "injected".  exact: holds
 *                        the socket; OFF: one more exchange, then closes
 *   unreachable          (client only) connect must fail on an ICMP error
 *                        (EHOSTUNREACH, ENETUNREACH or EACCES)
 *   drop-close           (both) server-close, but the server closes only
 *                        once its answer has been acknowledged
 *
 * The server binds ADDR:PORT, listens (backlog 4096), prints "ready" on
 * stdout, serves one scenario and exits.  Modes that hold sockets open print "held" (client) or
 * "eof" (server) on stdout and then wait to be killed.  Every run is bounded
 * by alarm(): no process outlives its scenario for long.
 *
 * Exit status: 0 the scenario happened as intended, 1 it did not, 2 usage,
 * 3 alarm expired.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define REQ_LEN 64
#define RESP_LEN 256
#define HALF_CHUNK 1024
#define HALF_CHUNKS 5
#define BULK_DEFAULT 204800L
#define IDLE_DEFAULT 3
#define ALARM_SEC 25
#define BACKLOG 4096
#define MAX_CONNS 1000

static const char *role = "sockdrv";
static const char *bind_src; /* -s: local address of the client's sockets */
static long bind_port = -1;  /* -p: local port of the next client socket */

static void die(const char *what)
{
    fprintf(stderr, "sockdrv %s: %s: %s\n", role, what, strerror(errno));
    exit(1);
}

static void fail(const char *what)
{
    fprintf(stderr, "sockdrv %s: %s\n", role, what);
    exit(1);
}

static void on_alarm(int sig)
{
    static const char msg[] = "sockdrv: time limit reached\n";
    (void)sig;
    if (write(2, msg, sizeof msg - 1) < 0) {
        /* nothing more to do */
    }
    _exit(3);
}

static void say(const char *word)
{
    printf("%s\n", word);
    fflush(stdout);
}

static void msleep(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {
    }
}

static void write_full(int fd, const char *buf, size_t len)
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

static void read_full(int fd, size_t len)
{
    char buf[4096];
    while (len > 0) {
        size_t want = len < sizeof buf ? len : sizeof buf;
        ssize_t n = read(fd, buf, want);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            die("read");
        }
        if (n == 0)
            fail("read: unexpected end of stream");
        len -= (size_t)n;
    }
}

/* Read until end of stream; return the byte count. */
static long read_to_eof(int fd)
{
    char buf[16384];
    long total = 0;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            die("read");
        }
        if (n == 0)
            return total;
        total += n;
    }
}

/* Read until a reset arrives; a clean EOF is a failure. */
static void expect_reset(int fd)
{
    char buf[4096];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n > 0)
            continue;
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == ECONNRESET)
            return;
        if (n == 0)
            fail("expected a reset, got end of stream");
        die("read (expected a reset)");
    }
}

static void send_pattern(int fd, size_t len)
{
    char buf[16384];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (char)('a' + i % 26);
    while (len > 0) {
        size_t n = len < sizeof buf ? len : sizeof buf;
        write_full(fd, buf, n);
        len -= n;
    }
}

/* A 64-byte request; PATH says what the "serve" server does after it. */
static void send_request_path(int fd, const char *path)
{
    char req[REQ_LEN];
    memset(req, '.', sizeof req);
    memcpy(req, "GET ", 4);
    memcpy(req + 4, path, strlen(path));
    req[REQ_LEN - 1] = '\n';
    write_full(fd, req, sizeof req);
}

static void send_request(int fd)
{
    send_request_path(fd, "/sevenway");
}

static void send_response(int fd)
{
    send_pattern(fd, RESP_LEN);
}

static void abort_close(int fd)
{
    struct linger lg = { 1, 0 };
    if (setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg) < 0)
        die("setsockopt SO_LINGER");
    if (close(fd) < 0)
        die("close");
}

static void hold(void)
{
    for (;;)
        pause();
}

/* Sleep until the CLOCK_REALTIME instant `ns`, spinning for the last 3 ms
 * so that two processes on two CPUs wake within microseconds. */
static void wait_until(long long ns)
{
    long long coarse = ns - 3000000LL;
    struct timespec ts = { (time_t)(coarse / 1000000000LL),
                           (long)(coarse % 1000000000LL) };
    while (clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &ts, NULL) == EINTR) {
    }
    for (;;) {
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        if ((long long)now.tv_sec * 1000000000LL + now.tv_nsec >= ns)
            return;
    }
}

static struct addrinfo *resolve(const char *addr, const char *port, int passive)
{
    struct addrinfo hints, *ai = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | (passive ? AI_PASSIVE : 0);
    int rc = getaddrinfo(addr, port, &hints, &ai);
    if (rc != 0) {
        fprintf(stderr, "sockdrv %s: %s port %s: %s\n", role, addr, port,
                gai_strerror(rc));
        exit(2);
    }
    return ai;
}

/* Connect; return the socket, or -1 with errno set when connect() fails. */
static int try_connect(const struct addrinfo *ai)
{
    int fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    if (fd < 0)
        die("socket");
    if (bind_src != NULL || bind_port >= 0) {
        char pbuf[24];
        snprintf(pbuf, sizeof pbuf, "%ld", bind_port >= 0 ? bind_port++ : 0L);
        struct addrinfo *src = resolve(bind_src != NULL ? bind_src
                                       : ai->ai_family == AF_INET6 ? "::" : "0.0.0.0",
                                       pbuf, 0);
        if (bind(fd, src->ai_addr, src->ai_addrlen) < 0)
            die("bind (-s)");
        freeaddrinfo(src);
    }
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

static int must_connect(const struct addrinfo *ai)
{
    int fd = try_connect(ai);
    if (fd < 0)
        die("connect");
    return fd;
}

static int must_accept(int lfd)
{
    for (;;) {
        int fd = accept(lfd, NULL, NULL);
        if (fd >= 0)
            return fd;
        if (errno != EINTR)
            die("accept");
    }
}

static long long arg_num(const char *arg, long long dflt, const char *what)
{
    if (arg == NULL)
        return dflt;
    char *end = NULL;
    errno = 0;
    long long v = strtoll(arg, &end, 10);
    if (errno != 0 || end == arg || *end != '\0' || v <= 0) {
        fprintf(stderr, "sockdrv %s: bad %s '%s'\n", role, what, arg);
        exit(2);
    }
    return v;
}

/* ---------------------------------------------------------------- many
 * connections: the server protection traces. */

/* Argument I of a mode, as a number, required. */
static long long need_num(char *const *args, int nargs, int i, const char *what)
{
    if (i >= nargs) {
        fprintf(stderr, "sockdrv %s: missing %s\n", role, what);
        exit(2);
    }
    return arg_num(args[i], 0, what);
}

struct served {
    int fd;
    size_t got;        /* request bytes read so far */
    char head[16];     /* the request's first bytes */
    int leak;          /* asked never to be closed */
};

/* serve [LEAKS]: every connection at once, driven by poll(). */
static void serve(int lfd, long long leaks_wanted)
{
    static struct served c[MAX_CONNS];
    static struct pollfd pf[MAX_CONNS + 1];
    int n = 0;
    long long leaked = 0;

    for (;;) {
        pf[0].fd = lfd;
        pf[0].events = POLLIN;
        for (int i = 0; i < n; i++) {
            pf[i + 1].fd = c[i].fd;
            pf[i + 1].events = POLLIN;
        }
        if (poll(pf, (nfds_t)n + 1, -1) < 0) {
            if (errno == EINTR)
                continue;
            die("poll");
        }
        /* Connections first, back to front so that removing one keeps
         * the indices of those still to be looked at. */
        for (int i = n - 1; i >= 0; i--) {
            if (!(pf[i + 1].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            char buf[REQ_LEN];
            size_t want = c[i].got < REQ_LEN ? REQ_LEN - c[i].got : sizeof buf;
            ssize_t r = read(c[i].fd, buf, want);
            if (r < 0 && errno == EINTR)
                continue;
            int drop = 0;
            if (r <= 0) {
                /* End of stream (or an error): close, unless it leaks. */
                if (c[i].leak) {
                    if (++leaked == leaks_wanted)
                        say("held");
                } else {
                    close(c[i].fd);
                }
                drop = 1;
            } else {
                size_t before = c[i].got;
                c[i].got += (size_t)r;
                if (before < sizeof c[i].head) {
                    size_t k = sizeof c[i].head - before;
                    memcpy(c[i].head + before, buf, (size_t)r < k ? (size_t)r : k);
                }
                if (before < REQ_LEN && c[i].got >= REQ_LEN) {
                    send_response(c[i].fd);
                    if (memcmp(c[i].head, "GET /close", 10) == 0) {
                        close(c[i].fd);
                        drop = 1;
                    } else if (memcmp(c[i].head, "GET /leak", 9) == 0) {
                        c[i].leak = 1;
                    }
                }
            }
            if (drop)
                c[i] = c[--n];
        }
        if (pf[0].revents & POLLIN) {
            int fd = must_accept(lfd);
            if (n == MAX_CONNS)
                fail("too many connections");
            memset(&c[n], 0, sizeof c[n]);
            c[n++].fd = fd;
        }
    }
}

/* crash N MS: accept N, never read; SIGKILL once all hold request data. */
static void crash(int lfd, long long n, long long ms)
{
    static struct pollfd pf[MAX_CONNS];
    if (n > MAX_CONNS)
        fail("too many connections");
    for (long long i = 0; i < n; i++) {
        pf[i].fd = must_accept(lfd);
        pf[i].events = POLLIN;
    }
    for (;;) {
        if (poll(pf, (nfds_t)n, -1) < 0) {
            if (errno == EINTR)
                continue;
            die("poll");
        }
        long long ready = 0;
        for (long long i = 0; i < n; i++)
            if (pf[i].revents & POLLIN)
                ready++;
        if (ready == n)
            break;
        msleep(10);
    }
    say("held");
    msleep(ms);
    kill(getpid(), SIGKILL);
    fail("still alive after SIGKILL");
}

static uint32_t sum16(const uint8_t *p, size_t len, uint32_t sum)
{
    for (size_t i = 0; i + 1 < len; i += 2)
        sum += (uint32_t)p[i] << 8 | p[i + 1];
    if (len & 1)
        sum += (uint32_t)p[len - 1] << 8;
    return sum;
}

static uint16_t fold16(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, (uint16_t)(v >> 16));
    put16(p + 2, (uint16_t)v);
}

/* synflood N NSRC SRC MS: bare SYNs (MSS option only) from spoofed IPv4
 * sources, written with a raw socket; the IP header is ours, the kernel
 * fills in its identification and checksum. */
static int synflood(const char *addr, const char *port, char *const *args,
                    int nargs)
{
    long long n = need_num(args, nargs, 0, "SYN count");
    long long nsrc = need_num(args, nargs, 1, "source count");
    if (nargs < 3) {
        fprintf(stderr, "sockdrv client: missing first source address\n");
        return 2;
    }
    long long ms = need_num(args, nargs, 3, "gap");
    struct in_addr src0, dst;
    if (inet_pton(AF_INET, args[2], &src0) != 1 || inet_pton(AF_INET, addr, &dst) != 1) {
        fprintf(stderr, "sockdrv client: synflood needs IPv4 addresses\n");
        return 2;
    }
    uint16_t dport = (uint16_t)arg_num(port, 0, "port");
    int fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
    if (fd < 0)
        die("socket (raw)");
    struct sockaddr_in to;
    memset(&to, 0, sizeof to);
    to.sin_family = AF_INET;
    to.sin_addr = dst;
    uint32_t isn = 0x5eed1234u;
    for (long long i = 0; i < n; i++) {
        uint8_t pkt[44];
        uint8_t *ip = pkt, *tcp = pkt + 20;
        uint32_t s = ntohl(src0.s_addr) + (uint32_t)(i % nsrc);
        memset(pkt, 0, sizeof pkt);
        ip[0] = 0x45;
        put16(ip + 2, sizeof pkt);
        put16(ip + 6, 0x4000);            /* DF */
        ip[8] = 64;                        /* TTL */
        ip[9] = IPPROTO_TCP;
        put32(ip + 12, s);
        memcpy(ip + 16, &dst.s_addr, 4);
        isn = isn * 1103515245u + 12345u;  /* fixed sequence: same ISNs each run */
        put16(tcp, (uint16_t)(10000 + i));
        put16(tcp + 2, dport);
        put32(tcp + 4, isn);
        tcp[12] = 6 << 4;                  /* 24-byte header */
        tcp[13] = 0x02;                    /* SYN */
        put16(tcp + 14, 64240);
        tcp[20] = 2;                       /* MSS 1460 */
        tcp[21] = 4;
        put16(tcp + 22, 1460);
        uint8_t pseudo[12];
        memcpy(pseudo, ip + 12, 8);
        pseudo[8] = 0;
        pseudo[9] = IPPROTO_TCP;
        put16(pseudo + 10, 24);
        put16(tcp + 16, fold16(sum16(tcp, 24, sum16(pseudo, 12, 0))));
        if (sendto(fd, pkt, sizeof pkt, 0, (struct sockaddr *)&to, sizeof to)
            != (ssize_t)sizeof pkt)
            die("sendto");
        msleep(ms);
    }
    close(fd);
    return 0;
}

/* Client modes with many connections; -1 when MODE is none of them. */
static int many_client(const struct addrinfo *ai, const char *mode,
                       char *const *args, int nargs)
{
    static int fds[MAX_CONNS];
    if (strcmp(mode, "hold") == 0) {
        long long n = need_num(args, nargs, 0, "connection count");
        for (long long i = 0; i < n; i++)
            must_connect(ai); /* kept open, never written to */
        say("held");
        hold();
    }
    if (strcmp(mode, "requests") == 0) {
        long long n = need_num(args, nargs, 0, "connection count");
        long long ms = nargs > 1 ? arg_num(args[1], 0, "gap") : 0;
        const char *kind = nargs > 2 ? args[2] : "client";
        if (strcmp(kind, "client") != 0 && strcmp(kind, "server") != 0
            && strcmp(kind, "leak") != 0 && strcmp(kind, "mixed") != 0) {
            fprintf(stderr, "sockdrv client: unknown kind '%s'\n", kind);
            return 2;
        }
        for (long long i = 0; i < n; i++) {
            int server_closes = strcmp(kind, "server") == 0
                || (strcmp(kind, "mixed") == 0 && i % 2 == 1);
            int fd = must_connect(ai);
            send_request_path(fd, server_closes ? "/close"
                              : strcmp(kind, "leak") == 0 ? "/leak" : "/sevenway");
            read_full(fd, RESP_LEN);
            if (server_closes && read_to_eof(fd) != 0)
                fail("unexpected data before the server's FIN");
            close(fd);
            if (ms > 0 && i + 1 < n)
                msleep(ms);
        }
        return 0;
    }
    if (strcmp(mode, "send-hold") == 0) {
        long long n = need_num(args, nargs, 0, "connection count");
        if (n > MAX_CONNS)
            fail("too many connections");
        for (long long i = 0; i < n; i++) {
            fds[i] = must_connect(ai);
            send_request(fds[i]);
        }
        say("held");
        for (long long i = 0; i < n; i++)
            expect_reset(fds[i]);
        say("reset");
        return 0;
    }
    if (strcmp(mode, "refused") == 0 && nargs > 0) {
        long long n = need_num(args, nargs, 0, "connection count");
        long long ms = nargs > 1 ? arg_num(args[1], 0, "gap") : 0;
        for (long long i = 0; i < n; i++) {
            if (try_connect(ai) >= 0)
                fail("connect succeeded, expected ECONNREFUSED");
            if (errno != ECONNREFUSED)
                die("connect (expected ECONNREFUSED)");
            if (ms > 0 && i + 1 < n)
                msleep(ms);
        }
        return 0;
    }
    return -1;
}

/* ------------------------------------------------------------ more real
 * scenarios: TCP Fast Open, a server that speaks first, RST injection,
 * ICMP errors, segments dropped once. */

/* Read one 64-byte request.  1: got it; 0: end of stream; -1: reset. */
static int read_request(int fd)
{
    char buf[REQ_LEN];
    size_t got = 0;
    while (got < REQ_LEN) {
        ssize_t n = read(fd, buf + got, REQ_LEN - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == ECONNRESET)
            return -1;
        if (n < 0)
            die("read");
        if (n == 0) {
            if (got != 0)
                fail("request cut short by end of stream");
            return 0;
        }
        got += (size_t)n;
    }
    return 1;
}

/* requests (server): answer every request until the client's FIN, then
 * close and print "eof"; print "reset" when the connection is reset. */
static void serve_requests(int fd)
{
    for (;;) {
        int r = read_request(fd);
        if (r < 0) {
            say("reset");
            close(fd);
            return;
        }
        if (r == 0) {
            close(fd);
            say("eof");
            return;
        }
        send_response(fd);
    }
}

/* Wait until every byte written to fd has been acknowledged. */
static void wait_acked(int fd)
{
    for (;;) {
        int outq = 0;
        if (ioctl(fd, SIOCOUTQ, &outq) < 0)
            die("ioctl SIOCOUTQ");
        if (outq == 0)
            return;
        msleep(5);
    }
}

/* tfo N (client): N connections opened with sendto(MSG_FASTOPEN), each
 * carrying the 64-byte request, reading the answer and closing first.  The
 * first one has no cookie yet: its SYN asks for one.  The later ones send
 * the request in the SYN.  The sockets are in delayed-ACK ("ping-pong")
 * mode (TCP_QUICKACK 0), so the client holds back its handshake ACK and
 * the server's answer, sent at once from SYN_RCVD, can come first. */
static int tfo_client(const struct addrinfo *ai, long long n)
{
    for (long long i = 0; i < n; i++) {
        int fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd < 0)
            die("socket");
        int zero = 0;
        if (setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &zero, sizeof zero) < 0)
            die("setsockopt TCP_QUICKACK");
        char req[REQ_LEN];
        memset(req, '.', sizeof req);
        memcpy(req, "GET /tfo", 8);
        req[REQ_LEN - 1] = '\n';
        ssize_t w = sendto(fd, req, sizeof req, MSG_FASTOPEN, ai->ai_addr,
                           ai->ai_addrlen);
        if (w < 0)
            die("sendto MSG_FASTOPEN");
        if (w != (ssize_t)sizeof req)
            write_full(fd, req + w, sizeof req - (size_t)w);
        read_full(fd, RESP_LEN);
        msleep(50);
        close(fd);
        msleep(100);
    }
    return 0;
}

/* tfo N (server): Fast Open on the listener; N connections, each answered
 * as soon as its request is read (from SYN_RCVD when it came in the SYN). */
static void tfo_server(int lfd, long long n)
{
    for (long long i = 0; i < n; i++) {
        int fd = must_accept(lfd);
        read_full(fd, REQ_LEN);
        send_response(fd);
        if (read_to_eof(fd) != 0)
            fail("unexpected data before the client's FIN");
        close(fd);
    }
}

/* One IPv4 TCP segment seen by the sniffer. */
struct seen_seg {
    uint32_t seq, ack;
    uint16_t win;
    int wscale;        /* from a SYN-ACK's window scale option, else -1 */
};

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Drain the raw sniffer: keep the last segment from `from` to `to`, and the
 * window scale of the SYN-ACK among them.  Returns the number seen. */
static int sniff(int rfd, const struct sockaddr_in *from,
                 const struct sockaddr_in *to, struct seen_seg *last)
{
    uint8_t pkt[2048];
    int count = 0;
    for (;;) {
        ssize_t n = recv(rfd, pkt, sizeof pkt, MSG_DONTWAIT);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return count;
        if (n < 0)
            die("recv (sniffer)");
        if (n < 20 || (pkt[0] >> 4) != 4)
            continue;
        size_t ihl = (size_t)(pkt[0] & 15) * 4;
        if ((size_t)n < ihl + 20 || pkt[9] != IPPROTO_TCP)
            continue;
        const uint8_t *tcp = pkt + ihl;
        if (memcmp(pkt + 12, &from->sin_addr, 4) != 0
            || memcmp(pkt + 16, &to->sin_addr, 4) != 0
            || memcmp(tcp, &from->sin_port, 2) != 0
            || memcmp(tcp + 2, &to->sin_port, 2) != 0)
            continue;
        last->seq = get32(tcp + 4);
        last->ack = get32(tcp + 8);
        last->win = (uint16_t)(tcp[14] << 8 | tcp[15]);
        if ((tcp[13] & 0x12) == 0x12) {
            size_t hl = (size_t)(tcp[12] >> 4) * 4, o = 20;
            while (o < hl && ihl + o < (size_t)n) {
                uint8_t kind = tcp[o];
                if (kind == 0)
                    break;
                if (kind == 1) {
                    o++;
                    continue;
                }
                if (o + 1 >= hl || tcp[o + 1] < 2)
                    break;
                if (kind == 3 && tcp[o + 1] == 3)
                    last->wscale = tcp[o + 2];
                o += tcp[o + 1];
            }
        }
        count++;
    }
}

/* Write one bare TCP segment (no options) from src to dst with a raw
 * socket: our IP header, the kernel fills in its id and checksum. */
static void send_raw_tcp(const struct sockaddr_in *src, const struct sockaddr_in *dst,
                         uint32_t seq, uint32_t ack, uint8_t flags)
{
    uint8_t pkt[40];
    uint8_t *ip = pkt, *tcp = pkt + 20;
    memset(pkt, 0, sizeof pkt);
    ip[0] = 0x45;
    put16(ip + 2, sizeof pkt);
    put16(ip + 6, 0x4000);                 /* DF */
    ip[8] = 64;
    ip[9] = IPPROTO_TCP;
    memcpy(ip + 12, &src->sin_addr, 4);
    memcpy(ip + 16, &dst->sin_addr, 4);
    memcpy(tcp, &src->sin_port, 2);
    memcpy(tcp + 2, &dst->sin_port, 2);
    put32(tcp + 4, seq);
    put32(tcp + 8, ack);
    tcp[12] = 5 << 4;
    tcp[13] = flags;
    uint8_t pseudo[12];
    memcpy(pseudo, ip + 12, 8);
    pseudo[8] = 0;
    pseudo[9] = IPPROTO_TCP;
    put16(pseudo + 10, 20);
    put16(tcp + 16, fold16(sum16(tcp, 20, sum16(pseudo, 12, 0))));
    int fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
    if (fd < 0)
        die("socket (raw)");
    if (sendto(fd, pkt, sizeof pkt, 0, (const struct sockaddr *)dst, sizeof *dst)
        != (ssize_t)sizeof pkt)
        die("sendto (raw)");
    close(fd);
}

/* rst-inject exact|OFFSET (client, IPv4): one exchange, then a bare RST
 * written with a raw socket on the connection's own addresses and ports,
 * its sequence number the server's RCV.NXT (exact) or RCV.NXT + OFFSET
 * (inside the server's receive window).  RCV.NXT and the window are read
 * from the server's own segments, sniffed by a raw IPPROTO_TCP socket (it
 * gets a copy of every TCP segment arriving here).  With exact, print
 * "injected" and hold the socket (the server has reset its end; the script
 * stops the capture before this socket is closed).  With an offset, print
 * "injected", wait 200 ms, make one more exchange and close first. */
static int rst_inject(const struct addrinfo *ai, const char *how)
{
    long long offset = strcmp(how, "exact") == 0 ? 0 : arg_num(how, 0, "offset");
    if (ai->ai_family != AF_INET) {
        fprintf(stderr, "sockdrv client: rst-inject needs IPv4\n");
        return 2;
    }
    int rfd = socket(AF_INET, SOCK_RAW, IPPROTO_TCP);
    if (rfd < 0)
        die("socket (sniffer)");
    int fd = must_connect(ai);
    struct sockaddr_in me, peer;
    socklen_t len = sizeof me;
    if (getsockname(fd, (struct sockaddr *)&me, &len) < 0)
        die("getsockname");
    memcpy(&peer, ai->ai_addr, sizeof peer);
    send_request(fd);
    read_full(fd, RESP_LEN);
    msleep(100);  /* the server's ACKs have all come */
    struct seen_seg last = { 0, 0, 0, -1 };
    if (sniff(rfd, &peer, &me, &last) == 0)
        fail("sniffer saw no segment from the server");
    if (last.wscale < 0)
        fail("sniffer saw no SYN-ACK");
    uint32_t window = (uint32_t)last.win << last.wscale;
    if ((uint64_t)offset >= window)
        fail("offset not inside the server's receive window");
    uint32_t seq = last.ack + (uint32_t)offset;
    fprintf(stderr, "sockdrv client: RCV.NXT %u, window %u, RST seq %u\n",
            last.ack, window, seq);
    send_raw_tcp(&me, &peer, seq, 0, 0x04);
    say("injected");
    close(rfd);
    if (offset == 0)
        hold();
    msleep(200);
    send_request(fd);
    read_full(fd, RESP_LEN);
    msleep(50);
    close(fd);
    return 0;
}

static int run_server(const char *addr, const char *port, const char *mode,
                      char *const *args, int nargs)
{
    const char *arg = nargs > 0 ? args[0] : NULL;
    struct addrinfo *ai = resolve(addr, port, 1);
    int lfd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    if (lfd < 0)
        die("socket");
    int one = 1;
    if (setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0)
        die("setsockopt SO_REUSEADDR");
    if (bind(lfd, ai->ai_addr, ai->ai_addrlen) < 0)
        die("bind");
    if (listen(lfd, BACKLOG) < 0)
        die("listen");
    freeaddrinfo(ai);
    say("ready");

    if (strcmp(mode, "serve") == 0)
        serve(lfd, nargs > 0 ? arg_num(args[0], 0, "leak count") : -1);
    if (strcmp(mode, "crash") == 0)
        crash(lfd, need_num(args, nargs, 0, "connection count"),
              need_num(args, nargs, 1, "delay"));

    if (strcmp(mode, "tfo") == 0) {
        int qlen = 16;
        if (setsockopt(lfd, IPPROTO_TCP, TCP_FASTOPEN, &qlen, sizeof qlen) < 0)
            die("setsockopt TCP_FASTOPEN");
        tfo_server(lfd, arg_num(arg, 2, "connection count"));
        return 0;
    }

    if (strcmp(mode, "idle") == 0) {
        long long n = arg_num(arg, IDLE_DEFAULT, "connection count");
        for (long long i = 0; i < n; i++) {
            int fd = must_accept(lfd);
            read_full(fd, REQ_LEN);
            send_response(fd);
            /* fd deliberately kept open */
        }
        say("held");
        hold();
    }

    int fd = must_accept(lfd);
    close(lfd);

    if (strcmp(mode, "client-close") == 0) {
        read_full(fd, REQ_LEN);
        send_response(fd);
        if (read_to_eof(fd) != 0)
            fail("unexpected data before the client's FIN");
        close(fd);
    } else if (strcmp(mode, "server-close") == 0) {
        read_full(fd, REQ_LEN);
        send_response(fd);
        close(fd);
    } else if (strcmp(mode, "drop-close") == 0) {
        read_full(fd, REQ_LEN);
        send_response(fd);
        wait_acked(fd);
        close(fd);
    } else if (strcmp(mode, "banner") == 0) {
        send_response(fd);
        serve_requests(fd);
    } else if (strcmp(mode, "requests") == 0) {
        serve_requests(fd);
    } else if (strcmp(mode, "simultaneous") == 0) {
        long long at = arg_num(arg, 0, "deadline");
        read_full(fd, REQ_LEN);
        send_response(fd);
        wait_until(at);
        if (shutdown(fd, SHUT_WR) < 0)
            die("shutdown");
        if (read_to_eof(fd) != 0)
            fail("unexpected data before the client's FIN");
        close(fd);
    } else if (strcmp(mode, "half-close") == 0) {
        if (read_to_eof(fd) != REQ_LEN)
            fail("request has the wrong length");
        char chunk[HALF_CHUNK];
        memset(chunk, 'h', sizeof chunk);
        for (int i = 0; i < HALF_CHUNKS; i++) {
            write_full(fd, chunk, sizeof chunk);
            msleep(40);
        }
        close(fd);
    } else if (strcmp(mode, "abort-client") == 0) {
        read_full(fd, REQ_LEN);
        send_response(fd);
        expect_reset(fd);
        close(fd);
    } else if (strcmp(mode, "abort-server") == 0) {
        read_full(fd, REQ_LEN);
        send_response(fd);
        msleep(100);
        abort_close(fd);
    } else if (strcmp(mode, "close-wait") == 0) {
        read_full(fd, REQ_LEN);
        send_response(fd);
        if (read_to_eof(fd) != 0)
            fail("unexpected data before the client's FIN");
        say("eof");
        hold(); /* never close: the socket stays in CLOSE_WAIT */
    } else if (strcmp(mode, "bulk") == 0) {
        long long want = arg_num(arg, BULK_DEFAULT, "byte count");
        long got = read_to_eof(fd);
        if (got != want) {
            fprintf(stderr, "sockdrv server: received %ld bytes, expected %lld\n",
                    got, want);
            return 1;
        }
        close(fd);
    } else {
        fprintf(stderr, "sockdrv server: unknown mode '%s'\n", mode);
        return 2;
    }
    return 0;
}

static int run_client(const char *addr, const char *port, const char *mode,
                      char *const *args, int nargs)
{
    const char *arg = nargs > 0 ? args[0] : NULL;
    if (strcmp(mode, "synflood") == 0)
        return synflood(addr, port, args, nargs);
    struct addrinfo *ai = resolve(addr, port, 0);
    int fd;
    int rc = many_client(ai, mode, args, nargs);
    if (rc >= 0) {
        freeaddrinfo(ai);
        return rc;
    }

    if (strcmp(mode, "refused") == 0) {
        fd = try_connect(ai);
        if (fd >= 0)
            fail("connect succeeded, expected ECONNREFUSED");
        if (errno != ECONNREFUSED)
            die("connect (expected ECONNREFUSED)");
        return 0;
    }
    if (strcmp(mode, "unanswered") == 0) {
        fd = try_connect(ai);
        if (fd >= 0)
            fail("connect succeeded, expected ETIMEDOUT");
        if (errno != ETIMEDOUT)
            die("connect (expected ETIMEDOUT)");
        return 0;
    }
    if (strcmp(mode, "unreachable") == 0) {
        fd = try_connect(ai);
        if (fd >= 0)
            fail("connect succeeded, expected an ICMP error");
        if (errno != EHOSTUNREACH && errno != ENETUNREACH && errno != EACCES)
            die("connect (expected EHOSTUNREACH, ENETUNREACH or EACCES)");
        fprintf(stderr, "sockdrv client: connect: %s\n", strerror(errno));
        return 0;
    }
    if (strcmp(mode, "tfo") == 0)
        return tfo_client(ai, arg_num(arg, 2, "connection count"));
    if (strcmp(mode, "rst-inject") == 0)
        return rst_inject(ai, arg != NULL ? arg : "exact");
    if (strcmp(mode, "idle") == 0) {
        long long n = arg_num(arg, IDLE_DEFAULT, "connection count");
        for (long long i = 0; i < n; i++) {
            fd = must_connect(ai);
            send_request(fd);
            read_full(fd, RESP_LEN);
            msleep(50);
            /* fd deliberately kept open */
        }
        say("held");
        hold();
    }

    fd = must_connect(ai);
    freeaddrinfo(ai);

    if (strcmp(mode, "client-close") == 0 || strcmp(mode, "close-wait") == 0) {
        send_request(fd);
        read_full(fd, RESP_LEN);
        msleep(50);
        close(fd);
    } else if (strcmp(mode, "server-close") == 0 || strcmp(mode, "drop-close") == 0) {
        send_request(fd);
        read_full(fd, RESP_LEN);
        if (read_to_eof(fd) != 0)
            fail("unexpected data before the server's FIN");
        close(fd);
    } else if (strcmp(mode, "banner") == 0) {
        read_full(fd, RESP_LEN);
        send_request(fd);
        read_full(fd, RESP_LEN);
        msleep(50);
        close(fd);
    } else if (strcmp(mode, "simultaneous") == 0) {
        long long at = arg_num(arg, 0, "deadline");
        send_request(fd);
        read_full(fd, RESP_LEN);
        wait_until(at);
        if (shutdown(fd, SHUT_WR) < 0)
            die("shutdown");
        if (read_to_eof(fd) != 0)
            fail("unexpected data before the server's FIN");
        close(fd);
    } else if (strcmp(mode, "half-close") == 0) {
        send_request(fd);
        if (shutdown(fd, SHUT_WR) < 0)
            die("shutdown");
        long got = read_to_eof(fd);
        if (got != (long)HALF_CHUNK * HALF_CHUNKS) {
            fprintf(stderr, "sockdrv client: received %ld bytes after half-close\n",
                    got);
            return 1;
        }
        close(fd);
    } else if (strcmp(mode, "abort-client") == 0) {
        send_request(fd);
        read_full(fd, RESP_LEN);
        msleep(100);
        abort_close(fd);
    } else if (strcmp(mode, "abort-server") == 0) {
        send_request(fd);
        read_full(fd, RESP_LEN);
        expect_reset(fd);
        close(fd);
    } else if (strcmp(mode, "bulk") == 0) {
        long long n = arg_num(arg, BULK_DEFAULT, "byte count");
        send_pattern(fd, (size_t)n);
        if (shutdown(fd, SHUT_WR) < 0)
            die("shutdown");
        if (read_to_eof(fd) != 0)
            fail("unexpected data from the server");
        close(fd);
    } else {
        fprintf(stderr, "sockdrv client: unknown mode '%s'\n", mode);
        return 2;
    }
    return 0;
}

int main(int argc, char **argv)
{
    long long limit = ALARM_SEC;
    int opt;
    while ((opt = getopt(argc, argv, "+s:p:t:")) != -1) {
        if (opt == 's')
            bind_src = optarg;
        else if (opt == 'p')
            bind_port = (long)arg_num(optarg, 0, "local port");
        else if (opt == 't')
            limit = arg_num(optarg, ALARM_SEC, "time limit");
        else
            goto usage;
    }
    argc -= optind;
    argv += optind;
    if (argc < 4
        || (strcmp(argv[0], "server") != 0 && strcmp(argv[0], "client") != 0))
        goto usage;
    role = argv[0];
    signal(SIGPIPE, SIG_IGN);
    signal(SIGALRM, on_alarm);
    alarm((unsigned)limit);
    if (strcmp(role, "server") == 0)
        return run_server(argv[1], argv[2], argv[3], argv + 4, argc - 4);
    return run_client(argv[1], argv[2], argv[3], argv + 4, argc - 4);
usage:
    fprintf(stderr, "usage: sockdrv [-s SRC] [-p PORT] [-t SEC] server|client ADDR PORT "
            "MODE [ARG...]\n");
    return 2;
}
