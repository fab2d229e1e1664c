# Shared by the scripts: where things are, and installing what a fresh Debian machine lacks.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin_dir="$root/build/bin"
stamp="$bin_dir/.built"

# Debian packages the supervisor needs at run time, and to build its native helpers and link its AOT executables.
runtime_packages=(gcc libc6-dev clang zlib1g-dev iproute2 libslirp0 libvdeplug2)

missing_packages() {
    local p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
    done
}

ensure_packages() {
    local missing
    missing=$(missing_packages "$@")
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "vuos: missing Debian packages: $missing" >&2
        echo "vuos: install them with: sudo apt-get install -y $missing" >&2
        return 1
    fi
    echo "vuos: installing $missing" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing) >&2
}

# True when the binaries are missing or older than any source file.
needs_build() {
    [ -x "$bin_dir/vuos" ] && [ -x "$bin_dir/vustack" ] && [ -f "$stamp" ] || return 0
    [ -n "$(find "$root/src" "$root/native" "$root/Directory.Build.props" -newer "$stamp" \
        \( -name '*.cs' -o -name '*.csproj' -o -name '*.c' -o -name '*.h' -o -name '*.props' \) -print -quit 2>/dev/null)" ] ||
        [ -n "$(find "$root/include" -newer "$stamp" -name '*.h' -print -quit 2>/dev/null)" ]
}
