#!/bin/sh
# Times storing ROWS labels in SQLite and computing realized performance over ROWS logged predictions (median of 5 reports).
# Usage: bench/performance/run.sh [ROWS]
set -e
cd "$(dirname "$0")"
dotnet run -c Release --project performance.csproj -- "$@"
