#!/usr/bin/env bash
# evloop.sh: evloop.c in bash: one bash process serving several clients at once. It binds a local
# stream socket to NAME (default "echo"; stream rather than seqpacket for the reason in server.sh),
# answers each message with "NAME: MESSAGE" and "bye" with "bye" (hanging up), and exits after
# CLIENTS conversations.
#
# Each round accepts every waiting client by opening accept:n (":n" is short for ":nonblock": the
# open fails with EAGAIN when nobody waits), then asks each connection with `read -t 0` whether a
# line waits, without reading it, and reads only those that have one.
# Limits, since bash has no poll():
# - a round with nothing to do sleeps 50 ms, so an answer can take that long;
# - connections opened with ":n" are non-blocking, and bash's `read` gives up (EAGAIN) on a line
#   that has only partly arrived. Our clients write each line in one write, which a local stream
#   socket delivers whole, so it does not happen with them.
#
#   ../../scripts/vuos run -- bash evloop.sh 3 echo
set -u
if (( $# < 1 )); then
    echo "usage: evloop.sh CLIENTS [NAME]" >&2
    exit 2
fi
clients=$1
name=${2:-echo}

read -r id < /net/local/stream
echo "bind $name && listen" > "/net/local/$id/ctl" || exit 1
echo "listening as $name"

conns=()  # the descriptors of the open connections
served=0
while (( served < clients )); do
    # A failed `exec` redirection does not end a non-interactive bash; the braces silence its
    # message (EAGAIN) without leaving stderr redirected.
    while { exec {fd}<> "/net/local/$id/accept:n"; } 2>/dev/null; do
        conns+=("$fd")
    done

    idle=1
    for i in "${!conns[@]}"; do
        fd=${conns[i]}
        read -r -t 0 -u "$fd" || continue
        idle=0
        if IFS= read -r -u "$fd" msg; then
            if [[ $msg != bye ]]; then
                printf '%s: %s\n' "$name" "$msg" >&"$fd"
                continue
            fi
            echo bye >&"$fd"
        fi
        # "bye" or the end of the connection: we hang up, the client cannot (see server.c).
        exec {fd}>&-
        unset 'conns[i]'
        served=$((served + 1))
    done
    if (( idle )); then
        sleep 0.05
    fi
done
echo "served $served clients"
