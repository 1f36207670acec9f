#!/usr/bin/env bash
# real-traces.sh -- capture real TCP traffic for sevenway's sample traces.
#
#   tests/capture/real-traces.sh [OUTDIR [SCENARIO...]]
#
# OUTDIR defaults to pcaps/real at the top of the repository; SCENARIO names
# (see all_scenarios below) restrict the run to some captures.
#
# Root only; not run by `make check`.  Builds two network namespaces joined by
# a veth pair (10.77.0.1 / fd77::1 client, 10.77.0.2 / fd77::2 server; the
# client side also holds 10.77.0.3-10.77.0.6 for the many-client scenarios,
# and the server routes 10.77.1.0/24 to it for the spoofed SYN flood), turns
# offloads off so the wire shows MSS-sized segments with real checksums, and
# for each scenario captures the client-side veth with tcpdump while
# tests/capture/sockdrv.c drives real kernel sockets.  One pcap per scenario;
# pcaps/real/README.md says what each one must show.  Two scenarios add a
# third namespace for their run: icmp-frag-needed a host behind the server
# namespace (which routes to it over a 1280-byte MTU link), duplicates a
# client on a bridge captured with "tcpdump -i any"; tso-offload turns the
# client veth's offloads on for its run.  Every step is bounded in
# time and everything (processes, namespaces, temp dir) is cleaned up on exit.
#
# Exit status: 0 all captures made and checked, 1 a scenario failed,
# 2 a required tool is missing, 77 not root.

set -u
set -o pipefail

prog=real-traces.sh
log()  { printf '%s: %s\n' "$prog" "$*"; }
warn() { printf '%s: %s\n' "$prog" "$*" >&2; }

all_scenarios=(client-close server-close simultaneous-close half-close
    abort-client abort-server refused unanswered close-wait idle-open
    lossy-transfer ipv6-close
    idle-hold close-wait-pileup syn-flood server-crash healthy-busy
    tfo early-server-data rst-in-window rst-exact icmp-unreachable
    icmp-unreachable-ipv6 icmp-prohibited icmp-prohibited-ipv6
    icmp-frag-needed tso-offload lossy-drops one-direction duplicates)

case ${1:-} in
    -h|--help)
        echo "usage: $0 [OUTDIR [SCENARIO...]]   (root; default OUTDIR pcaps/real)"
        echo "scenarios: ${all_scenarios[*]}"
        exit 0 ;;
esac

if [[ $(id -u) -ne 0 ]]; then
    warn "needs root (network namespaces, veth, nftables, tcpdump); skipping"
    exit 77
fi

