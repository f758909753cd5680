#!/bin/bash
# steady.sh [CONTENDER...]: Capstan and the peers at steady state. bench/run.sh (through shared compare.sh) measures
# each contender 2 s after it starts, inside the JIT's warm-up, which bench/warmup.sh shows lasts about 10 s; this
# script loads each contender for WARM seconds before measuring SECS under the same load, alternates the contenders for
# ROUNDS rounds, and prints every run with the server's CPU per request (utime+stime over the requests wrk counted),
# then each contender's medians; CPU is also split into user and system time.
#
# A contender is capstan:NAME (the data directory BENCH_OUT/data/NAME that bench/run.sh prepared, served by
# BENCH_OUT/capstan/capstan or by $CAPSTAN, over REST), h2load:NAME (the same over gRPC: ModelInfer with typed
# contents from h2load, 32 streams on one connection, ROWS 1 only; h2load gives no percentiles), binary:NAME (the same
# over REST with the binary tensor data extension both ways, as Triton's HTTP client sends by default: the features as
# little-endian FP32 after the JSON, binary_data_output true) or peer:NAME (ort, mlnet or noop, built by bench/run.sh).
# NAME@PATH serves with the capstan at PATH instead, to compare two builds (capstan:onnx@/tmp/before/capstan).
# Default: capstan:onnx peer:mlnet peer:ort. Knobs: ROUNDS (3), WARM (12), SECS (10), CONNS (32), ROWS (1).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
shared=${SHARED_BENCH:-$(cd "$here/../../shared/bench" && pwd)}
export BENCH_OUT=${BENCH_OUT:-/tmp/capstan-bench}
source "$here/lib.sh"
default_capstan=${CAPSTAN:-$BENCH_OUT/capstan/capstan}
rounds=${ROUNDS:-3} warm=${WARM:-12} secs=${SECS:-10} conns=${CONNS:-32} rows=${ROWS:-1}
[ $# -gt 0 ] || set -- capstan:onnx peer:mlnet peer:ort
runs=$(mktemp) work=$(mktemp -d)
trap 'stop; rm -rf "$runs" "$work"' EXIT

# binary_load NAME URL CONNECTIONS SECONDS ROWS HEADER: wrk posting a binary tensor data body of ROWS copies of row.txt,
# printing load.sh's line.
binary_load() {
  python3 - "$BENCH_OUT/models/row.txt" "$5" "$work/body.bin" <<'PY'
import json, struct, sys
row = [float(v) for v in open(sys.argv[1]).read().split(",")]
rows = int(sys.argv[2])
data = struct.pack("<%df" % (30 * rows), *(row * rows))
header = json.dumps({"inputs": [{"name": "Features", "shape": [rows, 30], "datatype": "FP32", "parameters": {"binary_data_size": len(data)}}],
                     "parameters": {"binary_data_output": True}}).encode()
open(sys.argv[3], "wb").write(header + data)
open(sys.argv[3] + ".length", "w").write(str(len(header)))
PY
  cat >"$work/binary.lua" <<LUA
wrk.method = "POST"
local f = io.open("$work/body.bin", "rb"); wrk.body = f:read("*a"); f:close()
wrk.headers["Content-Type"] = "application/octet-stream"
wrk.headers["Inference-Header-Content-Length"] = "$(cat "$work/body.bin.length")"
wrk.headers["${6%%:*}"] = "${6#*: }"
LUA
  local res rps
  res=$(wrk -t1 -c"$3" -d"$4s" --latency -s "$work/binary.lua" "$2" 2>&1)
  ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); print v } else { sub(/s$/, "", v); print v * 1000 } }'; }
  rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' <<<"$res")
  echo "$1 rps=${rps:-0} rows_per_s=$(awk -v r="${rps:-0}" -v n="$5" 'BEGIN { printf "%.0f", r * n }') p50_ms=$(ms "$(awk '$1 == "50%" { print $2 }' <<<"$res")") p99_ms=$(ms "$(awk '$1 == "99%" { print $2 }' <<<"$res")") non2xx=$(sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' <<<"$res" | grep . || echo 0)"
}
ticks=$(getconf CLK_TCK)
cpu() { awk '{ print $14, $15 }' "/proc/$1/stat"; } # user and system ticks
per_request() { awk -v a="$1" -v b="$2" -v t="$ticks" -v r="$rps" -v s="$secs" 'BEGIN { printf "%.1f", (b - a) / t * 1e6 / (r * s) }'; }
echo "load before: $(uptime)"
for _ in $(seq 1 "$rounds"); do
  for contender in "$@"; do
    port=$(free_port) header="X-Bench: steady"
    case $contender in
      capstan:* | binary:* | h2load:*)
        spec=${contender#*:} capstan=$default_capstan
        [[ $spec == *@* ]] && capstan=${spec#*@}
        dir=$BENCH_OUT/data/${spec%%@*}; serve "$dir" "$port"; header="x-api-key: $(cat "$dir.key")"
        [[ $contender == h2load:* ]] && header=$(cat "$dir.key") ;;
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
      elif [[ $contender == binary:* ]]; then
        binary_load "$1" "$url" "$conns" "$2" "$rows" "$header"
      else
        HEADERS=$header "$shared/load.sh" "$1" "$url" "$conns" "$2" "$rows"
      fi
    }
    load warm "$warm" >/dev/null
    read -r user_before sys_before < <(cpu "$pid")
    line=$(load "$contender" "$secs")
    read -r user_after sys_after < <(cpu "$pid")
    rps=$(sed -n 's/.* rps=\([0-9.]*\).*/\1/p' <<<"$line")
    echo "$line cpu_us_per_req=$(per_request $((user_before + sys_before)) $((user_after + sys_after))) user_us_per_req=$(per_request "$user_before" "$user_after") sys_us_per_req=$(per_request "$sys_before" "$sys_after")" | tee -a "$runs"
    stop
  done
done
echo "medians over $rounds rounds ($rows rows, $conns connections, ${warm} s warm, ${secs} s measured):"
for contender in "$@"; do
  median() { grep "^$contender " "$runs" | sed -n "s/.* $1=\([0-9][0-9.]*\).*/\1/p" | sort -g | awk '{ v[NR] = $1 } END { print (!NR ? "NA" : NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
  echo "$contender rows_per_s=$(median rows_per_s) p99_ms=$(median p99_ms) cpu_us_per_req=$(median cpu_us_per_req) user_us_per_req=$(median user_us_per_req) sys_us_per_req=$(median sys_us_per_req)"
done
echo "load after: $(uptime)"
