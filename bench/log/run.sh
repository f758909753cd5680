#!/bin/bash
# log/run.sh: what the inference log costs. Serves the benchmark model (bc.onnx, batching off, the two outputs the
# peers answer with, authentication on and a predictor key, as bench/run.sh does) from two servers at once, one with
# the log off and one with it on (which data directory gets the log alternates by round), drives each with its own
# load of single-row REST requests on CONNS connections at the same time (wrk through shared load.sh, as fast as the
# servers answer; or h2load at a fixed RATE), and reads around each measured run each server's CPU time
# (utime+stime of /proc/PID/stat), managed allocations and served requests (GET /api/v1/status) and, for the one
# logging, what it wrote and dropped (GET /api/v1/logs/stats). Running both at once means both see the same load from
# everything else on the machine, which moves the figures far more than the log does on a shared machine; each round's
# on/off ratios are taken within the round, and their medians are printed: CPU per request (the issue's "at most 10%
# of single-row throughput" on a CPU-bound machine) and served requests per second (each server has about half the
# machine, so the ratio, not the level, is the figure). A run whose log dropped requests says so (dropped=), since
# dropping is cheaper than writing. Still, with other work on the machine single rounds move by tens of percent (a
# quarter to a third of a server's CPU samples are the thread pool spinning or waiting, which moves with how the
# machine schedules it, not with the work done): read
# the median of many rounds, run when `uptime` is low, and compare with PROFILE (below) and bench/log/writer (the log
# alone, in process).
#
# Knobs (environment): ROUNDS (9), SECS (10) per run, CONNS (32) per server, ROWS (1), WARMUP (10) seconds (the log's
# code runs once per batch, so it takes that long to reach its final JIT tier), RATE (unset: as fast as it goes; N:
# N requests per second per server with h2load over HTTP/1.1), PROFILE (0; SECONDS: also sample each mode with perf
# for that long, ROUNDS=0 for that alone), SAMPLING (1) for the log that is on, SKIP_BUILD=1 reuses BENCH_OUT/capstan,
# CAPSTAN=FILE measures that capstan executable instead (an older build, say), BENCH_OUT (/tmp/capstan-logbench),
# SHARED_BENCH (../shared/bench), KEEP_LOG=1 keeps each round's log, so that every logging server after the first two
# starts over a log that earlier rounds wrote (as a restarted server does, whose monitors read it at start). Needs the .NET SDK, curl, flock, wrk, and h2load for RATE and perf for PROFILE.
# About 4 minutes with the defaults; SAMPLING=0 makes both servers do the same work, to see how far the method moves.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
shared=${SHARED_BENCH:-$(cd "$repo/../shared/bench" && pwd)}
export BENCH_OUT=${BENCH_OUT:-/tmp/capstan-logbench}
export CAPSTAN_CREDENTIALS=$BENCH_OUT/credentials.json
rounds=${ROUNDS:-9} secs=${SECS:-10} conns=${CONNS:-32} rows=${ROWS:-1} warmup=${WARMUP:-10} sampling=${SAMPLING:-1}
rate=${RATE:-} profile=${PROFILE:-0} keep=${KEEP_LOG:-0}
capstan=${CAPSTAN:-$BENCH_OUT/capstan/capstan}
data=$BENCH_OUT/data
results=$BENCH_OUT/log-results.txt
echo "load before: $(uptime)"

# 1. The model (shared modelgen) and capstan, in Release.
mkdir -p "$BENCH_OUT/models" "$data"
if [ ! -f "$BENCH_OUT/models/bc.onnx" ]; then
  dotnet publish "$shared/modelgen" -c Release -o "$BENCH_OUT/modelgen" --nologo -v quiet >/dev/null
  dotnet "$BENCH_OUT/modelgen/modelgen.dll" "$shared/../data/breast_cancer.csv" "$BENCH_OUT/models" >/dev/null
fi
[ -n "${CAPSTAN:-}" ] || { [ "${SKIP_BUILD:-0}" = 1 ] && [ -x "$capstan" ]; } || dotnet publish "$repo/src/Capstan.Cli" -c Release -o "$BENCH_OUT/capstan" --nologo -v quiet >/dev/null

