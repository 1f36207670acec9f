/* sockdrv -- drive real TCP sockets for tests/capture/real-traces.sh.
 *
 *   sockdrv server ADDR PORT MODE [ARG]
 *   sockdrv client ADDR PORT MODE [ARG]
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
 * The server binds ADDR:PORT, listens, prints "ready" on stdout, serves one
 * scenario and exits.  Modes that hold sockets open print "held" (client) or
 * "eof" (server) on stdout and then wait to be killed.  Every run is bounded
 * by alarm(): no process outlives its scenario for long.
 *
 * Exit status: 0 the scenario happened as intended, 1 it did not, 2 usage,
 * 3 alarm expired.
 */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static const char *role = "sockdrv";

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

static void send_request(int fd)
{
    char req[REQ_LEN];
    memset(req, '.', sizeof req);
    memcpy(req, "GET /sevenway", 13);
    req[REQ_LEN - 1] = '\n';
    write_full(fd, req, sizeof req);
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

static int run_server(const char *addr, const char *port, const char *mode,
                      const char *arg)
{
    struct addrinfo *ai = resolve(addr, port, 1);
    int lfd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    if (lfd < 0)
        die("socket");
    int one = 1;
    if (setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0)
        die("setsockopt SO_REUSEADDR");
    if (bind(lfd, ai->ai_addr, ai->ai_addrlen) < 0)
        die("bind");
    if (listen(lfd, 16) < 0)
        die("listen");
    freeaddrinfo(ai);
    say("ready");

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
                      const char *arg)
{
    struct addrinfo *ai = resolve(addr, port, 0);
    int fd;

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
    } else if (strcmp(mode, "server-close") == 0) {
        send_request(fd);
        read_full(fd, RESP_LEN);
        if (read_to_eof(fd) != 0)
            fail("unexpected data before the server's FIN");
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
    if (argc < 5 || argc > 6
        || (strcmp(argv[1], "server") != 0 && strcmp(argv[1], "client") != 0)) {
        fprintf(stderr, "usage: sockdrv server|client ADDR PORT MODE [ARG]\n");
        return 2;
    }
    role = argv[1];
    signal(SIGPIPE, SIG_IGN);
    signal(SIGALRM, on_alarm);
    alarm(ALARM_SEC);
    const char *arg = argc == 6 ? argv[5] : NULL;
    if (strcmp(role, "server") == 0)
        return run_server(argv[2], argv[3], argv[4], arg);
    return run_client(argv[2], argv[3], argv[4], arg);
}
