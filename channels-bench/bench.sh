#!/usr/bin/env bash
# Runs a benchmark suite and its Django Channels peer in one go, one after the other, so both
# sides see the same machine. Usage: channels-bench/bench.sh memory [quick]
#   memory  codec and in-memory layer (JMH), then Django's InMemoryChannelLayer
#   redis   Redis layer against channels_redis, every workload in separate processes
#   quick   shorter runs, for a smoke check; figures in docs/ come from full runs
set -euo pipefail
cd "$(dirname "$0")/.."

suite=${1:-memory}
mode=${2:-full}
if [ "$mode" = quick ]; then
  jmh_args=(-f 1 -wi 2 -w 2s -i 3 -r 2s)
  peer_seconds=3
else
  jmh_args=(-f 2 -wi 3 -w 3s -i 5 -r 3s)
  peer_seconds=10
fi

./mvnw -q -pl channels-bench -am package -DskipTests
jar=channels-bench/target/benchmarks.jar
python=/usr/bin/python3   # Debian's, which sees python3-channels; a pyenv python3 does not

echo "== machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(date -u +%F)"
case "$suite" in
  memory)
    java -jar "$jar" "${jmh_args[@]}" 'dev.channels.bench.CodecBenchmark|dev.channels.bench.memory'
    echo "== peer: Django Channels InMemoryChannelLayer"
    "$python" channels-bench/peers/django_inmemory.py "$peer_seconds"
    ;;
  redis)
    # Spring's Redis layer and channels_redis (both layers), same workloads, same Redis.
    quick=()
    [ "$mode" = quick ] && quick=(--quick)
    "$python" channels-bench/redis_bench.py "${quick[@]}"
    ;;
  *)
    echo "unknown suite '$suite'; use: memory or redis" >&2
    exit 2
    ;;

esac
