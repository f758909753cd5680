#!/bin/bash
# run.sh: measures Capstan against the peers a user would pick instead (../../shared/bench) in one run and prints a
# table of medians and ratios. Steps: builds the peers and the benchmark model (shared build.sh, into BENCH_OUT,
# default /tmp/capstan-bench), publishes capstan and the gRPC load generator (grpcload/) in Release, prepares three
# data directories with model `bc` pushed and deployed (ONNX without batching, ONNX with dynamic batching, the ML.NET
# zip), then runs ROUNDS interleaved rounds of shared compare.sh with SUBJECT set (plus this script's own gRPC runs:
# grpcload, and h2load when Debian's nghttp2-client is there or can be installed) and one pass that reads the server's
# allocated bytes and CPU time around a run of each Capstan form and each .NET peer. Every run's line goes to
# BENCH_OUT/results.txt; ./report.sh RESULTS prints the table again. README.md says what each figure means.
#
# Knobs (environment): ROUNDS (3) and SECS (5) per run; CONNS (32); BATCH_CONNS (64); ROWS (32, the multi-row size);
# MAX_BATCH (32) and MAX_DELAY_US (0) for the batching deployment; PEERS ("noop ort mlnet"; add python to see it);
# ALLOC_SECS (3); SKIP_BUILD=1 reuses the peers already built in BENCH_OUT; SHARED_BENCH (../shared/bench).
# About ten minutes with the defaults (3 with SKIP_BUILD=1 ROUNDS=1 SECS=3); ROUNDS=5 SECS=10 for steadier medians.
# Results are ratios measured in one run: the machine is shared, so absolute figures move with the load (uptime is
# printed before and after).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
shared=${SHARED_BENCH:-$(cd "$repo/../shared/bench" && pwd)}
export BENCH_OUT=${BENCH_OUT:-/tmp/capstan-bench}
# Capstan runs with authentication on, as it ships: each data directory's first start stores its admin key here, and
# the load carries a predictor key (x-api-key) made for the run, so the figures include checking it.
export CAPSTAN_CREDENTIALS=$BENCH_OUT/credentials.json
rounds=${ROUNDS:-3} secs=${SECS:-5} conns=${CONNS:-32} batch_conns=${BATCH_CONNS:-64} rows=${ROWS:-32}
max_batch=${MAX_BATCH:-32} max_delay=${MAX_DELAY_US:-0} peers=${PEERS-noop ort mlnet} alloc_secs=${ALLOC_SECS:-3}
capstan=$BENCH_OUT/capstan/capstan
grpcload=$BENCH_OUT/grpcload/grpcload.dll
proto=$repo/src/Capstan.Server/Protos/open_inference_grpc.proto
results=$BENCH_OUT/results.txt
started=$(date +%s)
echo "load before: $(uptime)"

