#!/bin/bash
# warmup.sh [WINDOWS] [SECS]: how fast each server gets to its steady pace. Starts Capstan on BENCH_OUT/data/onnx
# (prepared by run.sh; authentication on) and each .NET peer in turn, puts them under single-row load at CONNS (32)
# connections from the moment they answer, and prints the requests per second of WINDOWS (12) consecutive windows of
# SECS (2) seconds each, in thousands. compare.sh measures after a 2 s warm-up, so the first windows weigh in every
# figure of run.sh; this shows how much. Extra environment for Capstan: CAPSTAN_ENV (e.g. DOTNET_TieredPGO=0);
# CAPSTAN=PATH for another build of capstan; PEERS="" for Capstan alone.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
shared=${SHARED_BENCH:-$(cd "$here/../../shared/bench" && pwd)}
export BENCH_OUT=${BENCH_OUT:-/tmp/capstan-bench}
export CAPSTAN_CREDENTIALS=$BENCH_OUT/credentials.json
windows=${1:-12} secs=${2:-2} conns=${CONNS:-32} peers=${PEERS-ort mlnet}
data=$BENCH_OUT/data/onnx capstan=${CAPSTAN:-$BENCH_OUT/capstan/capstan}

# shellcheck source=/dev/null
. "$here/lib.sh"
curve() { # curve NAME PORT [HEADER]: the windows' requests per second, in thousands
  local line="" rps
  for _ in $(seq 1 "$windows"); do
    rps=$(HEADERS=${3:-} "$shared/load.sh" x "http://127.0.0.1:$2/v2/models/bc/infer" "$conns" "$secs" 1 | sed 's/.*rps=\([0-9]*\).*/\1/')
    line="$line $((rps / 1000))k"
  done
  echo "$1:$line"
}

unlocked "$data"
port=$(free_port)
# shellcheck disable=SC2086
setsid env ${CAPSTAN_ENV:-} "$capstan" serve --urls "http://127.0.0.1:$port" --grpc-urls "http://127.0.0.1:$((port + 1))" --data "$data" >"$data.log" 2>&1 &
pid=$!
ready "$port" || { echo "capstan did not become ready; see $data.log" >&2; kill -- -"$pid"; exit 1; }
curve capstan-onnx "$port" "x-api-key: $(cat "$data.key")"
kill -- -"$pid"; wait "$pid" 2>/dev/null || true
for peer in $peers; do
  port=$(free_port)
  pid=$("$shared/peers.sh" "$peer" "$port")
  curve "$peer" "$port"
  kill -- -"$pid"; wait "$pid" 2>/dev/null || true
done
