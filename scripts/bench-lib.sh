# shellcheck shell=bash
# Helpers for scripts/bench: samples, medians, rows, Markdown tables. Sourced, not run.
#
# A "key" names one (workload, way) pair; its samples are lines in $bench_tmp/samples/KEY (a number each,
# or nothing when every run failed). Rows are lines of $bench_tmp/rows.tsv:
#   section  workload  way  median-with-unit  ratio  target  met  samples

bench_log() { printf '%s\n' "$*" >&2; }
bench_die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

# is_number STRING: true for a plain decimal number (what the workloads print).
is_number() { [[ "$1" =~ ^[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$ ]]; }

# median KEY: the median of KEY's samples (mean of the two middle ones for an even count); empty if none.
median() {
    local f="$bench_tmp/samples/$1"
    [ -s "$f" ] || return 0
    sort -g "$f" | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.6g\n", v[(NR + 1) / 2]; else printf "%.6g\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# noisy KEY: true when KEY's samples spread widely (largest over smallest above 1.3): the row gets a dagger.
noisy() {
    local f="$bench_tmp/samples/$1"
    [ -s "$f" ] || return 1
    sort -g "$f" | awk 'NR == 1 { lo = $1 } { hi = $1 } END { exit !(NR > 1 && lo > 0 && hi / lo > 1.3) }'
}

# samples_text KEY: the samples in run order, formatted, separated by spaces.
samples_text() {
    local f="$bench_tmp/samples/$1" v out=""
    [ -s "$f" ] || { echo "(failed)"; return 0; }
    while read -r v; do out+="$(fmt_num "$v") "; done <"$f"
    echo "${out% }"
}

# fmt_num X: 3 significant figures or so, never scientific notation.
fmt_num() {
    awk -v x="$1" 'BEGIN {
        a = x < 0 ? -x : x
        if (a >= 100) printf "%.0f\n", x; else if (a >= 10) printf "%.1f\n", x; else if (a >= 1) printf "%.2f\n", x; else printf "%.3f\n", x
    }'
}

# calc EXPR: floating-point arithmetic through awk.
calc() { awk "BEGIN { printf \"%.6g\n\", $1 }"; }

# ratio A B: A / B with two decimals, empty if either is missing.
ratio() {
    [ -n "$1" ] && [ -n "$2" ] || return 0
    awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) exit; printf "%.2f\n", a / b }'
}

# record KEY VALUE: append one sample.
record() { echo "$2" >>"$bench_tmp/samples/$1"; }

# sample KEY FUNCTION [ARGS...]: run FUNCTION (which prints one number on stdout) and record its output.
# A failure is reported with the tail of its stderr, and KEY is marked failed (later runs are skipped).
sample() {
    local key=$1 out err rc=0
    shift
    [ -e "$bench_tmp/failed/$key" ] && return 0
    err="$bench_tmp/err/$key"
    out=$("$@" 2>"$err") || rc=$?
    out=$(printf '%s\n' "$out" | tail -n 1)
    if [ $rc -ne 0 ] || ! is_number "$out"; then
        touch "$bench_tmp/failed/$key"
        bench_log "bench: $key failed (exit $rc, output '${out:0:80}'):"
        tail -n 5 "$err" | sed 's/^/bench:   /' >&2
        return 0
    fi
    record "$key" "$out"
    [ -n "${bench_verbose:-}" ] && bench_log "  $key: $out"
    return 0
}

