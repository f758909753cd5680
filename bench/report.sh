#!/bin/bash
# report.sh RESULTS [ROWS] [CONNS] [BATCH_CONNS]: prints run.sh's table from its results file (one line per run:
# "SCENARIO NAME rps=.. rows_per_s=.. p50_ms=.. p99_ms=.. non2xx=.. [alloc_b_per_req=.. cpu_us_per_req=..]"):
# medians over the rounds for every scenario and contender, then the ratios the benchmark issue sets targets for.
# Ratios are Capstan / baseline, so above 1 is better for throughput and below 1 is better for latency.
set -eu
results=$1 rows=${2:-32} conns=${3:-32} batch_conns=${4:-64}

# median SCENARIO NAME FIELD: the median of FIELD over the runs of NAME in SCENARIO, or NA.
median() {
  awk -v s="$1" -v n="$2" -v f="$3" '$1 == s && $2 == n { for (i = 3; i <= NF; i++) if (index($i, f "=") == 1) print substr($i, length(f) + 2) }' "$results" |
    sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "NA"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "NA" || b == "NA" || b == 0) print "NA"; else printf "%.2f", a / b }'; }
met() { awk -v r="$1" -v t="$2" 'BEGIN { if (r == "NA" || t == "-") print "-"; else if (substr(t, 1, 2) == ">=") print (r >= substr(t, 3) ? "yes" : "NO"); else print (r <= substr(t, 3) ? "yes" : "NO") }'; }
# best SCENARIO FIELD: the .NET peer (ort or mlnet) with the higher median FIELD.
best() { local o m; o=$(median "$1" ort "$2") m=$(median "$1" mlnet "$2"); awk -v o="$o" -v m="$m" 'BEGIN { print (o != "NA" && (m == "NA" || o + 0 > m + 0)) ? "ort" : "mlnet" }'; }
row() { # row FIGURE SCENARIO-A NAME-A SCENARIO-B NAME-B FIELD TARGET
  local a b r
  a=$(median "$2" "$3" "$6") b=$(median "$4" "$5" "$6") r=$(ratio "$a" "$b")
  printf '%-44s %-18s %10s  %-16s %10s  %6s  %-7s %s\n' "$1" "$3" "$a" "$5" "$b" "$r" "$7" "$(met "$r" "$7")"
}

n=$(awk '$1 == "rest1" && $2 == "capstan-onnx"' "$results" | wc -l)
echo
echo "== Capstan against the peers: medians of $n interleaved rounds; ratio = Capstan / baseline"
printf '%-44s %-18s %10s  %-16s %10s  %6s  %-7s %s\n' figure capstan median baseline median ratio target met
peer1=$(best rest1 rps) peerN=$(best "rest$rows" rows_per_s)
row "REST 1 row, $conns conn: req/s" rest1 capstan-onnx rest1 "$peer1" rps '>=1.00'
row "REST 1 row, $conns conn: p99 ms" rest1 capstan-onnx rest1 "$peer1" p99_ms '<=1.00'
row "REST 1 row, $conns conn, batching on: req/s" rest1 capstan-batch rest1 "$peer1" rps '>=1.00'
row "REST 1 row, $conns conn, batching on: p99 ms" rest1 capstan-batch rest1 "$peer1" p99_ms '<=1.00'
row "REST $rows rows, $conns conn: rows/s" "rest$rows" capstan-onnx "rest$rows" "$peerN" rows_per_s '>=2.00'
row "gRPC grpcload typed vs REST 1 row: req/s" rest1 capstan-grpc rest1 capstan-onnx rps '>=1.50'
row "gRPC h2load typed vs REST 1 row: req/s" rest1 h2load-grpc rest1 capstan-onnx rps '>=1.50'
row "gRPC h2load raw vs REST 1 row: req/s" rest1 h2load-grpc-raw rest1 capstan-onnx rps '>=1.50'
row "gRPC typed vs REST $rows rows (cost pass)" cost "capstan-grpc-$rows" cost "capstan-onnx-$rows" rows_per_s -
row "batching on/off 1 row, $batch_conns conn: req/s" batch capstan-batch batch capstan-onnx rps '>=1.30'
row "batching on/off 1 row, 1 conn: p50 ms" single capstan-batch single capstan-onnx p50_ms '<=1.10'
row "ML.NET runtime 1 row, $conns conn: req/s" rest1 capstan-mlnet rest1 "$peer1" rps '>=1.00'
row "ML.NET runtime 1 row, $conns conn: p99 ms" rest1 capstan-mlnet rest1 "$peer1" p99_ms '<=1.00'
row "ML.NET runtime $rows rows: rows/s" "rest$rows" capstan-mlnet "rest$rows" "$peerN" rows_per_s '>=2.00'
row "Ceiling, 1 row: best peer vs noop (no model)" rest1 "$peer1" rest1 noop rps -
row "Ceiling, $rows rows: best peer vs noop (no model)" "rest$rows" "$peerN" "rest$rows" noop rows_per_s -
row "Capstan 1 row vs noop (no model)" rest1 capstan-onnx rest1 noop rps -
row "Capstan $rows rows vs noop (no model)" "rest$rows" capstan-onnx "rest$rows" noop rows_per_s -

