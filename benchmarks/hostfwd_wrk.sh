#!/bin/sh
# hostfwd_wrk.sh MODE PORT SECONDS DIR: nginx serving one 4 KiB file, and wrk on the host (2 threads, 100
# connections) asking for it for SECONDS at 127.0.0.1:PORT. MODE "native": nginx listens there itself;
# otherwise MODE is the vuos binary and nginx runs in a slirp stack behind hostfwd=tcp:127.0.0.1:PORT:8080.
# Prints wrk's requests per second; its socket errors and worst latency go to stderr.
set -u
mode=$1 port=$2 secs=$3 dir=$4
mkdir -p "$dir/www"
head -c 4096 /dev/zero | tr '\0' x >"$dir/www/file.html"
listen=8080
[ "$mode" = native ] && listen="127.0.0.1:$port"
cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
daemon off;
master_process off;
error_log $dir/error.log error;
pid $dir/nginx.pid;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    server {
        listen $listen backlog=1024;
        root $dir/www;
    }
}
CONF
if [ "$mode" = native ]; then
    nginx -c "$dir/nginx.conf" -p "$dir" 2>>"$dir/error.log" &
else
    "$mode" run --stack "/dev/net/nat=slirp:hostfwd=tcp:127.0.0.1:$port:8080" --default /dev/net/nat -- \
        nginx -c "$dir/nginx.conf" -p "$dir" 2>>"$dir/error.log" &
fi
server=$!
# Ready once a request through the forward is answered (the host port listens before nginx does).
tries=0
until curl -sf -o /dev/null "http://127.0.0.1:$port/file.html"; do
    tries=$((tries + 1))
    if [ "$tries" -gt 500 ] || ! kill -0 "$server" 2>/dev/null; then
        echo "hostfwd_wrk: nginx did not answer on port $port" >&2
        cat "$dir/error.log" >&2
        kill "$server" 2>/dev/null
        exit 1
    fi
    sleep 0.02
done
out=$(wrk -t2 -c100 -d"${secs}s" "http://127.0.0.1:$port/file.html")
kill -TERM "$server" 2>/dev/null
wait "$server" 2>/dev/null
errors=$(printf '%s\n' "$out" | sed -n 's/.*Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\).*/\1 \2 \3 \4/p' | awk '{print $1 + $2 + $3 + $4}')
max=$(printf '%s\n' "$out" | awk '/^ *Latency/ {print $4; exit}')
echo "hostfwd_wrk: socket errors ${errors:-0}, worst latency $max" >&2
printf '%s\n' "$out" | awk '/^Requests\/sec:/ {print $2}'
