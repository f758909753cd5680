# lib.sh: helpers the bench scripts share; source it. Ports: a free pair (HTTP on P, gRPC on P+1), readiness of a
# capstan on a port, waiting for a data directory's lock (capstan.lock) to be let go by the server that used it, and
# serving and preparing data directories with the capstan at $capstan (set it before calling serve or prepare).
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { local p; while p=$((25000 + RANDOM % 5000)); ! port_free "$p" || ! port_free $((p + 1)); do :; done; echo "$p"; }
ready() { for _ in $(seq 1 240); do curl -sf -o /dev/null "http://127.0.0.1:$1/v2/health/ready" && return 0; sleep 0.5; done; return 1; }
unlocked() { for _ in $(seq 1 60); do flock -n "$1/capstan.lock" true && return 0; sleep 0.5; done; echo "$1 is still locked" >&2; return 1; }
serve() { # serve DIR PORT: starts capstan on DIR in its own process group (HTTP on PORT, gRPC on PORT+1); sets pid.
  unlocked "$1"
  setsid "$capstan" serve --urls "http://127.0.0.1:$2" --grpc-urls "http://127.0.0.1:$(($2 + 1))" --data "$1" >"$1.log" 2>&1 &
  pid=$!
  ready "$2" || { echo "capstan did not become ready on $1; see $1.log" >&2; kill -- -"$pid"; return 1; }
}
stop() { [ -n "${pid:-}" ] || return 0; kill -- -"$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=; }
prepare() { # prepare NAME MODEL FILE [deploy options]: a fresh data directory BENCH_OUT/data/NAME with FILE pushed as
  # MODEL and version 1 deployed, its admin token in NAME.admin and a predictor key made for the bench in NAME.key.
  local dir=$BENCH_OUT/data/$1 model=$2 file=$3 port
  shift 3
  [ -d "$dir" ] && unlocked "$dir"
  rm -rf "$dir" && mkdir -p "$dir"
  port=$(free_port)
  serve "$dir" "$port"
  "$capstan" push "$model" "$file" --server "http://127.0.0.1:$port" >/dev/null
  "$capstan" deploy "$model:1" "$@" --server "http://127.0.0.1:$port" >/dev/null
  "$capstan" auth token --server "http://127.0.0.1:$port" >"$dir.admin"
  "$capstan" keys create --role predictor --name bench --json --server "http://127.0.0.1:$port" | sed -n 's/.*"secret":"\([^"]*\)".*/\1/p' >"$dir.key"
  stop
}