echo
echo "== Medians per scenario (rest1: 1 row at $conns conn; rest$rows: $rows rows at $conns conn; batch: 1 row at $batch_conns conn; single: 1 row at 1 conn)"
printf '%-8s %-16s %5s %10s %10s %8s %8s %s\n' scenario contender runs req/s rows/s p50_ms p99_ms errors
awk '$1 != "cost" { print $1, $2 }' "$results" | awk '!seen[$0]++' | while read -r s n; do
  runs=$(awk -v s="$s" -v n="$n" '$1 == s && $2 == n' "$results" | wc -l)
  errors=$(awk -v s="$s" -v n="$n" '$1 == s && $2 == n {
      bad = $0 ~ /socket_errors/ || $0 !~ /non2xx=0( |$)/
      for (i = 3; i <= NF; i++) { if ($i ~ /^rps=/) rps = substr($i, 5); if ($i ~ /^served_per_s=/) served = substr($i, 14) + 0 }
      if ($0 ~ /served_per_s=/ && served < 0.95 * rps) bad = 1
      if (bad) print }' "$results" | wc -l)
  printf '%-8s %-16s %5s %10s %10s %8s %8s %s\n' "$s" "$n" "$runs" "$(median "$s" "$n" rps)" "$(median "$s" "$n" rows_per_s)" \
    "$(median "$s" "$n" p50_ms)" "$(median "$s" "$n" p99_ms)" "$([ "$errors" = 0 ] && echo none || echo "$errors runs with errors")"
done

echo
echo "== Cost per request (one run each, scenario cost): managed bytes the server allocated (allocatedBytes of"
echo "   /api/v1/status; NA for peers) and server CPU time (utime+stime of /proc/PID/stat), both divided by the requests"
echo "   the load generator reports; gRPC rows of scenario rest1 are medians over the rounds"
printf '%-28s %6s %10s %12s %12s %10s\n' run rows req/s alloc_B/req cpu_us/req rows/batch
awk '$1 == "cost" || $2 ~ /grpc/' "$results" | awk '{ print $1, $2 }' | awk '!seen[$0]++' | while read -r s n; do
  case $n in *-"$rows") r=$rows ;; *) r=1 ;; esac
  printf '%-28s %6s %10s %12s %12s %10s\n' "$n ($s)" "$r" "$(median "$s" "$n" rps)" "$(median "$s" "$n" alloc_b_per_req)" "$(median "$s" "$n" cpu_us_per_req)" "$(median "$s" "$n" rows_per_batch)"
done
