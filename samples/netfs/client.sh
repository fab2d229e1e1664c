#!/usr/bin/env bash
# client.sh: client.c in bash. Connects to NAME, sends each MESSAGE (or, with none, each line of
# stdin), prints each reply, and ends with "bye". It may start before the server: a refused connect
# is retried for up to 5 seconds.
#
#   ../../scripts/vuos run -- bash client.sh echo hello quit
set -u
if (( $# < 1 )); then
    echo "usage: client.sh NAME [MESSAGE...]" >&2
    exit 2
fi
name=$1
shift

# A local name is looked up per socket type (a stream connect to a seqpacket server's name is
# refused as if nobody listened), and server.c is seqpacket while server.sh is stream: so make one
# socket of each type and try both.
declare -A ids
for type in seqpacket stream; do
    read -r "ids[$type]" < "/net/local/$type"
done

connected=
for (( try = 0; try < 100; try++ )); do
    for type in seqpacket stream; do
        # The write fails with connect's errno; bash prints it, and that is all a script can see.
        if err=$( { echo "connect $name" > "/net/local/${ids[$type]}/ctl"; } 2>&1 ); then
            connected=$type
            break 2
        fi
        case $err in
            *"Connection refused"* | *"No such file or directory"* | *"Protocol wrong type"*) ;;
            *) echo "client: connect $name: ${err##*: }" >&2; exit 1 ;;
        esac
    done
    sleep 0.05
done
if [[ -z $connected ]]; then
    echo "client: connect $name: ${err##*: }" >&2
    exit 1
fi
exec 5<> "/net/local/${ids[$connected]}/data"

# exchange MESSAGE: sends it, prints the reply; fails once the server has said "bye" (hung up).
exchange() {
    local reply
    # One printf is one write: one message on seqpacket, one line on stream.
    printf '%s\n' "$1" >&5
    if [[ $connected == stream ]]; then
        IFS= read -r reply <&5 || { echo "client: the server hung up" >&2; exit 1; }
    else
        # `read` would take one byte of the message and lose the rest: dd makes exactly one read.
        reply=$(dd bs=65536 count=1 status=none <&5)
        [[ -n $reply ]] || { echo "client: the server hung up" >&2; exit 1; }
    fi
    printf '%s\n' "$reply"
    [[ $reply != bye ]]
}

if (( $# > 0 )); then
    for msg; do
        exchange "$msg" || exit 0
    done
else
    while IFS= read -r msg; do
        exchange "$msg" || exit 0
    done
fi
# Closing fd 5 would not hang up (the socket belongs to the session, see server.c): say bye.
exchange bye
exit 0
