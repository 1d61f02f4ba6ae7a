#!/usr/bin/env bash
# Stops the broker started by up.sh, by its recorded pid. Harmless when it is not running.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
state=${KAFKA_STATE_DIR:-$here/.state}
pidfile=$state/broker.pid
if [[ ! -f $pidfile ]] || ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  echo "kafka: not running"; rm -f "$pidfile"; exit 0
fi
pid=$(cat "$pidfile")
kill "$pid"
for _ in $(seq 1 60); do
  kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; echo "kafka: stopped"; exit 0; }
  sleep 0.5
done
kill -9 "$pid" 2>/dev/null || true
rm -f "$pidfile"
echo "kafka: killed after 30 s"
