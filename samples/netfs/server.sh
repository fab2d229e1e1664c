#!/usr/bin/env bash
# server.sh: server.c in bash, with nothing but redirections on the files under /net.
# It binds a local socket to NAME (default "echo") and serves one client at a time: each message
# (a line) is answered with "NAME: MESSAGE"; "bye" is answered "bye" and ends the conversation;
# "quit" is answered "bye" too, and then the server exits.
#
# It uses a *stream* socket, where server.c uses seqpacket: bash's `read` reads a socket one byte
# at a time (so as not to read past the newline), and a byte read from a seqpacket socket takes the
# whole message with it: the rest of the message is lost. On a stream the bytes just wait.
#
#   ../../scripts/vuos run -- bash server.sh echo
set -u
name=${1:-echo}

# Opening the factory makes a socket; the handle reads as its id, without a newline (so `read`
# reports end of file, but sets id all the same).
read -r id < /net/local/stream
# A failing command fails the write: bash prints its error (e.g. "Address already in use").
echo "bind $name && listen" > "/net/local/$id/ctl" || exit 1
echo "listening as $name"

while :; do
    # Opening accept waits for a client; fd 4 is the connection.
    exec 4<> "/net/local/$id/accept" || exit 1
    msg=
    while IFS= read -r msg <&4; do
        if [[ $msg == bye || $msg == quit ]]; then
            echo bye >&4
            break
        fi
        printf '%s: %s\n' "$name" "$msg" >&4
    done
    # We hang up: the client cannot, since its socket belongs to the session (see server.c).
    exec 4>&-
    [[ $msg == quit ]] && exit 0
done