# 1. Build the peers and the model, capstan and the gRPC load generator.
[ "${SKIP_BUILD:-0}" = 1 ] && [ -f "$BENCH_OUT/models/bc.onnx" ] || "$shared/build.sh"
dotnet publish "$repo/src/Capstan.Cli" -c Release -o "$BENCH_OUT/capstan" --nologo -v quiet >/dev/null
grpc=0 h2=0
if [ -f "$proto" ]; then
  dotnet publish "$here/grpcload" -c Release -o "$BENCH_OUT/grpcload" --nologo -v quiet >/dev/null
  grpc=1
  # h2load (Debian's nghttp2-client): an HTTP/2 load generator in C, far cheaper per call than grpcload on the same
  # cores; it sends the gRPC message grpcload writes for it.
  command -v h2load >/dev/null || { [ "$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nghttp2-client >/dev/null 2>&1; } || true
  if command -v h2load >/dev/null; then
    h2=1
    BODY=$BENCH_OUT/grpc-typed.bin dotnet "$grpcload" body none
    RAW=1 BODY=$BENCH_OUT/grpc-raw.bin dotnet "$grpcload" body none
  fi
else
  echo "no $proto in this tree: the gRPC figures are skipped"
fi

# shellcheck source=/dev/null
. "$here/lib.sh"
# 2. Data directories with bc pushed and deployed, so that serving one only has to load what is already there.
# Each deployment exposes the two outputs the peers answer with (--outputs), as an operator would; set OUTPUTS=all to
# expose every output the model declares (the ONNX conversion also copies its 30 input features out as an output).
onnx_outputs=(--outputs Probability.output,PredictedLabel.output)
mlnet_outputs=(--outputs Probability,PredictedLabel)
if [ "${OUTPUTS:-}" = all ]; then onnx_outputs=(); mlnet_outputs=(); fi
prepare onnx bc "$BENCH_OUT/models/bc.onnx" "${onnx_outputs[@]}"
prepare batch bc "$BENCH_OUT/models/bc.onnx" --max-batch-size "$max_batch" --max-queue-delay-us "$max_delay" "${onnx_outputs[@]}"
prepare mlnet bc "$BENCH_OUT/models/bc.zip" "${mlnet_outputs[@]}"

# 3. The runs. Each result line is "SCENARIO NAME rps=.. rows_per_s=.. p50_ms=.. p99_ms=.. non2xx=.. [...]".
: >"$results"
record() { sed -u "s/^/$1 /" | tee -a "$results"; }
compare() { # compare SCENARIO CONNECTIONS ROWS "PEERS" SUBJECT-DIR: one round of shared compare.sh
  unlocked "$BENCH_OUT/data/$5"
  HEADERS="x-api-key: $(cat "$BENCH_OUT/data/$5.key")" PEERS=$4 SUBJECT="capstan-$5|$capstan serve --urls http://127.0.0.1:PORT --grpc-urls http://127.0.0.1:0 --data $BENCH_OUT/data/$5|/v2/models/bc/infer|/v2/health/ready|Features" \
    "$shared/compare.sh" "$2" "$secs" 1 "$3" | record "$1"
}
# status PORT: "ALLOCATED REQUESTS BATCHES" from /api/v1/status (the one model's counters).
status() { curl -sf -H "x-api-key: $(cat "$BENCH_OUT/data/$2.admin")" "http://127.0.0.1:$1/api/v1/status" | sed -n 's/.*"requests":\([0-9]*\),"batches":\([0-9]*\).*"allocatedBytes":\([0-9]*\).*/\3 \1 \2/p'; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
measure() { # measure SCENARIO NAME KIND TARGET CONNECTIONS ROWS SECONDS: a run of our own that also reads the server's
  # CPU time (and, for capstan, its allocated bytes) around the measured part, per request the load generator reports.
  # KIND: rest, grpc (typed contents) or grpc-raw (raw_input_contents) on capstan serving data directory TARGET, or
  # peer for the shared peer TARGET (over REST).
  local scenario=$1 name=$2 kind=$3 target=$4 c=$5 r=$6 s=$7 port line a0="0 0 0" a1="0 0 0" t0 t1 key=""
  port=$(free_port)
  [ "$kind" = peer ] || key=$(cat "$BENCH_OUT/data/$target.key")
  if [ "$kind" = peer ]; then pid=$("$shared/peers.sh" "$target" "$port"); else serve "$BENCH_OUT/data/$target" "$port"; fi
  load() {
    case $kind in
      grpc) API_KEY=$key dotnet "$grpcload" "$1" "http://127.0.0.1:$((port + 1))" "$c" "$2" "$r" ;;
      grpc-raw) API_KEY=$key RAW=1 dotnet "$grpcload" "$1" "http://127.0.0.1:$((port + 1))" "$c" "$2" "$r" ;;
      h2load | h2load-raw) h2 "$1" "$2" ;;
      *) HEADERS=${key:+"x-api-key: $key"} "$shared/load.sh" "$1" "http://127.0.0.1:$port/v2/models/bc/infer" "$c" "$2" "$r" ;;
    esac
  }
  h2() { # h2 NAME SECONDS: h2load with c streams on one connection; it has no percentiles, and gRPC errors come with
    # HTTP 200, so success is checked against the requests the server counted (served_per_s below).
    local res rps body=$BENCH_OUT/grpc-typed.bin
    [ "$kind" = h2load-raw ] && body=$BENCH_OUT/grpc-raw.bin
    res=$(h2load -c1 -m"$c" -D"$2" -d "$body" -H content-type:application/grpc -H te:trailers -H "x-api-key:$key" \
      "http://127.0.0.1:$((port + 1))/inference.GRPCInferenceService/ModelInfer" 2>&1)
    rps=$(sed -n 's/^finished in [0-9.]*s, \([0-9.]*\) req\/s.*/\1/p' <<<"$res")
    echo "$1 rps=${rps:-0} rows_per_s=$(awk -v x="${rps:-0}" -v n="$r" 'BEGIN { printf "%.0f", x * n }') p50_ms=NA p99_ms=NA non2xx=0"
  }
  load warmup 2 >/dev/null
  [ "$kind" = peer ] || a0=$(status "$port" "$target")
  t0=$(cpu_ticks "$pid")
  line=$(load "$name" "$s")
  t1=$(cpu_ticks "$pid")
  [ "$kind" = peer ] || a1=$(status "$port" "$target")
  stop
  sleep 1
  awk -v l="$line" -v a0="$a0" -v a1="$a1" -v t="$((t1 - t0))" -v s="$s" -v r="$r" -v hz="$(getconf CLK_TCK)" -v peer="$([ "$kind" = peer ] && echo 1 || echo 0)" 'BEGIN {
    split(l, f, " "); for (i in f) if (f[i] ~ /^rps=/) rps = substr(f[i], 5); n = rps * s
    split(a0, x, " "); split(a1, y, " "); batches = y[3] - x[3]
    if (n > 0) { bytes = (y[1] - x[1]) / n; cpu = t / hz * 1e6 / n } else { bytes = 0; cpu = 0 }
    per = 0; if (batches > 0) per = (y[2] - x[2]) * r / batches
    if (peer) printf "%s alloc_b_per_req=NA cpu_us_per_req=%.1f\n", l, cpu
    else printf "%s alloc_b_per_req=%.0f cpu_us_per_req=%.1f rows_per_batch=%.1f served_per_s=%.0f\n", l, bytes, cpu, per, (y[2] - x[2]) / s }' | record "$scenario"
}

