#!/bin/bash
# run.sh: dynamic batching on and off on a model whose run dominates a request, a perceptron 30-768-768-2 (one
# single-row ONNX run costs about as much as Capstan's HTTP handling of it), so that batching has something to
# amortise. Steps: publishes capstan and this folder's tool in Release into BENCH_OUT (default
# /tmp/capstan-bench-batching), writes BENCH_OUT/models/mlp.onnx and row.txt with the tool, prepares two data
# directories with the model pushed as `mlp` and deployed (`plain`: batching off; `batch`: --max-batch-size MAX_BATCH
# --max-queue-delay-us MAX_DELAY_US), then runs ROUNDS interleaved rounds of the shared load.sh (wrk, single-row
# requests, authentication on) against a fresh server on each: CONNS connections for SECS seconds after a 2 s warmup,
# and 1 connection. Prints medians and the two ratios issue 3 sets targets for; every run's line is in
# BENCH_OUT/results.txt.
#
# Knobs (environment): ROUNDS (3), SECS (5), CONNS (64), MAX_BATCH (32), MAX_DELAY_US (0), WIDTHS (30,768,768,2; the
# first must stay 30, the features load.sh sends), SKIP_BUILD=1 reuses the capstan and tool already published,
# SHARED_BENCH (../shared/bench). About 2 minutes with the defaults.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$(dirname "$here")")
shared=${SHARED_BENCH:-$(cd "$repo/../shared/bench" && pwd)}
export BENCH_OUT=${BENCH_OUT:-/tmp/capstan-bench-batching}
# Authentication stays on, as Capstan ships: each data directory's first start stores its admin key here, and the
# load carries a predictor key (x-api-key) made for the run.
export CAPSTAN_CREDENTIALS=$BENCH_OUT/credentials.json
rounds=${ROUNDS:-3} secs=${SECS:-5} conns=${CONNS:-64} max_batch=${MAX_BATCH:-32} max_delay=${MAX_DELAY_US:-0}
widths=${WIDTHS:-30,768,768,2}
capstan=$BENCH_OUT/capstan/capstan
results=$BENCH_OUT/results.txt
started=$(date +%s)
echo "load before: $(uptime)"

# 1. Capstan, the tool and the model (the tool also times one run of it in process).
if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -x "$capstan" ] || [ ! -f "$BENCH_OUT/batching/batching.dll" ]; then
  dotnet publish "$repo/src/Capstan.Cli" -c Release -o "$BENCH_OUT/capstan" --nologo -v quiet >/dev/null
  dotnet publish "$here" -c Release -o "$BENCH_OUT/batching" --nologo -v quiet >/dev/null
fi
dotnet "$BENCH_OUT/batching/batching.dll" "$BENCH_OUT/models" "$widths"

# shellcheck source=/dev/null
. "$here/../lib.sh"
pid=
trap stop EXIT

# 2. Data directories with mlp pushed and deployed, so that serving one only has to load what is already there.
prepare plain mlp "$BENCH_OUT/models/mlp.onnx"
prepare batch mlp "$BENCH_OUT/models/mlp.onnx" --max-batch-size "$max_batch" --max-queue-delay-us "$max_delay"

# 3. The runs: "SCENARIO NAME rps=.. rows_per_s=.. p50_ms=.. p99_ms=.. non2xx=.. rows_per_batch=..", where
# rows_per_batch is the requests the server counted over its model runs (batches) during the measured part.
# status PORT DIR: "REQUESTS BATCHES" from /api/v1/status (the one model's counters).
status() { curl -sf -H "x-api-key: $(cat "$BENCH_OUT/data/$2.admin")" "http://127.0.0.1:$1/api/v1/status" | sed -n 's/.*"requests":\([0-9]*\),"batches":\([0-9]*\).*/\1 \2/p'; }
measure() { # measure SCENARIO NAME CONNECTIONS: a fresh server on data directory NAME, warmed up, then measured
  local port line s0 s1 name=$2 c=$3
  port=$(free_port)
  serve "$BENCH_OUT/data/$2" "$port"
  load() { HEADERS="x-api-key: $(cat "$BENCH_OUT/data/$name.key")" "$shared/load.sh" "$1" "http://127.0.0.1:$port/v2/models/mlp/infer" "$c" "$2" 1; }
  load warmup 2 >/dev/null
  s0=$(status "$port" "$2")
  line=$(load "$2" "$secs")
  s1=$(status "$port" "$2")
  stop
  awk -v l="$line" -v s0="$s0" -v s1="$s1" 'BEGIN { split(s0, x, " "); split(s1, y, " "); per = 0
    if (y[2] > x[2]) per = (y[1] - x[1]) / (y[2] - x[2]); printf "%s rows_per_batch=%.2f\n", l, per }' | sed "s/^/$1 /" | tee -a "$results"
}
: >"$results"
for round in $(seq 1 "$rounds"); do
  echo "round $round/$rounds (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  # Alternate which deployment goes first, so that a drift in the machine's load does not always favour one.
  order="plain batch"; [ $((round % 2)) = 0 ] && order="batch plain"
  for name in $order; do measure many "$name" "$conns"; done
  for name in $order; do measure single "$name" 1; done
done
echo "load after: $(uptime)"

# 4. The table: medians over the rounds, and the ratios (batching on / off).
median() { # median SCENARIO NAME FIELD
  awk -v s="$1" -v n="$2" -v f="$3" '$1 == s && $2 == n { for (i = 3; i <= NF; i++) if (index($i, f "=") == 1) print substr($i, length(f) + 2) }' "$results" |
    sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "NA"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
row() { # row FIGURE SCENARIO FIELD TARGET
  local on off
  on=$(median "$2" batch "$3") off=$(median "$2" plain "$3")
  awk -v f="$1" -v on="$on" -v off="$off" -v t="$4" 'BEGIN {
    r = (on == "NA" || off == "NA" || off == 0) ? "NA" : sprintf("%.2f", on / off)
    met = "-"; if (r != "NA" && t != "-") met = (substr(t, 1, 2) == ">=" ? r >= substr(t, 3) + 0 : r <= substr(t, 3) + 0) ? "yes" : "NO"
    printf "%-34s %10s %10s %6s  %-7s %s\n", f, off, on, r, t, met }'
}
echo
echo "== batching on/off, $widths perceptron: medians of $rounds interleaved rounds; ratio = on / off"
printf '%-34s %10s %10s %6s  %-7s %s\n' figure off on ratio target met
row "1 row, $conns conn: req/s" many rps '>=1.30'
row "1 row, $conns conn: p50 ms" many p50_ms -
row "1 row, $conns conn: p99 ms" many p99_ms -
row "1 row, $conns conn: rows per batch" many rows_per_batch -
row "1 row, 1 conn: req/s" single rps -
row "1 row, 1 conn: p50 ms" single p50_ms '<=1.10'
row "1 row, 1 conn: p99 ms" single p99_ms -
echo "took $(($(date +%s) - started)) s; every run: $results"
