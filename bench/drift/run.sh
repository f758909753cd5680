#!/bin/sh
# Times drift of 100,000 rows x 100 numeric features against a stored profile (median of 5 runs) and prints the ratio to 2 s.
# With --log, times the whole evaluation from an inference log of ROWS one-row requests instead (read, decode, test).
# Usage: bench/drift/run.sh [ROWS] [FEATURES] [--log]
set -e
cd "$(dirname "$0")"
dotnet run -c Release --project drift.csproj -- "$@"