for round in $(seq 1 "$rounds"); do
  echo "round $round/$rounds (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  compare rest1 "$conns" 1 "$peers" onnx
  compare rest1 "$conns" 1 "" mlnet
  compare rest1 "$conns" 1 "" batch
  if [ "$grpc" = 1 ]; then
    measure rest1 capstan-grpc grpc onnx "$conns" 1 "$secs"
    if [ "$h2" = 1 ]; then
      measure rest1 h2load-grpc h2load onnx "$conns" 1 "$secs"
      measure rest1 h2load-grpc-raw h2load-raw onnx "$conns" 1 "$secs"
    fi
  fi
  compare rest$rows "$conns" "$rows" "$peers" onnx
  compare rest$rows "$conns" "$rows" "" mlnet
  compare batch "$batch_conns" 1 "" onnx
  compare batch "$batch_conns" 1 "" batch
  compare single 1 1 "" onnx
  compare single 1 1 "" batch
done
echo "cost per request: one run each"
for p in ort mlnet; do
  measure cost "$p" peer "$p" "$conns" 1 "$alloc_secs"
  measure cost "$p-$rows" peer "$p" "$conns" "$rows" "$alloc_secs"
done
for d in onnx mlnet; do
  measure cost "capstan-$d" rest "$d" "$conns" 1 "$alloc_secs"
  measure cost "capstan-$d-$rows" rest "$d" "$conns" "$rows" "$alloc_secs"
done
measure cost capstan-batch rest batch "$batch_conns" 1 "$alloc_secs"
if [ "$grpc" = 1 ]; then
  measure cost capstan-grpc grpc onnx "$conns" 1 "$alloc_secs"
  measure cost capstan-grpc-raw grpc-raw onnx "$conns" 1 "$alloc_secs"
  measure cost "capstan-grpc-$rows" grpc onnx "$conns" "$rows" "$alloc_secs"
fi
echo "load after: $(uptime)"

# 4. The table: medians over the rounds, and the ratios the issue asks for.
"$here/report.sh" "$results" "$rows" "$conns" "$batch_conns"
echo "took $(($(date +%s) - started)) s; every run: $results"
