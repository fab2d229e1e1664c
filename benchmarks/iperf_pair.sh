#!/bin/sh
# iperf_pair.sh PORT SECONDS [CLIENT OPTIONS...]: one iperf3 test on 127.0.0.1:PORT, server and client both
# started here (so the pair runs in whatever network stack this script's sockets go to: natively the host's
# loopback, under `vuos run --default lo` the isolated loopback stack). Prints the client's JSON report.
set -u
port=$1 secs=$2
shift 2
iperf3 -s -1 -B 127.0.0.1 -p "$port" >/dev/null 2>&1 &
server=$!
tries=0
until ss -Hltn "sport = :$port" | grep -q .; do
    tries=$((tries + 1))
    if [ "$tries" -gt 500 ]; then
        echo "iperf_pair: the iperf3 server did not start listening on port $port" >&2
        kill "$server" 2>/dev/null
        exit 1
    fi
    sleep 0.01
done
iperf3 -c 127.0.0.1 -p "$port" -t "$secs" -J "$@"
rc=$?
[ "$rc" -eq 0 ] || kill "$server" 2>/dev/null
wait "$server"
exit "$rc"
