#!/usr/bin/env bash
# Runs a benchmark suite and its Django Channels peer in one go, one after the other, so both
# sides see the same machine. Usage: channels-bench/bench.sh memory|redis|rabbitmq|ws|cluster|presence|huge-group [quick] [options]
#   memory  codec and in-memory layer (JMH), then Django's InMemoryChannelLayer
#   redis   Redis layer against channels_redis, every workload in separate processes
#   rabbitmq RabbitMQ layer against the Redis layer and the plain RabbitMQ client (the floor),
#           every workload in separate processes; needs rabbitmqctl (a virtual host of its own)
#   ws      end to end over WebSockets: the sample app (in memory, and a Redis pair), a
#           hand-written Spring WebSocket room (alone, and a pair over Redis pub/sub) and the
#           Django tutorial chat on two daphnes with channels_redis, under one chat load; options
#           go to dev.channels.bench.ws.WsBench (see BenchOptions), e.g.
#           --servers=ours-memory,handwritten --runs=5
#           --ours-args="--channels.websocket.max-queued-messages=1000000"
#   cluster the Redis layer on a 3-master Redis Cluster against one Redis, same run: point to
#           point, fan-out, group sends to many groups; script calls per master and connections
#           per node (cluster_bench.py; starts and stops its own servers)
#   presence  groupSize and the first page of presence at 10, 10,000 and 100,000 members on
#           Redis, and what presence adds to a join, beside a PING round trip (PresenceProbe)
#   huge-group  group sends to a group of 100,000 bogus members on a Redis of its own: script
#           calls and the longest command per send (HugeGroupProbe)
#   quick   shorter runs, for a smoke check; figures in docs/ come from full runs
set -euo pipefail
cd "$(dirname "$0")/.."

suite=${1:-memory}
shift || true
mode=full
if [ "${1:-}" = quick ]; then
  mode=quick
  shift
fi
if [ "$mode" = quick ]; then
  jmh_args=(-f 1 -wi 2 -w 2s -i 3 -r 2s)
  peer_seconds=3
else
  jmh_args=(-f 2 -wi 3 -w 3s -i 5 -r 3s)
  peer_seconds=10
fi

modules=channels-bench
[ "$suite" = ws ] && modules=channels-sample-app,channels-bench   # ws runs the sample app's jar
./mvnw -q -pl "$modules" -am package -DskipTests
jar=channels-bench/target/benchmarks.jar
python=/usr/bin/python3   # Debian's, which sees python3-channels; a pyenv python3 does not

echo "== machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(date -u +%F)"
case "$suite" in
  memory)
    java -jar "$jar" "${jmh_args[@]}" 'dev.channels.bench.CodecBenchmark|dev.channels.bench.memory'
    echo "== peer: Django Channels InMemoryChannelLayer"
    "$python" channels-bench/peers/django_inmemory.py "$peer_seconds"
    ;;
  cluster)
    echo "== commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . || echo ' (uncommitted changes)'), Redis $(redis-server --version | grep -o 'v=[0-9.]*' | cut -d= -f2)"
    quick=()
    [ "$mode" = quick ] && quick=(--quick)
    "$python" channels-bench/cluster_bench.py "${quick[@]}"
    ;;
  presence)
    java -cp "$jar" dev.channels.bench.redis.PresenceProbe "${REDIS_URL:-redis://127.0.0.1:6379/0}"
    ;;
  huge-group)
    # A Redis of the probe's own: it resets SLOWLOG and the command statistics.
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    redis-server --port "$port" --save '' --appendonly no --daemonize yes --pidfile "/tmp/huge-group-$port.pid" >/dev/null
    trap 'redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true' EXIT
    until redis-cli -p "$port" ping >/dev/null 2>&1; do sleep 0.1; done
    echo "== Redis $(redis-cli -p "$port" info server | grep -o 'redis_version:[0-9.]*' | cut -d: -f2), commit $(git rev-parse --short HEAD)"
    java -cp "$jar" dev.channels.bench.redis.HugeGroupProbe "redis://127.0.0.1:$port/0"
    ;;
  redis)
    # Spring's Redis layer and channels_redis (both layers), same workloads, same Redis.
    quick=()
    [ "$mode" = quick ] && quick=(--quick)
    "$python" channels-bench/redis_bench.py "${quick[@]}"
    ;;
  rabbitmq)
    # Spring's RabbitMQ layer, its Redis layer and the plain RabbitMQ client, same workloads.
    echo "== commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . || echo ' (uncommitted changes)')"
    echo "== RabbitMQ $(rabbitmqctl -q version 2>/dev/null), Redis $(redis-cli info server 2>/dev/null | grep -o 'redis_version:[0-9.]*' | cut -d: -f2)"
    quick=()
    [ "$mode" = quick ] && quick=(--quick)
    "$python" channels-bench/rabbitmq_bench.py "${quick[@]}"
    ;;
  ws)
    # The harness stops what it starts when it exits; it also lists their pids in this file so
    # that this trap can stop them if the harness is killed outright.
    pids=channels-bench/target/ws-bench/pids
    stop_listed() {
      [ -f "$pids" ] || return 0
      while read -r pid; do
        kill "$pid" 2>/dev/null || true
      done < "$pids"
    }
    trap stop_listed EXIT
    echo "== commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . || echo ' (uncommitted changes)')"
    quick=()
    [ "$mode" = quick ] && quick=(--runs=1 --messages=50 --quiet-ms=2000)
    # In the background and waited for, so that a signal to this script is handled at once (bash
    # runs traps only between commands): the harness gets SIGTERM and its shutdown hook stops the
    # servers; whatever is left is the EXIT trap's.
    java -cp "$jar" dev.channels.bench.ws.WsBench --python="$python" "${quick[@]}" "$@" &
    harness=$!
    trap 'kill "$harness" 2>/dev/null; wait "$harness"; exit 130' INT TERM
    wait "$harness"
    ;;
  *)
    echo "unknown suite '$suite'; use: memory, redis, rabbitmq or ws" >&2
    exit 2
    ;;

esac
