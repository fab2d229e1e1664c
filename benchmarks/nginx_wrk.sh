#!/bin/sh
# nginx_wrk.sh PORT SECONDS DIR: nginx serving one 4 KiB static file on 127.0.0.1:PORT, and wrk (1 thread, 16
# connections) asking for it for SECONDS; both started here, so both use whatever stack this script's sockets
# go to. DIR (writable) holds the configuration, the file and nginx's temporary files, so nginx runs as any
# user. Prints wrk's requests per second.
set -u
port=$1 secs=$2 dir=$3
mkdir -p "$dir/www"
head -c 4096 /dev/zero | tr '\0' x >"$dir/www/file.html"
cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
daemon off;
master_process off;
error_log $dir/error.log error;
pid $dir/nginx.pid;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    server {
        listen 127.0.0.1:$port;
        root $dir/www;
    }
}
CONF
nginx -c "$dir/nginx.conf" -p "$dir" 2>>"$dir/error.log" &
server=$!
tries=0
until ss -Hltn "sport = :$port" | grep -q .; do
    tries=$((tries + 1))
    if [ "$tries" -gt 500 ] || ! kill -0 "$server" 2>/dev/null; then
        echo "nginx_wrk: nginx did not start listening on port $port" >&2
        cat "$dir/error.log" >&2
        kill "$server" 2>/dev/null
        exit 1
    fi
    sleep 0.01
done
wrk -t1 -c16 -d"${secs}s" "http://127.0.0.1:$port/file.html" | sed -n 's/^Requests\/sec: *//p'
rc=$?
kill "$server" 2>/dev/null
wait "$server" 2>/dev/null
exit "$rc"
