# lib.sh: helpers the bench scripts share; source it. Ports: a free pair (HTTP on P, gRPC on P+1), readiness of a
# capstan on a port, and waiting for a data directory's lock (capstan.lock) to be let go by the server that used it.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { local p; while p=$((25000 + RANDOM % 5000)); ! port_free "$p" || ! port_free $((p + 1)); do :; done; echo "$p"; }
ready() { for _ in $(seq 1 240); do curl -sf -o /dev/null "http://127.0.0.1:$1/v2/health/ready" && return 0; sleep 0.5; done; return 1; }
unlocked() { for _ in $(seq 1 60); do flock -n "$1/capstan.lock" true && return 0; sleep 0.5; done; echo "$1 is still locked" >&2; return 1; }
