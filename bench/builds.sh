#!/bin/bash
# builds.sh LABEL=CAPSTAN [LABEL=CAPSTAN ...]: compares what a single-row request costs the server in several builds of
# capstan, in one sitting: ROUNDS interleaved rounds, each serving BENCH_OUT/data/onnx with every build in turn under
# three loads of SECS seconds (gRPC typed and raw from h2load, 32 streams on one connection; REST from wrk, 32
# connections), then the medians per build and load of the server's CPU time and managed bytes per request served.
# A run during which other processes kept more than CLEAN cores busy (default 0.15: the machine's busy time, steal
# included, less the server's and the load generator's) is left out, since on a shared machine it measures them.
# Needs a BENCH_OUT that bench/run.sh has prepared (the data directory, its keys, the gRPC bodies); publish each build
# with `dotnet publish src/Capstan.Cli -c Release -o DIR` and pass DIR/capstan. Each line of RAW (a file, if set)
# is one run.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
shared=${SHARED_BENCH:-$(cd "$here/../../shared/bench" && pwd)}
export BENCH_OUT=${BENCH_OUT:-/tmp/capstan-bench}
export CAPSTAN_CREDENTIALS=$BENCH_OUT/credentials.json
rounds=${ROUNDS:-5} secs=${SECS:-5} clean=${CLEAN:-0.15}
data=$BENCH_OUT/data/onnx key=$(cat "$BENCH_OUT/data/onnx.key") admin=$(cat "$BENCH_OUT/data/onnx.admin")
raw=${RAW:-$(mktemp)}
: >"$raw"

# shellcheck source=/dev/null
. "$here/lib.sh"
status() { curl -sf -H "x-api-key: $admin" "http://127.0.0.1:$1/api/v1/status" | sed -n 's/.*"requests":\([0-9]*\),"batches":[0-9]*.*"allocatedBytes":\([0-9]*\).*/\2 \1/p'; }
busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
children() { awk '{ print $16 + $17 }' "/proc/$$/stat"; } # CPU ticks of this script's finished children: the load generators
load() { # load KIND PORT SECONDS
  case $1 in
    typed | raw) h2load -c1 -m32 -D"$3" -d "$BENCH_OUT/grpc-$1.bin" -H content-type:application/grpc -H te:trailers -H "x-api-key:$key" \
      "http://127.0.0.1:$(($2 + 1))/inference.GRPCInferenceService/ModelInfer" >/dev/null 2>&1 ;;
    rest) HEADERS="x-api-key: $key" "$shared/load.sh" x "http://127.0.0.1:$2/v2/models/bc/infer" 32 "$3" 1 >/dev/null ;;
  esac
}
run() { # run LABEL CAPSTAN KIND: one measured run, appended to RAW as "LABEL KIND cpu_us bytes others_cores"
  local port pid a0 a1 t0 t1 b0 b1 c0 c1
  unlocked "$data"
  port=$(free_port)
  setsid "$2" serve --urls "http://127.0.0.1:$port" --grpc-urls "http://127.0.0.1:$((port + 1))" --data "$data" >"$data.log" 2>&1 &
  pid=$!
  ready "$port"
  load "$3" "$port" 2
  a0=$(status "$port"); t0=$(awk '{ print $14 + $15 }' "/proc/$pid/stat"); b0=$(busy); c0=$(children)
  load "$3" "$port" "$secs"
  t1=$(awk '{ print $14 + $15 }' "/proc/$pid/stat"); b1=$(busy); c1=$(children); a1=$(status "$port")
  kill -- -"$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  awk -v l="$1" -v k="$3" -v a0="$a0" -v a1="$a1" -v t=$((t1 - t0)) -v b=$((b1 - b0)) -v c0="$c0" -v c1="$c1" -v s="$secs" -v hz="$(getconf CLK_TCK)" 'BEGIN {
    split(a0, x, " "); split(a1, y, " "); n = y[2] - x[2]
    printf "%s %s %.1f %.0f %.2f\n", l, k, t / hz * 1e6 / n, (y[1] - x[1]) / n, (b - t - (c1 - c0)) / hz / s }' >>"$raw"
}

echo "load before: $(uptime)"
for round in $(seq 1 "$rounds"); do
  for build in "$@"; do
    for kind in typed raw rest; do
      run "${build%%=*}" "${build#*=}" "$kind"
    done
  done
done
echo "load after: $(uptime)"
python3 - "$raw" "$clean" <<'PY'
import sys, statistics, collections
runs, dropped = collections.defaultdict(list), collections.Counter()
for line in open(sys.argv[1]):
    label, kind, cpu, bytes_, others = line.split()
    if float(others) > float(sys.argv[2]):
        dropped[label, kind] += 1
    else:
        runs[label, kind].append((float(cpu), float(bytes_)))
print(f"{'build':12} {'load':6} {'runs':>5} {'cpu_us/req':>11} {'range':>13} {'alloc_B/req':>12}")
for key in sorted(set(runs) | set(dropped)):
    kept = runs[key]
    if not kept:
        print(f"{key[0]:12} {key[1]:6} {0:>5}  all {dropped[key]} runs disturbed")
        continue
    cpu = [c for c, _ in kept]
    print(f"{key[0]:12} {key[1]:6} {len(kept):>5} {statistics.median(cpu):>11.1f} {min(cpu):>6.1f}-{max(cpu):<6.1f} {statistics.median(b for _, b in kept):>12.0f}")
PY
[ -n "${RAW:-}" ] || rm -f "$raw"