missing=()
for t in cc tcpdump nft ethtool ip nsenter taskset timeout awk mktemp; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
done
if (( ${#missing[@]} )); then
    warn "missing: ${missing[*]}"
    echo "apt-get install -y build-essential tcpdump nftables ethtool iproute2"
    exit 2
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
outdir=${1:-$top/pcaps/real}
shift $(( $# > 0 ? 1 : 0 ))
only=("$@")
(( ${#only[@]} )) || only=("${all_scenarios[@]}")
for s in "${only[@]}"; do
    [[ " ${all_scenarios[*]} " == *" $s "* ]] || {
        warn "unknown scenario '$s' (known: ${all_scenarios[*]})"; exit 2; }
done
mkdir -p "$outdir" || { warn "cannot create $outdir"; exit 1; }
outdir=$(cd "$outdir" && pwd)

CNS=sw-cli-$$
SNS=sw-srv-$$
CDEV=swc$$
SDEV=sws$$
C4=10.77.0.1  S4=10.77.0.2
C6=fd77::1    S6=fd77::2
# More client addresses (secondary: 10.77.0.1 stays the default source).
C4_EXTRA=(10.77.0.3 10.77.0.4 10.77.0.5 10.77.0.6)
SPOOF_NET=10.77.1.0/24 SPOOF_FIRST=10.77.1.1

work=$(mktemp -d /tmp/sevenway-capture.XXXXXX) || exit 1
pids=()          # background processes started by this script
tcpdump_pid=
failed=()
made_ns=()       # namespaces created by this run (deleted on exit)
t_start=$SECONDS

cleanup() {
    local p
    for p in "${pids[@]}" $tcpdump_pid; do
        kill "$p" 2>/dev/null
    done
    for p in "${pids[@]}" $tcpdump_pid; do
        wait "$p" 2>/dev/null
    done
    # Anything still running inside our own namespaces was started by us.
    local ns
    for ns in "${made_ns[@]}"; do
        for p in $(ip netns pids "$ns" 2>/dev/null); do
            kill -9 "$p" 2>/dev/null
        done
    done
    for ns in "${made_ns[@]}"; do
        ip netns del "$ns" 2>/dev/null
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# nsexec NS CMD...: run CMD in network namespace NS.  nsenter joins only
# the network namespace; "ip netns exec" also remounts /sys, which fails
# where / is not a mount point (a chroot, some containers).
nsexec() {
    ns=$1
    shift
    nsenter --net="/var/run/netns/$ns" "$@"
}
inc() { nsexec "$CNS" "$@"; }
ins() { nsexec "$SNS" "$@"; }

# nsspawn NS CMD...: like nsexec, for commands started in the background
# ("nsspawn NS CMD &"): the background subshell execs nsenter, which execs
# CMD, so that $! is CMD itself and a signal sent to $! reaches it (through
# timeout, which forwards it).  A function run with & is a subshell, and
# without exec $! would be that subshell, deaf to the command's fate.
nsspawn() {
    ns=$1
    shift
    exec nsenter --net="/var/run/netns/$ns" "$@"
}

# ---------------------------------------------------------------- set-up

log "building sockdrv"
cc -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -O2 \
   -o "$work/sockdrv" "$here/sockdrv.c" || { warn "cannot build sockdrv"; exit 1; }
DRV=$work/sockdrv

log "creating namespaces $CNS and $SNS"
for ns in "$CNS" "$SNS"; do
    ip netns add "$ns" || { warn "ip netns add $ns failed"; exit 1; }
    made_ns+=("$ns")
done
for ns in "$CNS" "$SNS"; do
    # No router solicitations from the new links (ND/MLD remain; the capture
    # filters keep only ARP, neighbour solicitation/advertisement and TCP).
    nsexec "$ns" sh -c '
        echo 0 > /proc/sys/net/ipv6/conf/default/router_solicitations
        echo 0 > /proc/sys/net/ipv6/conf/default/accept_ra' 2>/dev/null
    nsexec "$ns" ip link set lo up
done
ip link add "$CDEV" netns "$CNS" type veth peer name "$SDEV" netns "$SNS" \
    || { warn "cannot create veth pair"; exit 1; }
nsexec "$CNS" ip addr add "$C4/24" dev "$CDEV"
nsexec "$SNS" ip addr add "$S4/24" dev "$SDEV"
nsexec "$CNS" ip addr add "$C6/64" dev "$CDEV" nodad
for a in "${C4_EXTRA[@]}"; do
    nsexec "$CNS" ip addr add "$a/24" dev "$CDEV"
done
nsexec "$SNS" ip addr add "$S6/64" dev "$SDEV" nodad
nsexec "$CNS" ip link set "$CDEV" up
nsexec "$SNS" ip link set "$SDEV" up
inc ethtool -K "$CDEV" tso off gso off gro off tx off rx off >/dev/null 2>&1 \
    || warn "ethtool -K $CDEV failed (offloads may stay on)"
ins ethtool -K "$SDEV" tso off gso off gro off tx off rx off >/dev/null 2>&1 \
    || warn "ethtool -K $SDEV failed (offloads may stay on)"

# CPUs for the simultaneous close: the first two we may run on, when there
# are two (Cpus_allowed_list looks like "0-3" or "0,2,5-7").
cpus=()
for r in $(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/self/status | tr ',' ' '); do
    if [[ $r == *-* ]]; then
        for (( c = ${r%-*}; c <= ${r#*-}; c++ )); do cpus+=("$c"); done
    else
        cpus+=("$r")
    fi
    (( ${#cpus[@]} >= 2 )) && break
done
CPU_C=${cpus[0]:-0}
CPU_S=${cpus[1]:-$CPU_C}
[[ $CPU_C != "$CPU_S" ]] || warn "one CPU only: the simultaneous close may need more attempts"

# ---------------------------------------------------------------- helpers

# wait_for FILE WORD SECONDS: wait until FILE holds the line WORD.
wait_for() {
    local file=$1 word=$2 n=$(( $3 * 50 ))
    while (( n-- > 0 )); do
        grep -qx "$word" "$file" 2>/dev/null && return 0
        sleep 0.02
    done
    warn "timed out waiting for '$word' in $(basename "$file")"
    return 1
}

# start_capture NAME FILTER: tcpdump on the client veth into $work/NAME.pcap.
# SNAPLEN (default 0: whole frames) and BUFKB (kernel buffer, KiB; default
# tcpdump's) tune busy captures; CAP_NS and CAP_DEV capture elsewhere.
start_capture() {
    local name=$1 filter=$2 buf=()
    [[ -n ${BUFKB:-} ]] && buf=(-B "$BUFKB")
    rm -f "$work/$name.pcap" "$work/$name.tcpdump"
    # $! is timeout itself (see nsspawn), which forwards our TERM to tcpdump.
    nsspawn "${CAP_NS:-$CNS}" timeout 90 tcpdump -i "${CAP_DEV:-$CDEV}" -w "$work/$name.pcap" \
        --immediate-mode -U -s "${SNAPLEN:-0}" "${buf[@]}" -Z root -nn \
        "$filter" 2>"$work/$name.tcpdump" &
    tcpdump_pid=$!
    local n=250
    while (( n-- > 0 )); do
        grep -q 'listening on' "$work/$name.tcpdump" 2>/dev/null && return 0
        kill -0 "$tcpdump_pid" 2>/dev/null || break
        sleep 0.02
    done
    warn "tcpdump did not start: $(cat "$work/$name.tcpdump" 2>/dev/null)"
    return 1
}

# stop_capture: let the last segments reach the file, then stop tcpdump.
stop_capture() {
    sleep 1.2
    [[ -n $tcpdump_pid ]] || return 0
    kill -TERM "$tcpdump_pid" 2>/dev/null
    wait "$tcpdump_pid" 2>/dev/null
    tcpdump_pid=
}

# server NAME ADDR PORT MODE [ARG...]: start a server in the background,
# wait until it listens.  Sets srv_pid.  LIMIT (seconds, default 30) bounds
# the servers and clients of the long scenarios.  SRV_NS runs it in another
# namespace than the server's (CLI_NS does the same for the clients).
server() {
    local name=$1; shift
    local cpu=${SRV_CPU:-} lim=${LIMIT:-30}
    rm -f "$work/$name.srv"
    if [[ -n $cpu ]]; then
        nsspawn "${SRV_NS:-$SNS}" timeout "$lim" taskset -c "$cpu" "$DRV" -t $(( lim - 5 )) \
            server "$@" >"$work/$name.srv" &
    else
        nsspawn "${SRV_NS:-$SNS}" timeout "$lim" "$DRV" -t $(( lim - 5 )) server "$@" \
            >"$work/$name.srv" &
    fi
    srv_pid=$!
    pids+=("$srv_pid")
    wait_for "$work/$name.srv" ready 5
}

# bg_client NAME SRC ADDR PORT MODE [ARG...]: start a client bound to SRC in
# the background, its stdout in $work/NAME.cli.  Sets cli_pid.  With
# CPORT set, the client's Nth connection uses local port CPORT + N.
bg_client() {
    local name=$1 src=$2 lim=${LIMIT:-30} cport=(); shift 2
    [[ -n ${CPORT:-} ]] && cport=(-p "$CPORT")
    rm -f "$work/$name.cli"
    nsspawn "${CLI_NS:-$CNS}" timeout "$lim" "$DRV" -s "$src" "${cport[@]}" -t $(( lim - 5 )) \
        client "$@" >"$work/$name.cli" &
    cli_pid=$!
    pids+=("$cli_pid")
}

# client ADDR PORT MODE [ARG]: run a client in the foreground, bounded.
client() {
    local cpu=${CLI_CPU:-}
    if [[ -n $cpu ]]; then
        inc timeout 30 taskset -c "$cpu" "$DRV" client "$@"
    else
        nsexec "${CLI_NS:-$CNS}" timeout 30 "$DRV" client "$@"
    fi
}

# reap PID [SECONDS]: wait for a background process, killing it past the limit.
reap() {
    local pid=$1 n=$(( ${2:-5} * 50 )) rc
    while (( n-- > 0 )) && kill -0 "$pid" 2>/dev/null; do sleep 0.02; done
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null; rc=$?
    local keep=() p
    for p in "${pids[@]}"; do [[ "$p" == "$pid" ]] || keep+=("$p"); done
    pids=("${keep[@]}")
    return "$rc"
}

# flow FILE PORT: one line per TCP segment of the connection(s) to PORT, as
# "DIR FLAGS SEQ_START SEQ_END ACK LEN CPORT" (DIR c = client->server, s =
# back; relative sequence numbers as tcpdump prints them, '-' where absent;
# CPORT the client's port, which tells connections apart).
flow() {
    tcpdump -nn -r "$1" "tcp port $2" 2>/dev/null | awk -v port="$2" '
    {
        src = ""; dst = ""; flags = ""; seq = "-"; ack = "-"; len = 0
        for (i = 1; i <= NF; i++) {
            if ($i == ">") { src = $(i - 1); dst = $(i + 1) }
            else if ($i == "Flags") flags = $(i + 1)
            else if ($i == "seq") seq = $(i + 1)
            else if ($i == "ack") ack = $(i + 1)
            else if ($i == "length") len = $(i + 1)
        }
        sub(/:$/, "", dst); n = split(dst, d, "."); dport = d[n]
        n = split(src, q, "."); sport = q[n]
        dir = (dport == port) ? "c" : "s"
        cport = (dir == "c") ? sport : dport
        gsub(/[\[\],]/, "", flags); gsub(/,/, "", seq); gsub(/,/, "", ack)
        if (seq == "-") { s0 = "-"; s1 = "-" }
        else if (index(seq, ":")) { split(seq, q, ":"); s0 = q[1]; s1 = q[2] }
        else { s0 = seq; s1 = seq }
        print dir, flags, s0, s1, ack, len + 0, cport
    }'
}

# stats FILE PORT: key=value summary of the connection(s) to PORT.
stats() {
    flow "$1" "$2" | awk '
    {
        dir = $1; f = $2; s0 = $3; s1 = $4; ack = $5; len = $6
        k = dir SUBSEP $7      # direction within one connection
        n[dir]++
        if (f ~ /S/ && f !~ /\./) syn[dir]++
        if (f ~ /S/ && f ~ /\./) synack[dir]++
        if (f ~ /R/) rst[dir]++
        if (f ~ /F/) {
            fin[dir]++
            if (first_fin == "") first_fin = dir
            # FIN sequence number: end of the payload (s1) or the bare seq.
            if (!(dir in finseq)) finseq[dir] = s1
        }
        if (len > 0) {
            data[dir]++
            # Below the highest byte sent: a retransmission when this start
            # was seen before, else an original overtaken on the way.
            if ((k in hi) && s1 + 0 <= hi[k] + 0) {
                if ((k SUBSEP s0) in seen) retx[dir]++
                else ooo[dir]++
            }
            seen[k, s0] = 1
            if (!(k in hi) || s1 + 0 > hi[k] + 0) hi[k] = s1
            if (fin["c"] && dir == "s") data_after_cfin++
        }
        if (f ~ /\./ && ack != "-") {
            if (dir == "s" && ("c" in finseq) && ack + 0 == finseq["c"] + 1) cfin_acked = 1
            if (dir == "c" && ("s" in finseq) && ack + 0 == finseq["s"] + 1) sfin_acked = 1
        }
        if (f ~ /F/ && ack != "-" && dir != first_fin && !crossed_known) {
            # The second FIN: does it acknowledge the first one?
            other = first_fin
            crossed = (ack + 0 == finseq[other] + 1) ? 0 : 1
            crossed_known = 1
        }
    }
    END {
        printf "pkts_c=%d pkts_s=%d syn=%d synack=%d fin_c=%d fin_s=%d ", n["c"], n["s"], syn["c"], synack["s"], fin["c"], fin["s"]
        printf "rst_c=%d rst_s=%d data_c=%d data_s=%d retx_c=%d retx_s=%d ooo_c=%d ooo_s=%d ", rst["c"], rst["s"], data["c"], data["s"], retx["c"], retx["s"], ooo["c"], ooo["s"]
        printf "first_fin=%s crossed=%d cfin_acked=%d sfin_acked=%d data_after_cfin=%d\n", (first_fin == "" ? "none" : first_fin), crossed, cfin_acked, sfin_acked, data_after_cfin
    }'
}

# expect NAME PORT COND...: check the capture against the scenario; each COND
# is key=value from `stats` or key>=value.
expect() {
    local name=$1 port=$2; shift 2
    local st frames ok=1 c key want have
    st=$(stats "$work/$name.pcap" "$port")
    frames=$(tcpdump -nn -r "$work/$name.pcap" 2>/dev/null | wc -l)
    for c in "$@"; do
        if [[ $c == *'>='* ]]; then key=${c%%>=*} want=${c#*>=}
        else key=${c%%=*} want=${c#*=}; fi
        have=$(sed -n "s/.*\b$key=\([^ ]*\).*/\1/p" <<<"$st")
        if [[ $c == *'>='* ]]; then
            [[ $have =~ ^[0-9]+$ ]] && (( have >= want )) || ok=0
        else
            [[ $have == "$want" ]] || ok=0
        fi
        (( ok )) || { warn "$name: expected $c, got ${have:-nothing} ($st)"; break; }
    done
    if (( ok )); then
        log "$name: $frames frames, $st"
        return 0
    fi
    return 1
}

# census FILE PORT: one line per connection to PORT (client address and
# port tell them apart, for captures with many clients), as "CLASS CLIENT_IP":
#   refused     SYN answered by RST, no SYN-ACK     unanswered  no SYN-ACK
#   half-open   SYN-ACK, but the client never sent anything after its SYN
#   reset-s / reset-c   established, then reset by the server / client
#   closed      FIN both ways, no RST               close-wait  client FIN only
#   server-fin  server FIN only                     idle  open, no payload
#   open        open, with payload
census() {
    tcpdump -nn -r "$1" "tcp port $2" 2>/dev/null | awk -v port="$2" '
    {
        src = ""; dst = ""; flags = ""; len = 0
        for (i = 1; i <= NF; i++) {
            if ($i == ">") { src = $(i - 1); dst = $(i + 1) }
            else if ($i == "Flags") flags = $(i + 1)
            else if ($i == "length") len = $(i + 1)
        }
        sub(/:$/, "", dst)
        n = split(dst, d, "."); dport = d[n]
        dir = (dport == port) ? "c" : "s"
        k = (dir == "c") ? src : dst
        if (!(k in seen)) { seen[k] = 1; order[++nk] = k }
        pk[k, dir]++
        if (flags ~ /S/ && flags !~ /\./) syn[k]++
        if (flags ~ /S/ && flags ~ /\./ && dir == "s") synack[k]++
        if (flags ~ /R/) rst[k, dir]++
        if (flags ~ /F/) fin[k, dir]++
        if (len + 0 > 0) data[k]++
    }
    END {
        for (j = 1; j <= nk; j++) {
            k = order[j]
            if (!synack[k]) cl = rst[k, "s"] ? "refused" : "unanswered"
            else if (pk[k, "c"] == syn[k]) cl = "half-open"
            else if (rst[k, "s"]) cl = "reset-s"
            else if (rst[k, "c"]) cl = "reset-c"
            else if (fin[k, "c"] && fin[k, "s"]) cl = "closed"
            else if (fin[k, "c"]) cl = "close-wait"
            else if (fin[k, "s"]) cl = "server-fin"
            else if (!data[k]) cl = "idle"
            else cl = "open"
            ip = k; sub(/\.[0-9]+$/, "", ip)
            print cl, ip
        }
    }'
}

# expect_census NAME PORT "CLASS IP N"...: the capture has exactly these
# connections, no other; IP may be a prefix ending in "." (a subnet), then
# N counts them all and the distinct addresses are logged.
expect_census() {
    local name=$1 port=$2; shift 2
    local got want line cls ip n total=0 ok=1
    got=$(census "$work/$name.pcap" "$port")
    for want in "$@"; do
        read -r cls ip n <<<"$want"
        if [[ $ip == *. ]]; then
            line=$(awk -v c="$cls" -v p="$ip" '$1 == c && index($2, p) == 1' <<<"$got")
        else
            line=$(awk -v c="$cls" -v p="$ip" '$1 == c && $2 == p' <<<"$got")
        fi
        local have=0
        [[ -n $line ]] && have=$(wc -l <<<"$line")
        total=$(( total + have ))
        if (( have != n )); then
            warn "$name: expected $n $cls from $ip, got $have"
            ok=0
        fi
    done
    local all
    all=$(wc -l <<<"$got")
    if (( all != total )); then
        warn "$name: $(( all - total )) connections of other kinds:"
        sort <<<"$got" | uniq -c | sed 's/^/    /' >&2
        ok=0
    fi
    local frames
    frames=$(tcpdump -nn -r "$work/$name.pcap" 2>/dev/null | wc -l)
    log "$name: $frames frames, $all connections:" "$(awk '
        !(($1, $2) in n) { addrs[$1]++ }
        { n[$1, $2]++; c[$1]++ }
        END { for (k in c) printf "%s%s x%d from %d address(es)", (s++ ? ", " : ""), k, c[k], addrs[k] }' <<<"$got")"
    (( ok ))
}

# no_drops NAME: tcpdump reported no packet dropped by the kernel.
no_drops() {
    local d
    d=$(sed -n 's/^\([0-9]*\) packets\{0,1\} dropped by kernel.*/\1/p' "$work/$1.tcpdump")
    if [[ $d != 0 ]]; then
        warn "$1: tcpdump dropped ${d:-an unknown number of} packets: $(tr "\n" " " <"$work/$1.tcpdump")"
        return 1
    fi
}

# sysctl_set NS KEY VALUE: set a sysctl in NS, remembering the old value
# for sysctl_restore.
saved_sysctls=()
sysctl_set() {
    local ns=$1 key=$2 val=$3 f=/proc/sys/${2//.//} old
    old=$(nsexec "$ns" cat "$f") || return 1
    saved_sysctls+=("$ns $f $old")
    nsexec "$ns" sh -c "echo $val > $f"
}
sysctl_restore() {
    local i ns f old
    for (( i = ${#saved_sysctls[@]} - 1; i >= 0; i-- )); do
        read -r ns f old <<<"${saved_sysctls[i]}"
        nsexec "$ns" sh -c "echo '$old' > $f"
    done
    saved_sysctls=()
}

# keep NAME: copy the capture to OUTDIR.
keep() {
    cp "$work/$1.pcap" "$outdir/$1.pcap" && chmod 644 "$outdir/$1.pcap"
}

# scenario NAME: bookkeeping around each run_NAME function.
scenario() {
    local name=$1
    log "--- $name"
    if "run_${name//-/_}" && keep "$name"; then
        return 0
    fi
    [[ -n $tcpdump_pid ]] && stop_capture
    local p
    for p in "${pids[@]}"; do reap "$p" 0; done
    failed+=("$name")
    return 1
}

F4() { echo "arp or tcp port $1"; }
F6() { echo "tcp port $1 or (icmp6 and (ip6[40] == 135 or ip6[40] == 136))"; }

# ---------------------------------------------------------------- scenarios

# 1. Client closes first, then the server: client TIME_WAIT, server CLOSED.
run_client_close() {
    local p=7001
    start_capture client-close "$(F4 "$p")" || return 1
    server client-close "$S4" "$p" client-close || return 1
    client "$S4" "$p" client-close || return 1
    reap "$srv_pid" || return 1
    stop_capture
    expect client-close "$p" syn=1 synack=1 first_fin=c fin_c=1 fin_s=1 \
        rst_c=0 rst_s=0 cfin_acked=1 sfin_acked=1 crossed=0
}

# 2. Server closes first after answering: server TIME_WAIT, client CLOSED.
run_server_close() {
    local p=7002
    start_capture server-close "$(F4 "$p")" || return 1
    server server-close "$S4" "$p" server-close || return 1
    client "$S4" "$p" server-close || return 1
    reap "$srv_pid" || return 1
    stop_capture
    expect server-close "$p" syn=1 synack=1 first_fin=s fin_c=1 fin_s=1 \
        rst_c=0 rst_s=0 cfin_acked=1 sfin_acked=1 crossed=0
}

# 3. Simultaneous close: both shutdown(SHUT_WR) at the same wall-clock instant
# from two CPUs; retried until the capture shows the FINs crossing (the second
# FIN does not acknowledge the first).  Both end in TIME_WAIT.
run_simultaneous_close() {
    local attempt p st deadline
    for attempt in $(seq 1 30); do
        p=$(( 7100 + attempt ))
        start_capture simultaneous-close "$(F4 "$p")" || return 1
        # Both sides wait for this very instant (CLOCK_REALTIME, ns).
        deadline=$(( $(date +%s%N) + 300000000 ))
        SRV_CPU=$CPU_S server simultaneous-close "$S4" "$p" simultaneous \
            "$deadline" || return 1
        CLI_CPU=$CPU_C client "$S4" "$p" simultaneous "$deadline" || return 1
        reap "$srv_pid" || return 1
        stop_capture
        st=$(stats "$work/simultaneous-close.pcap" "$p")
        if [[ $st == *"crossed=1"* && $st == *"fin_c=1 fin_s=1"* ]]; then
            log "simultaneous-close: FINs crossed on attempt $attempt"
            expect simultaneous-close "$p" syn=1 synack=1 fin_c=1 fin_s=1 \
                rst_c=0 rst_s=0 cfin_acked=1 sfin_acked=1 crossed=1
            return
        fi
    done
    warn "simultaneous-close: FINs never crossed in 30 attempts"
    return 1
}

# 4. Half-close: the client shuts down its sending side after the request,
# the server keeps sending 5 x 1 KiB, then closes.  client-close.
run_half_close() {
    local p=7004
    start_capture half-close "$(F4 "$p")" || return 1
    server half-close "$S4" "$p" half-close || return 1
    client "$S4" "$p" half-close || return 1
    reap "$srv_pid" || return 1
    stop_capture
    expect half-close "$p" syn=1 synack=1 first_fin=c fin_c=1 fin_s=1 \
        rst_c=0 rst_s=0 cfin_acked=1 sfin_acked=1 data_after_cfin=5
}

# 5. Client aborts (SO_LINGER {1,0}): RST from the client.
run_abort_client() {
    local p=7005
    start_capture abort-client "$(F4 "$p")" || return 1
    server abort-client "$S4" "$p" abort-client || return 1
    client "$S4" "$p" abort-client || return 1
    reap "$srv_pid" || return 1
    stop_capture
    expect abort-client "$p" syn=1 synack=1 fin_c=0 fin_s=0 rst_c=1 rst_s=0
}

# 6. Server aborts (SO_LINGER {1,0}): RST from the server.
run_abort_server() {
    local p=7006
    start_capture abort-server "$(F4 "$p")" || return 1
    server abort-server "$S4" "$p" abort-server || return 1
    client "$S4" "$p" abort-server || return 1
    reap "$srv_pid" || return 1
    stop_capture
    expect abort-server "$p" syn=1 synack=1 fin_c=0 fin_s=0 rst_c=0 rst_s=1
}

# 7. Connection refused: SYN to a port with no listener, answered by RST/ACK.
run_refused() {
    local p=7007
    start_capture refused "$(F4 "$p")" || return 1
    client "$S4" "$p" refused || return 1
    stop_capture
    expect refused "$p" syn=1 synack=0 rst_c=0 rst_s=1 pkts_c=1 pkts_s=1
}

# 8. Unanswered SYN: the server namespace drops it (nftables); the client
# gives up after tcp_syn_retries=2 retransmissions.
run_unanswered() {
    local p=9 old_retries old_linear=
    ins nft -f - <<EOF || return 1
table inet sw_drop {
    chain in {
        type filter hook input priority 0; policy accept;
        tcp dport $p drop
    }
}
EOF
    old_retries=$(inc cat /proc/sys/net/ipv4/tcp_syn_retries)
    inc sh -c 'echo 2 > /proc/sys/net/ipv4/tcp_syn_retries' || return 1
    if inc test -e /proc/sys/net/ipv4/tcp_syn_linear_timeouts; then
        old_linear=$(inc cat /proc/sys/net/ipv4/tcp_syn_linear_timeouts)
        inc sh -c 'echo 0 > /proc/sys/net/ipv4/tcp_syn_linear_timeouts'
    fi
    local rc=0
    if start_capture unanswered "$(F4 "$p")"; then
        client "$S4" "$p" unanswered || rc=1
        stop_capture
    else
        rc=1
    fi
    inc sh -c "echo $old_retries > /proc/sys/net/ipv4/tcp_syn_retries"
    [[ -n $old_linear ]] && inc sh -c "echo $old_linear > /proc/sys/net/ipv4/tcp_syn_linear_timeouts"
    ins nft delete table inet sw_drop
    (( rc == 0 )) || return 1
    expect unanswered "$p" syn=3 synack=0 pkts_s=0 rst_c=0
}

# 9. CLOSE_WAIT: the client closes, the server reads EOF but never closes.
# The capture stops before the server is killed, so it ends with the client
# in FIN_WAIT_2 and the server in CLOSE_WAIT.
run_close_wait() {
    local p=7009
    start_capture close-wait "$(F4 "$p")" || return 1
    server close-wait "$S4" "$p" close-wait || return 1
    client "$S4" "$p" close-wait || return 1
    wait_for "$work/close-wait.srv" eof 5 || return 1
    stop_capture
    reap "$srv_pid" 0
    expect close-wait "$p" syn=1 synack=1 first_fin=c fin_c=1 fin_s=0 \
        rst_c=0 rst_s=0 cfin_acked=1
}

# 10. Three connections established, one exchange each, then left idle;
# the capture stops while they are open.
run_idle_open() {
    local p=7010 cli_pid
    start_capture idle-open "$(F4 "$p")" || return 1
    server idle-open "$S4" "$p" idle 3 || return 1
    nsspawn "$CNS" timeout 30 "$DRV" client "$S4" "$p" idle 3 \
        >"$work/idle-open.cli" &
    cli_pid=$!
    pids+=("$cli_pid")
    wait_for "$work/idle-open.cli" held 10 || return 1
    wait_for "$work/idle-open.srv" held 5 || return 1
    sleep 1
    stop_capture
    reap "$cli_pid" 0
    reap "$srv_pid" 0
    expect idle-open "$p" syn=3 synack=3 fin_c=0 fin_s=0 rst_c=0 rst_s=0 \
        data_c=3 data_s=3
}

# 11. 200 KiB client -> server over a lossy, slightly reordering path.
# Loss: nftables drops ~5% of the data segments at the server's input, after
# the capture point, so the wire shows the originals, the retransmissions and
# the server's duplicate ACKs / SACKs.  Reordering (best effort; the kernel
# may lack sch_netem): ~5% of the client's data segments are steered into a
# slow HTB class on the client veth and leave after later ones, which the
# capture (taken after the qdisc) shows as out-of-order segments.  Normal
# close: client-close.  Retried if the run showed no loss.
run_lossy_transfer() {
    local p=7011 try st reorder=0
    ins nft -f - <<EOF || return 1
table inet sw_loss {
    chain in {
        type filter hook input priority 0; policy accept;
        tcp dport $p meta length > 100 numgen random mod 100 < 5 drop
    }
}
EOF
    # One MSS per skb so the qdisc reorders single segments, not GSO bursts.
    inc ip link set dev "$CDEV" gso_max_segs 1 2>/dev/null
    if inc tc qdisc add dev "$CDEV" root handle 1: htb default 10 2>/dev/null &&
       inc tc class add dev "$CDEV" parent 1: classid 1:10 htb rate 10gbit \
           quantum 1514 2>/dev/null &&
       inc tc class add dev "$CDEV" parent 1: classid 1:20 htb rate 10mbit \
           burst 1514 cburst 1514 quantum 1514 2>/dev/null &&
       inc nft -f - <<EOF
table inet sw_reorder {
    chain out {
        type filter hook output priority 0; policy accept;
        tcp dport $p meta length > 100 numgen random mod 100 < 5 meta priority set 1:20
    }
}
EOF
    then
        reorder=1
    else
        warn "lossy-transfer: no HTB qdisc here, capturing without reordering"
        inc tc qdisc del dev "$CDEV" root 2>/dev/null
    fi
    local rc=1
    for try in 1 2 3; do
        start_capture lossy-transfer "$(F4 "$p")" || break
        server lossy-transfer "$S4" "$p" bulk 204800 || break
        client "$S4" "$p" bulk 204800 || break
        reap "$srv_pid" 10 || break
        stop_capture
        st=$(stats "$work/lossy-transfer.pcap" "$p")
        if [[ $st =~ retx_c=([0-9]+) ]] && (( BASH_REMATCH[1] > 0 )) &&
           { (( ! reorder )) || { [[ $st =~ ooo_c=([0-9]+) ]] && (( BASH_REMATCH[1] > 0 )); }; }; then
            rc=0; break
        fi
        log "lossy-transfer: attempt $try showed no loss or no reordering, again"
    done
    ins nft delete table inet sw_loss
    inc nft delete table inet sw_reorder 2>/dev/null
    inc tc qdisc del dev "$CDEV" root 2>/dev/null
    inc ip link set dev "$CDEV" gso_max_segs 65535 2>/dev/null
    (( rc == 0 )) || return 1
    local more=()
    (( reorder )) && more=('ooo_c>=1')
    # A FIN riding on a lost segment is retransmitted too: fin_c may be 2.
    expect lossy-transfer "$p" syn=1 synack=1 first_fin=c 'fin_c>=1' 'fin_s>=1' \
        rst_c=0 rst_s=0 cfin_acked=1 sfin_acked=1 'retx_c>=1' "${more[@]}"
}

# 12. IPv6 client-close over fd77::1 -> fd77::2.
run_ipv6_close() {
    local p=7012
    start_capture ipv6-close "$(F6 "$p")" || return 1
    server ipv6-close "$S6" "$p" client-close || return 1
    client "$S6" "$p" client-close || return 1
    reap "$srv_pid" || return 1
    stop_capture
    expect ipv6-close "$p" syn=1 synack=1 first_fin=c fin_c=1 fin_s=1 \
        rst_c=0 rst_s=0 cfin_acked=1 sfin_acked=1 crossed=0
}

# ------------------------------------------- server protection scenarios
# Many connections to one server, each capture showing one way a server is
# hurt (or, for healthy-busy, is not).  Checked connection by connection.

# 13. Slowloris-like hold: 12 connections from 10.77.0.3 that never send a
# byte, opened at the start and still open when the capture stops about
# 38 s later, while 10.77.0.1 makes 20 normal request/answer connections
# (client closes first) about 1.9 s apart over the whole capture.
run_idle_hold() {
    local p=7013 i hold_pid
    start_capture idle-hold "$(F4 "$p")" || return 1
    LIMIT=75 server idle-hold "$S4" "$p" serve || return 1
    LIMIT=75 bg_client idle-hold 10.77.0.3 "$S4" "$p" hold 12
    hold_pid=$cli_pid
    wait_for "$work/idle-hold.cli" held 5 || return 1
    for i in $(seq 1 20); do
        sleep 1.85
        inc timeout 10 "$DRV" -s "$C4" client "$S4" "$p" requests 1 || return 1
    done
    stop_capture
    no_drops idle-hold || return 1
    reap "$hold_pid" 0
    reap "$srv_pid" 0
    expect_census idle-hold "$p" "idle 10.77.0.3 12" "closed $C4 20"
}

# 14. CLOSE_WAIT pile-up: 12 connections, 20 ms apart, ask the server to
# "leak": the client sends its request, reads the answer and closes; the
# server reads EOF but never closes, so all 12 sit in CLOSE_WAIT (server) /
# FIN_WAIT_2 (client) to the end of the capture.  Normal connections
# (client closes first, the server closes on EOF): 2 before the pile-up and
# 4 after it, 1 s apart, so that the capture's last frames come about 4 s
# after the leaked ones went quiet (a pcap has no end marker: only later
# traffic shows how long they have been sitting there).
run_close_wait_pileup() {
    local p=7014 i
    start_capture close-wait-pileup "$(F4 "$p")" || return 1
    server close-wait-pileup "$S4" "$p" serve 12 || return 1
    client "$S4" "$p" requests 2 20 client || return 1
    client "$S4" "$p" requests 12 20 leak || return 1
    wait_for "$work/close-wait-pileup.srv" held 5 || return 1
    for i in 1 2 3 4; do
        sleep 1
        client "$S4" "$p" requests 1 || return 1
    done
    stop_capture
    no_drops close-wait-pileup || return 1
    reap "$srv_pid" 0
    expect_census close-wait-pileup "$p" "close-wait $C4 12" "closed $C4 6"
}

# 15. SYN flood: 200 SYNs from 40 spoofed sources 10.77.1.1-40 (5 each,
# round robin, 10 ms apart, source ports 10000-10199), written with a raw
# socket in the client namespace.  The server namespace routes 10.77.1.0/24
# back over the veth, so its SYN-ACKs (and their retransmissions 1 s and
# 3 s later) are on the wire; the client namespace owns none of those
# addresses and does not forward, so it drops them silently: no ACK, no
# RST.  SYN cookies are off and the backlogs large, so every SYN gets its
# SYN-ACK.  Meanwhile 10.77.0.1 makes 10 normal connections 300 ms apart.
run_syn_flood() {
    local p=7015 rc=0 legit_pid
    sysctl_set "$SNS" net.ipv4.tcp_syncookies 0 &&
    sysctl_set "$SNS" net.ipv4.tcp_max_syn_backlog 4096 &&
    sysctl_set "$SNS" net.core.somaxconn 4096 &&
    sysctl_set "$CNS" net.ipv4.conf.all.forwarding 0 &&
    ins ip route add "$SPOOF_NET" via "$C4" dev "$SDEV" || rc=1
    if (( rc == 0 )) && start_capture syn-flood "$(F4 "$p")"; then
        if server syn-flood "$S4" "$p" serve; then
            bg_client syn-flood-legit "$C4" "$S4" "$p" requests 10 300
            legit_pid=$cli_pid
            sleep 0.2
            client "$S4" "$p" synflood 200 40 "$SPOOF_FIRST" 10 || rc=1
            reap "$legit_pid" 10 || rc=1
            sleep 0.5
        else
            rc=1
        fi
        stop_capture
        no_drops syn-flood || rc=1
        reap "$srv_pid" 0
    else
        rc=1
    fi
    ins ip route del "$SPOOF_NET" via "$C4" dev "$SDEV" 2>/dev/null
    sysctl_restore
    (( rc == 0 )) || return 1
    expect_census syn-flood "$p" "half-open 10.77.1. 200" "closed $C4 10" || return 1
    local nsrc
    nsrc=$(census "$work/syn-flood.pcap" "$p" | awk '$1 == "half-open" { print $2 }' | sort -u | wc -l)
    log "syn-flood: $nsrc distinct spoofed sources"
    (( nsrc == 40 ))
}

# 16. Server crash: 25 connections each send a 64-byte request the server
# never reads; the server then SIGKILLs itself, so the kernel resets every
# one (unread data in the receive queue: RST, not FIN) and closes the
# listener.  Then 10 new connections, 50 ms apart, are refused (RST to SYN).
run_server_crash() {
    local p=7016 hold_pid rc
    start_capture server-crash "$(F4 "$p")" || return 1
    # Not through `server`: the server dies of SIGKILL, and bash prints a
    # "Killed" notice for a command of its own killed so.  In a subshell
    # whose stderr goes nowhere (sockdrv's still comes to ours, on fd 3)
    # that notice is lost and $! ends with a plain exit status 137.
    rm -f "$work/server-crash.srv"
    ( nsexec "$SNS" timeout 30 sh -c 'exec "$0" "$@" 2>&3' "$DRV" \
        server "$S4" "$p" crash 25 300 >"$work/server-crash.srv" ) \
        3>&2 2>/dev/null &
    srv_pid=$!
    pids+=("$srv_pid")
    wait_for "$work/server-crash.srv" ready 5 || return 1
    bg_client server-crash "$C4" "$S4" "$p" send-hold 25
    hold_pid=$cli_pid
    wait_for "$work/server-crash.srv" held 5 || return 1
    wait_for "$work/server-crash.cli" reset 5 || return 1
    reap "$hold_pid" 5 || return 1
    reap "$srv_pid" 5; rc=$?
    (( rc == 137 )) || { warn "server-crash: server exit $rc, expected SIGKILL (137)"; return 1; }
    sleep 0.2
    client "$S4" "$p" refused 10 50 || return 1
    stop_capture
    no_drops server-crash || return 1
    expect_census server-crash "$p" "reset-s $C4 25" "refused $C4 10"
}

# 17. A healthy busy server: 2000 short connections from 5 client addresses
# (one client each, 400 connections one after another, 5 ms apart; so 5
# at once at most), each a 64-byte request and a 256-byte answer; the
# client closes first on even ones, the server on odd ones.  Each client
# numbers its ports from 40000 up: the kernel's own choice, at random, may
# give a port again once its connection is over (after a server close the
# client keeps no TIME_WAIT), and a reused 4-tuple is another trace's
# subject (crafted/port-reuse.pcap).  Captured with
# a 96-byte snap length (headers only) to keep the file small.
run_healthy_busy() {
    local p=7017 a cpids=() c
    SNAPLEN=96 BUFKB=16384 start_capture healthy-busy "$(F4 "$p")" || return 1
    server healthy-busy "$S4" "$p" serve || return 1
    for a in "$C4" "${C4_EXTRA[@]}"; do
        CPORT=40000 bg_client "healthy-busy-$a" "$a" "$S4" "$p" \
            requests 400 5 mixed
        cpids+=("$cli_pid")
    done
    for c in "${cpids[@]}"; do reap "$c" 25 || return 1; done
    stop_capture
    no_drops healthy-busy || return 1
    reap "$srv_pid" 0
    local want=() a
    for a in "$C4" "${C4_EXTRA[@]}"; do want+=("closed $a 400"); done
    expect_census healthy-busy "$p" "${want[@]}"
}

# ------------------------------------------------------- protocol corners
# TCP Fast Open, a server that speaks first, RSTs injected into a live
# connection, ICMP errors, offloaded segments, single drops, one-sided and
# doubled captures.

# frames_matching NAME FILTER: how many frames of the capture FILTER keeps.
frames_matching() {
    tcpdump -nn -r "$work/$1.pcap" "$2" 2>/dev/null | wc -l
}

# 18. TCP Fast Open (RFC 7413), tcp_fastopen=3 in both namespaces, the
# listener with TCP_FASTOPEN (qlen 16).  Two connections, client closes
# first: the first SYN asks for a cookie (no data in it); the second SYN
# carries the cookie and the 64-byte request, which the SYN-ACK
# acknowledges (ack j+1+64).  The server answers at once from SYN_RCVD;
# the client socket is in delayed-ACK mode (TCP_QUICKACK 0), so its
# handshake ACK is held back and the answer comes first.
run_tfo() {
    local p=7018 rc=0 synd
    sysctl_set "$CNS" net.ipv4.tcp_fastopen 3 &&
    sysctl_set "$SNS" net.ipv4.tcp_fastopen 3 || rc=1
    if (( rc == 0 )) && start_capture tfo "$(F4 "$p")"; then
        if server tfo "$S4" "$p" tfo 2; then
            client "$S4" "$p" tfo 2 || rc=1
            reap "$srv_pid" || rc=1
        else
            rc=1
        fi
        stop_capture
    else
        rc=1
    fi
    sysctl_restore
    (( rc == 0 )) || return 1
    # SYNs with payload: the second connection's only.
    synd=$(frames_matching tfo "tcp port $p and tcp[tcpflags] == tcp-syn and ip[2:2] - ((ip[0] & 15) * 4) - ((tcp[12] >> 4) * 4) > 0")
    (( synd == 1 )) || { warn "tfo: $synd SYNs with data, expected 1"; return 1; }
    expect tfo "$p" syn=2 synack=2 first_fin=c fin_c=2 fin_s=2 \
        rst_c=0 rst_s=0 cfin_acked=1 sfin_acked=1
}

# 19. A server that speaks first (a banner, as SMTP does): 256 bytes
# written right after accept(), then one request and its answer, the
# client closes first.  Without Fast Open, accept() returns only once the
# client's ACK has arrived, so the banner always follows the handshake.
run_early_server_data() {
    local p=7019
    start_capture early-server-data "$(F4 "$p")" || return 1
    server early-server-data "$S4" "$p" banner || return 1
    client "$S4" "$p" banner || return 1
    reap "$srv_pid" || return 1
    stop_capture
    expect early-server-data "$p" syn=1 synack=1 first_fin=c fin_c=1 fin_s=1 \
        rst_c=0 rst_s=0 cfin_acked=1 sfin_acked=1 data_c=1 data_s=2
}

# 20. A RST injected inside the server's receive window, 1000 bytes past
# RCV.NXT, from the client namespace with the connection's own addresses
# and ports: the server answers with a challenge ACK (RFC 5961 §3.2) and
# keeps the connection, which makes one more exchange and closes normally.
run_rst_in_window() {
    local p=7020
    start_capture rst-in-window "$(F4 "$p")" || return 1
    server rst-in-window "$S4" "$p" requests || return 1
    client "$S4" "$p" rst-inject 1000 >/dev/null || return 1
    reap "$srv_pid" || return 1
    stop_capture
    grep -qx eof "$work/rst-in-window.srv" || { warn "rst-in-window: the server was reset"; return 1; }
    expect rst-in-window "$p" syn=1 synack=1 first_fin=c fin_c=1 fin_s=1 \
        rst_c=1 rst_s=0 cfin_acked=1 sfin_acked=1 data_c=2 data_s=2
}

# 21. A RST injected exactly at the server's RCV.NXT: the server resets.
# The client's socket knows nothing of it; the capture stops before it is
# closed (its FIN would draw a RST from the server's namespace).
run_rst_exact() {
    local p=7021 cpid
    start_capture rst-exact "$(F4 "$p")" || return 1
    server rst-exact "$S4" "$p" requests || return 1
    LIMIT=15 bg_client rst-exact "$C4" "$S4" "$p" rst-inject exact
    cpid=$cli_pid
    wait_for "$work/rst-exact.cli" injected 5 || return 1
    wait_for "$work/rst-exact.srv" reset 5 || return 1
    stop_capture
    reap "$cpid" 0
    reap "$srv_pid" || return 1
    expect rst-exact "$p" syn=1 synack=1 fin_c=0 fin_s=0 rst_c=1 rst_s=0 \
        data_c=1 data_s=1
}

# icmp_reject NAME FAMILY PORT RULE: the server namespace rejects SYNs to
# PORT with RULE (an nft reject statement); the client's connect fails on
# the ICMP error, which the capture must hold.  Over veth (kernel 6.18) the
# first error does not end connect(): the SYN is sent again about 1 s later
# and that one's error does (EHOSTUNREACH, or EACCES for ICMPv6
# admin-prohibited).  Most likely the first error is handled while
# connect() still holds the socket lock (veth runs the peer's receive path
# during the SYN's transmission), so Linux records it as a soft error.
icmp_reject() {
    local name=$1 fam=$2 p=$3 rule=$4 dst filter icmpf rc=0 n
    if [[ $fam == 4 ]]; then
        dst=$S4 filter="arp or tcp port $p or icmp" icmpf=icmp
    else
        dst=$S6 icmpf="icmp6 and ip6[40] < 128"
        filter="tcp port $p or (icmp6 and (ip6[40] < 128 or ip6[40] == 135 or ip6[40] == 136))"
    fi
    ins nft -f - <<EOF || return 1
table inet sw_reject {
    chain in {
        type filter hook input priority 0; policy accept;
        tcp dport $p $rule
    }
}
EOF
    if start_capture "$name" "$filter"; then
        client "$dst" "$p" unreachable || rc=1
        stop_capture
    else
        rc=1
    fi
    ins nft delete table inet sw_reject
    (( rc == 0 )) || return 1
    # One ICMP error per SYN (see below: a retransmitted SYN may come).
    n=$(frames_matching "$name" "$icmpf")
    (( n >= 1 )) || { warn "$name: no ICMP error"; return 1; }
    expect "$name" "$p" syn="$n" synack=0 pkts_c="$n" pkts_s=0
}

# 22-25. SYN rejected with an ICMP error: host unreachable (ICMP 3/1),
# address unreachable (ICMPv6 1/3), administratively prohibited (ICMP 3/13,
# ICMPv6 1/1).
run_icmp_unreachable() {
    icmp_reject icmp-unreachable 4 7022 "reject with icmp type host-unreachable"
}
run_icmp_unreachable_ipv6() {
    icmp_reject icmp-unreachable-ipv6 6 7023 "reject with icmpv6 type addr-unreachable"
}
run_icmp_prohibited() {
    icmp_reject icmp-prohibited 4 7024 "reject with icmpx type admin-prohibited"
}
run_icmp_prohibited_ipv6() {
    icmp_reject icmp-prohibited-ipv6 6 7025 "reject with icmpx type admin-prohibited"
}

# 26. Fragmentation needed: the server namespace routes to a third one,
# 10.77.2.2, over a veth whose router end has MTU 1280 (the far end keeps
# 1500, so both TCP ends announce MSS 1460).  The client sends 20,000
# bytes; its first full-size segments, DF set, draw ICMP "fragmentation
# needed, MTU 1280" from the router (10.77.0.2), quoting them; the client
# lowers its path MTU and sends the data again in smaller segments.
run_icmp_frag_needed() {
    local p=7026 rns=sw-far-$$ rdev=swr$$ tdev=swt$$ rc=0 n
    ip netns add "$rns" || return 1
    made_ns+=("$rns")
    nsexec "$rns" ip link set lo up
    ip link add "$rdev" netns "$SNS" mtu 1280 type veth peer name "$tdev" \
        netns "$rns" mtu 1500 || return 1
    ins ip addr add 10.77.2.1/24 dev "$rdev" &&
    nsexec "$rns" ip addr add 10.77.2.2/24 dev "$tdev" &&
    ins ip link set "$rdev" up &&
    nsexec "$rns" ip link set "$tdev" up &&
    nsexec "$rns" ip route add default via 10.77.2.1 &&
    inc ip route add 10.77.2.0/24 via "$S4" || return 1
    ins ethtool -K "$rdev" tso off gso off gro off tx off rx off >/dev/null 2>&1
    nsexec "$rns" ethtool -K "$tdev" tso off gso off gro off tx off rx off >/dev/null 2>&1
    sysctl_set "$SNS" net.ipv4.conf.all.forwarding 1 || rc=1
    if (( rc == 0 )) && start_capture icmp-frag-needed "arp or tcp port $p or icmp"; then
        if SRV_NS=$rns server icmp-frag-needed 10.77.2.2 "$p" bulk 20000; then
            client 10.77.2.2 "$p" bulk 20000 || rc=1
            reap "$srv_pid" || rc=1
        else
            rc=1
        fi
        stop_capture
    else
        rc=1
    fi
    sysctl_restore
    inc ip route del 10.77.2.0/24 2>/dev/null
    ip netns del "$rns"
    (( rc == 0 )) || return 1
    n=$(frames_matching icmp-frag-needed "icmp[icmptype] == icmp-unreach and icmp[icmpcode] == 4")
    (( n >= 1 )) || { warn "icmp-frag-needed: no ICMP fragmentation needed"; return 1; }
    log "icmp-frag-needed: $n ICMP fragmentation-needed errors"
    expect icmp-frag-needed "$p" syn=1 synack=1 first_fin=c fin_c=1 fin_s=1 \
        rst_c=0 rst_s=0 cfin_acked=1 sfin_acked=1
}

# 27. Segmentation offload on: the client's veth has TSO, GSO and checksum
# offload on, so tcpdump on it (the sending host) sees the super-sized
# segments the stack hands to the device, with partial checksums (the
# pseudo-header sum only).  The client sends 200 KiB, then closes.
run_tso_offload() {
    local p=7027 rc=0 big
    inc ethtool -K "$CDEV" sg on tso on gso on tx on >/dev/null 2>&1 || {
        warn "tso-offload: cannot turn offloads on"; return 1; }
    if start_capture tso-offload "$(F4 "$p")"; then
        if server tso-offload "$S4" "$p" bulk 204800; then
            client "$S4" "$p" bulk 204800 || rc=1
            reap "$srv_pid" 10 || rc=1
        else
            rc=1
        fi
        stop_capture
    else
        rc=1
    fi
    inc ethtool -K "$CDEV" tso off gso off tx off >/dev/null 2>&1
    (( rc == 0 )) || return 1
    big=$(frames_matching tso-offload "tcp port $p and greater 1515")
    (( big >= 1 )) || { warn "tso-offload: no segment above 1514 bytes"; return 1; }
    log "tso-offload: $big frames above 1514 bytes," \
        "$(frames_matching tso-offload "tcp port $p and ip[2:2] == 0") with IPv4 total length 0"
    expect tso-offload "$p" syn=1 synack=1 first_fin=c fin_c=1 fin_s=1 \
        rst_c=0 rst_s=0 cfin_acked=1 sfin_acked=1
}

# 28. Single drops after the capture point: nftables in the client
# namespace (input hook, after tcpdump has seen the frame) drops the
# server's 256-byte answer once and its FIN once.  The server closes only
# once the answer is acknowledged, so the two losses are apart: the capture
# shows the answer twice and the FIN twice (each time the retransmission,
# by tail loss probe or timeout), and the client's late ACKs.
run_lossy_drops() {
    local p=7028 rc=0
    inc nft -f - <<EOF || return 1
table inet sw_drops {
    chain in {
        type filter hook input priority 0; policy accept;
        tcp sport $p tcp flags & fin == fin quota until 100 bytes drop
        tcp sport $p meta length > 100 quota until 400 bytes drop
    }
}
EOF
    if start_capture lossy-drops "$(F4 "$p")"; then
        if server lossy-drops "$S4" "$p" drop-close; then
            client "$S4" "$p" drop-close || rc=1
            reap "$srv_pid" || rc=1
        else
            rc=1
        fi
        stop_capture
    else
        rc=1
    fi
    inc nft delete table inet sw_drops
    (( rc == 0 )) || return 1
    expect lossy-drops "$p" syn=1 synack=1 first_fin=s fin_c=1 fin_s=2 \
        rst_c=0 rst_s=0 cfin_acked=1 sfin_acked=1 retx_s=1 data_s=2
}

# 29. One direction only: client-close captured with the filter
# "src host 10.77.0.1", so only the client's segments are in the file.
run_one_direction() {
    local p=7029
    start_capture one-direction "src host $C4 and tcp port $p" || return 1
    server one-direction "$S4" "$p" client-close || return 1
    client "$S4" "$p" client-close || return 1
    reap "$srv_pid" || return 1
    stop_capture
    expect one-direction "$p" syn=1 synack=0 pkts_s=0 first_fin=c fin_c=1 \
        rst_c=0 data_c=1
}

# 30. Every frame twice: a third namespace holds the client on a bridge
# (10.77.3.1 on the bridge, its veth to the server namespace a bridge
# port), and tcpdump -i any there sees each frame on the bridge and on the
# port.  client-close to 10.77.3.2, link type Linux cooked v2 (SLL2).
run_duplicates() {
    local p=7030 dns=sw-dup-$$ br=swb$$ ddev=swd$$ edev=swe$$ rc=0
    ip netns add "$dns" || return 1
    made_ns+=("$dns")
    nsexec "$dns" sh -c '
        echo 0 > /proc/sys/net/ipv6/conf/default/router_solicitations
        echo 0 > /proc/sys/net/ipv6/conf/default/accept_ra' 2>/dev/null
    nsexec "$dns" ip link set lo up
    ip link add "$ddev" netns "$dns" type veth peer name "$edev" netns "$SNS" &&
    nsexec "$dns" ip link add "$br" type bridge &&
    nsexec "$dns" ip link set "$ddev" master "$br" &&
    nsexec "$dns" ip addr add 10.77.3.1/24 dev "$br" &&
    ins ip addr add 10.77.3.2/24 dev "$edev" &&
    nsexec "$dns" ip link set "$ddev" up &&
    nsexec "$dns" ip link set "$br" up &&
    ins ip link set "$edev" up || return 1
    nsexec "$dns" ethtool -K "$ddev" tso off gso off gro off tx off rx off >/dev/null 2>&1
    nsexec "$dns" ethtool -K "$br" tso off gso off gro off tx off >/dev/null 2>&1
    ins ethtool -K "$edev" tso off gso off gro off tx off rx off >/dev/null 2>&1
    # With the filter "arp or tcp port P", tcpdump -i any (libpcap 1.10.3,
    # link type SLL2) lost both copies of the client's frames that follow
    # the SYN-ACK whenever it also captured ARP; with "tcp port P" it did
    # not.  In case it still misses frames, a second tcpdump on the server's
    # veth is the reference, and the capture is taken again until it holds
    # every TCP frame of the reference exactly twice.
    local try bad=1 ref_pid
    for try in 1 2 3; do
        rm -f "$work/duplicates-ref.pcap"
        nsspawn "$SNS" timeout 30 tcpdump -i "$edev" -w "$work/duplicates-ref.pcap" \
            --immediate-mode -U -Z root -nn "tcp port $p" 2>/dev/null &
        ref_pid=$!
        pids+=("$ref_pid")
        CAP_NS=$dns CAP_DEV=any start_capture duplicates "tcp port $p" || { rc=1; break; }
        if server duplicates 10.77.3.2 "$p" client-close; then
            CLI_NS=$dns client 10.77.3.2 "$p" client-close || rc=1
            reap "$srv_pid" || rc=1
        else
            rc=1
        fi
        stop_capture
        reap "$ref_pid" 0
        (( rc == 0 )) || break
        bad=$(diff <(tcpdump -nn -t -r "$work/duplicates-ref.pcap" 2>/dev/null |
                         sed 's/^.* IP /IP /' | sort | sed 's/^/2 /') \
                   <(tcpdump -nn -t -r "$work/duplicates.pcap" "tcp port $p" 2>/dev/null |
                         sed 's/^.* IP /IP /' | sort | uniq -c | sed 's/^ *//') | grep -c '^[<>]')
        (( bad == 0 )) && no_drops duplicates && break
        bad=1
        log "duplicates: attempt $try lost frames, again"
    done
    ip netns del "$dns"
    (( rc == 0 && bad == 0 )) || return 1
    # Each TCP frame twice: the stats count every copy.
    expect duplicates "$p" syn=2 synack=2 first_fin=c fin_c=2 fin_s=2 \
        rst_c=0 rst_s=0 cfin_acked=1 sfin_acked=1
}

# ---------------------------------------------------------------- main

for s in "${only[@]}"; do
    scenario "$s"
done

elapsed=$(( SECONDS - t_start ))
if (( ${#failed[@]} )); then
    warn "FAILED: ${failed[*]} (${elapsed}s)"
    exit 1
fi
log "${#only[@]} captures written to $outdir (${elapsed}s)"
exit 0