# shellcheck source=/dev/null
. "$here/../lib.sh"
serve() { # serve DIR PORT ENABLED: capstan on DIR in its own process group with the log on or off; prints its pid.
  unlocked "$1"
  InferenceLogOptions__Enabled=$3 InferenceLogOptions__SamplingRate=$sampling setsid "$capstan" serve \
    --urls "http://127.0.0.1:$2" --grpc-urls "http://127.0.0.1:$(($2 + 1))" --data "$1" >"$1.log" 2>&1 &
  echo $!
}
stop() { kill -- -"$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# 2. Two data directories with bc pushed and deployed (one prepared, then copied, so both hold the same keys).
if [ ! -f "$data/b.key" ]; then
  rm -rf "$data/a" "$data/b" && mkdir -p "$data/a"
  port=$(free_port)
  pid=$(serve "$data/a" "$port" false)
  ready "$port" || { echo "capstan did not become ready; see $data/a.log" >&2; stop "$pid"; exit 1; }
  "$capstan" push bc "$BENCH_OUT/models/bc.onnx" --server "http://127.0.0.1:$port" >/dev/null
  "$capstan" deploy bc:1 --outputs Probability.output,PredictedLabel.output --server "http://127.0.0.1:$port" >/dev/null
  "$capstan" auth token --server "http://127.0.0.1:$port" >"$data/a.admin"
  "$capstan" keys create --role predictor --name bench --json --server "http://127.0.0.1:$port" | sed -n 's/.*"secret":"\([^"]*\)".*/\1/p' >"$data/a.key"
  stop "$pid"
  unlocked "$data/a"
  cp -r "$data/a" "$data/b" && cp "$data/a.admin" "$data/b.admin" && cp "$data/a.key" "$data/b.key"
fi
key=$(cat "$data/a.key") admin=$(cat "$data/a.admin")

# "ALLOCATED REQUESTS" from /api/v1/status; "WRITTEN DROPPED" from /api/v1/logs/stats.
status() { curl -sf -H "x-api-key: $admin" "http://127.0.0.1:$1/api/v1/status" | sed -n 's/.*"requests":\([0-9]*\),.*"allocatedBytes":\([0-9]*\).*/\2 \1/p'; }
logstats() { curl -sf -H "x-api-key: $admin" "http://127.0.0.1:$1/api/v1/logs/stats" | sed -n 's/.*"dropped":\([0-9]*\),"written":\([0-9]*\).*/\2 \1/p'; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
body=$BENCH_OUT/log-body.json
row=$(cat "$BENCH_OUT/models/row.txt") values=$row
for ((i = 1; i < rows; i++)); do values="$values,$row"; done
echo "{\"inputs\":[{\"name\":\"Features\",\"shape\":[$rows,30],\"datatype\":\"FP32\",\"data\":[$values]}]}" >"$body"
load() { # load NAME PORT SECONDS: wrk as fast as it goes, or h2load (HTTP/1.1) at RATE requests per second
  if [ -n "$rate" ]; then
    h2load --h1 -c"$conns" --rps $(((rate + conns - 1) / conns)) -D "$3" -d "$body" -H "content-type: application/json" -H "x-api-key: $key" \
      "http://127.0.0.1:$2/v2/models/bc/infer" >/dev/null 2>&1
  else
    HEADERS="x-api-key: $key" "$shared/load.sh" "$1" "http://127.0.0.1:$2/v2/models/bc/infer" "$conns" "$3" "$rows" >/dev/null
  fi
}
line() { # line MODE TICKS STATUS0 STATUS1 LOGSTATS: one server's figures
  awk -v m="$1" -v t="$2" -v a0="$3" -v a1="$4" -v ls="$5" -v s="$secs" -v hz="$(getconf CLK_TCK)" 'BEGIN {
    split(a0, x, " "); split(a1, y, " "); n = y[2] - x[2]; split(ls, g, " ")
    printf "log=%s served_per_s=%.0f cpu_us_per_req=%.1f alloc_b_per_req=%.0f written=%d dropped=%d\n",
      m, n / s, (n > 0 ? t / hz * 1e6 / n : 0), (n > 0 ? (y[1] - x[1]) / n : 0), g[1], g[2] }'
}
round() { # round ON-DIR OFF-DIR: both servers at once, one logging
  local pon poff on off s0on s0off s1on s1off t0on t0off t1on t1off l
  pon=$(free_port); on=$(serve "$data/$1" "$pon" true)
  poff=$(free_port); while [ "$poff" = "$pon" ] || [ "$poff" = $((pon + 1)) ]; do poff=$(free_port); done
  off=$(serve "$data/$2" "$poff" false)
  ready "$pon" && ready "$poff" || { echo "capstan did not become ready; see $data/*.log" >&2; stop "$on"; stop "$off"; exit 1; }
  load warmup "$pon" "$warmup" & load warmup "$poff" "$warmup"; wait
  s0on=$(status "$pon") s0off=$(status "$poff") t0on=$(cpu_ticks "$on") t0off=$(cpu_ticks "$off")
  load on "$pon" "$secs" & load off "$poff" "$secs"; wait
  t1on=$(cpu_ticks "$on") t1off=$(cpu_ticks "$off") s1on=$(status "$pon") s1off=$(status "$poff")
  l=$(logstats "$pon")
  stop "$on"; stop "$off"
  [ "$keep" = 1 ] || rm -rf "$data/$1/inference-log"
  line off $((t1off - t0off)) "$s0off" "$s1off" "0 0"
  line on $((t1on - t0on)) "$s0on" "$s1on" "$l"
}

# 3. The rounds, then the median of each round's on/off ratios.
: >"$results"
for r in $(seq 1 "$rounds"); do
  echo "round $r/$rounds (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  if [ $((r % 2)) = 1 ]; then round b a; else round a b; fi | tee -a "$results"
done
echo "load after: $(uptime)"
[ "$rounds" -gt 0 ] && awk '
  function median(a, n,   i, j, t) { for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } }
  $1 == "log=off" { off_cpu = v["cpu_us_per_req"]; off_rps = v["served_per_s"]; off_alloc = v["alloc_b_per_req"] }
  $1 == "log=on" { n++; cpu[n] = v["cpu_us_per_req"] / off_cpu; rps[n] = v["served_per_s"] / off_rps; alloc[n] = v["alloc_b_per_req"] - off_alloc; dropped += v["dropped"] }
  END {
    printf "median of %d rounds, on/off within each: cpu_per_req=%.3f (target <= 1.10) req_per_s=%.3f (target >= 0.90) alloc_per_req=%+.0f B; dropped in all: %d\n",
      n, median(cpu, n), median(rps, n), median(alloc, n), dropped
  }' "$results"
