#!/bin/bash
# steady.sh [CONTENDER...]: Capstan and the peers at steady state. bench/run.sh (through shared compare.sh) measures
# each contender 2 s after it starts, inside the JIT's warm-up, which bench/warmup.sh shows lasts about 10 s; this
# script loads each contender for WARM seconds before measuring SECS under the same load, alternates the contenders for
# ROUNDS rounds, and prints every run with the server's CPU per request (utime+stime over the requests wrk counted),
# then each contender's medians.
#
# A contender is capstan:NAME (the data directory BENCH_OUT/data/NAME that bench/run.sh prepared, served by
# BENCH_OUT/capstan/capstan or by $CAPSTAN, over REST), h2load:NAME (the same over gRPC: ModelInfer with typed
# contents from h2load, 32 streams on one connection, ROWS 1 only; h2load gives no percentiles) or peer:NAME (ort,
# mlnet or noop, built by bench/run.sh).
# Default: capstan:onnx peer:mlnet peer:ort. Knobs: ROUNDS (3), WARM (12), SECS (10), CONNS (32), ROWS (1).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
shared=${SHARED_BENCH:-$(cd "$here/../../shared/bench" && pwd)}
export BENCH_OUT=${BENCH_OUT:-/tmp/capstan-bench}
source "$here/lib.sh"
capstan=${CAPSTAN:-$BENCH_OUT/capstan/capstan}
rounds=${ROUNDS:-3} warm=${WARM:-12} secs=${SECS:-10} conns=${CONNS:-32} rows=${ROWS:-1}
[ $# -gt 0 ] || set -- capstan:onnx peer:mlnet peer:ort
runs=$(mktemp)
trap 'stop; rm -f "$runs"' EXIT
ticks=$(getconf CLK_TCK)
cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
echo "load before: $(uptime)"
for _ in $(seq 1 "$rounds"); do
  for contender in "$@"; do
    port=$(free_port) header="X-Bench: steady"
    case $contender in
      capstan:*) dir=$BENCH_OUT/data/${contender#capstan:}; serve "$dir" "$port"; header="x-api-key: $(cat "$dir.key")" ;;
      h2load:*) dir=$BENCH_OUT/data/${contender#h2load:}; serve "$dir" "$port"; header=$(cat "$dir.key") ;;
      peer:*) pid=$("$shared/peers.sh" "${contender#peer:}" "$port") ;;
      *) echo "unknown contender $contender" >&2; exit 2 ;;
    esac
    url=http://127.0.0.1:$port/v2/models/bc/infer
    load() { # load NAME SECONDS
      if [[ $contender == h2load:* ]]; then
        local rps
        rps=$(h2load -c1 -m"$conns" -D"$2" -d "$BENCH_OUT/grpc-typed.bin" -H content-type:application/grpc -H te:trailers \
          -H "x-api-key:$header" "http://127.0.0.1:$((port + 1))/inference.GRPCInferenceService/ModelInfer" 2>&1 |
          sed -n 's/^finished in [0-9.]*s, \([0-9.]*\) req\/s.*/\1/p')
        echo "$1 rps=${rps:-0} rows_per_s=${rps:-0} p50_ms=NA p99_ms=NA non2xx=NA"
      else
        HEADERS=$header "$shared/load.sh" "$1" "$url" "$conns" "$2" "$rows"
      fi
    }
    load warm "$warm" >/dev/null
    before=$(cpu "$pid")
    line=$(load "$contender" "$secs")
    after=$(cpu "$pid")
    rps=$(sed -n 's/.* rps=\([0-9.]*\).*/\1/p' <<<"$line")
    echo "$line cpu_us_per_req=$(awk -v a="$before" -v b="$after" -v t="$ticks" -v r="$rps" -v s="$secs" 'BEGIN { printf "%.1f", (b - a) / t * 1e6 / (r * s) }')" | tee -a "$runs"
    stop
  done
done
echo "medians over $rounds rounds ($rows rows, $conns connections, ${warm} s warm, ${secs} s measured):"
for contender in "$@"; do
  median() { grep "^$contender " "$runs" | sed -n "s/.* $1=\([0-9][0-9.]*\).*/\1/p" | sort -g | awk '{ v[NR] = $1 } END { print (!NR ? "NA" : NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
  echo "$contender rows_per_s=$(median rows_per_s) p99_ms=$(median p99_ms) cpu_us_per_req=$(median cpu_us_per_req)"
done
echo "load after: $(uptime)"