# interleave RUNS KEY:FUNCTION...: RUNS rounds, each running every way once, so slow drift of the
# machine (other load, frequency) spreads over all ways instead of biasing one.
interleave() {
    local runs=$1 r pair
    shift
    for ((r = 1; r <= runs; r++)); do
        bench_log "  run $r/$runs"
        for pair in "$@"; do
            sample "${pair%%:*}" ${pair#*:}
        done
    done
}

# row SECTION WORKLOAD WAY KEY UNIT BASEKEY TARGET...: add a table row for KEY, its ratio to BASEKEY's median.
# TARGET is one of:
#   -                       no target (reference row)
#   le R | ge R [KEY2 LABEL] the ratio to native must be <= R | >= R; with KEY2, met? also shows the
#                           ratio to KEY2's median, named LABEL
#   le_key KEY2 R LABEL     median <= R x median(KEY2); LABEL names KEY2 ("floor")
#   ge_key KEY2 LABEL       median >= median(KEY2)
#   lt VALUE                median < VALUE (in UNIT)
row() {
    local section=$1 workload=$2 way=$3 key=$4 unit=$5 base=$6
    shift 6
    local med basemed rat target="" met="" other r
    med=$(median "$key")
    basemed=$(median "$base")
    rat=$(ratio "$med" "$basemed")
    case "$1" in
        -) target="—" ;;
        le | ge)
            target="$([ "$1" = le ] && echo "≤" || echo "≥") $2"
            if [ -n "$rat" ]; then
                if awk -v a="$rat" -v b="$2" -v op="$1" 'BEGIN { exit !(op == "le" ? a <= b : a >= b) }'; then met=yes; else met=no; fi
                if [ $# -ge 4 ]; then
                    r=$(ratio "$med" "$(median "$3")")
                    [ -n "$r" ] && met="$met ($r× $4)"
                fi
            fi ;;
        le_key)
            other=$(median "$2")
            target="≤ $3× $4"
            r=$(ratio "$med" "$other")
            if [ -n "$r" ]; then
                if awk -v a="$r" -v b="$3" 'BEGIN { exit !(a <= b) }'; then met="yes ($r× $4)"; else met="no ($r× $4)"; fi
            fi ;;
        ge_key)
            other=$(median "$2")
            target="≥ $3"
            r=$(ratio "$med" "$other")
            if [ -n "$r" ]; then
                if awk -v a="$med" -v b="$other" 'BEGIN { exit !(a >= b) }'; then met="yes ($r× $3)"; else met="no ($r× $3)"; fi
            fi ;;
        lt)
            target="< $2 $unit"
            if [ -n "$med" ]; then
                if awk -v a="$med" -v b="$2" 'BEGIN { exit !(a < b) }'; then met=yes; else met=no; fi
            fi ;;
    esac
    [ -z "$met" ] && { [ "$1" = - ] && met="—" || met="n/a"; }
    [ "$met" != "${met#no}" ] && met="**$met**"
    local medtext="failed"
    if [ -n "$med" ]; then
        medtext="$(fmt_num "$med") $unit"
        if noisy "$key"; then medtext+=" †"; fi
    fi
    [ -z "$rat" ] && rat="—"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$section" "$workload" "$way" "$medtext" "$rat" "$target" "$met" \
        "$(samples_text "$key")" >>"$bench_tmp/rows.tsv"
}

# table SECTION: the section's rows as a Markdown table.
table() {
    echo "| workload | way | median | ratio to native | target | met? |"
    echo "|---|---|---:|---:|---|---|"
    awk -F '\t' -v s="$1" '$1 == s { printf "| %s | %s | %s | %s | %s | %s |\n", $2, $3, $4, $5, $6, $7 }' "$bench_tmp/rows.tsv"
}

# samples_table SECTION: every sample of the section's rows, in run order.
samples_table() {
    awk -F '\t' -v s="$1" '$1 == s { printf "- %s, %s: %s\n", $2, $3, $8 }' "$bench_tmp/rows.tsv"
}

# stats_line FILE: the last "vuos: stats:" line a supervisor printed into FILE (stop counts), shortened.
stats_line() {
    [ -f "$1" ] || return 0
    grep -a 'vuos: stats:' "$1" | tail -n 1 | sed 's/^.*vuos: stats: //'
}

# free_port: a TCP port nothing listens on in the host namespace (from a range unlikely to be in use).
free_port() {
    local p
    for ((p = 20000 + RANDOM % 20000; ; p++)); do
        [ -z "$(ss -Hltn "sport = :$p" 2>/dev/null)" ] && { echo "$p"; return 0; }
    done
}

# wait_for TRIES DELAY COMMAND...: retry COMMAND until it succeeds; false after TRIES failures.
wait_for() {
    local tries=$1 delay=$2 i
    shift 2
    for ((i = 0; i < tries; i++)); do
        "$@" >/dev/null 2>&1 && return 0
        sleep "$delay"
    done
    return 1
}

# The CPU idle driver and, for a KVM guest's haltpoll driver, how long an idle CPU polls before halting: a
# wake-up of a halted virtual CPU is a VM exit, which dominates figures that wake another CPU.
idle_driver() {
    local driver poll
    driver=$(cat /sys/devices/system/cpu/cpuidle/current_driver 2>/dev/null || echo unknown)
    poll=$(cat /sys/module/haltpoll/parameters/guest_halt_poll_ns 2>/dev/null || true)
    echo "$driver${poll:+ (guest_halt_poll_ns=$poll)}"
}