[ "$rounds" -gt 0 ] && echo "every run: $results"

# 4. With PROFILE=SECONDS, one server at a time, log on then off, sampled by perf (cpu-clock, call stacks): the share
# of the server's CPU samples whose stack passes through the log's code (Capstan.Monitoring.InferenceLog, Parquet.Net
# and what it compresses and buffers with), and the share whose innermost frame is in the runtime (libcoreclr: the
# garbage collector, mostly) or the JIT. A share of the process's own samples hardly moves with other work on the
# machine, so this is the steadier figure where the rounds above scatter.
[ "$profile" -gt 0 ] || exit 0
command -v perf >/dev/null || { echo "PROFILE needs perf (Debian's linux-perf)"; exit 1; }
for mode in on off; do
  enabled=false; [ "$mode" = on ] && enabled=true
  port=$(free_port)
  pid=$(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 serve "$data/a" "$port" "$enabled")
  ready "$port" || { echo "capstan did not become ready; see $data/a.log" >&2; stop "$pid"; exit 1; }
  load warmup "$port" "$warmup"
  load profile "$port" $((profile + 4)) &
  sleep 2
  perf record -q -e cpu-clock -F 999 -g -p "$pid" -o "$BENCH_OUT/log-$mode.perf" -- sleep "$profile" >/dev/null 2>&1
  wait
  perf script -i "$BENCH_OUT/log-$mode.perf" 2>/dev/null | awk -v m="$mode" '
    function done() { if (!n) return; total++; if (log_) logged++; if (top ~ /libcoreclr/) rt++; if (top ~ /libclrjit/) jit++ }
    /^[^ \t]/ { done(); n = 0; log_ = 0; next }
    /^[ \t]/ { n++; if (n == 1) top = $0; if ($0 ~ /Capstan\.Monitoring\.InferenceLog|\[Parquet\]|IronCompress|[Ss]nappy|RecyclableMemoryStream/) log_ = 1 }
    END { done(); printf "log=%s samples=%d in_log_code=%.1f%% runtime=%.1f%% jit=%.1f%%\n", m, total, 100 * logged / total, 100 * rt / total, 100 * jit / total }'
  stop "$pid"
  rm -rf "$data/a/inference-log" "/tmp/perf-$pid.map" "/tmp/perfinfo-$pid.map"
done
