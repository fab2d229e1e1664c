#!/usr/bin/env bash
# waiter.sh: waiter.c in bash. Waits until NAME is listed in /net/local/addrs (the addresses of the
# listening local sockets, one a line, as given to bind), then prints "NAME is up" and exits 0;
# gives up after SECONDS (a whole number, default 10) and exits 1.
#
#   ../../scripts/vuos run -- bash waiter.sh echo 10
set -u
if (( $# < 1 )); then
    echo "usage: waiter.sh NAME [SECONDS]" >&2
    exit 2
fi
name=$1
seconds=${2:-10}

# listening NAME: whether NAME is a line of addrs. The redirection opens addrs anew on each call,
# which matters: an open addrs handle is a snapshot taken when it was opened.
listening() {
    local addr
    while IFS= read -r addr; do
        [[ $addr == "$1" ]] && return 0
    done < /net/local/addrs
    return 1
}

# EPOCHREALTIME (bash 5) is the time in seconds with microseconds: drop the point to count in µs.
start=${EPOCHREALTIME/[.,]/}
until listening "$name"; do
    now=${EPOCHREALTIME/[.,]/}
    if (( now - start >= seconds * 1000000 )); then
        echo "waiter: $name did not come up within $seconds s" >&2
        exit 1
    fi
    sleep 0.05
done
echo "$name is up"
