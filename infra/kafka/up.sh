#!/usr/bin/env bash
# Starts a single-node KRaft Kafka broker (broker+controller) on 127.0.0.1 in the background.
# Jars come from Maven Central through mvn (cached in ~/.m2); nothing is downloaded by hand.
# Harmless to run again while the broker runs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
state=${KAFKA_STATE_DIR:-$here/.state}
port=${KAFKA_PORT:-9092}
controller_port=${KAFKA_CONTROLLER_PORT:-9093}
heap=${KAFKA_HEAP:-512m}
mkdir -p "$state"

if [[ -f $state/broker.pid ]] && kill -0 "$(cat "$state/broker.pid")" 2>/dev/null; then
  echo "kafka: already running (pid $(cat "$state/broker.pid")) on 127.0.0.1:$port"
  exit 0
fi

started=$(date +%s)
if [[ ! -s $state/classpath.txt || $here/pom.xml -nt $state/classpath.txt ]]; then
  echo "kafka: resolving broker jars with Maven (first run downloads them into ~/.m2)"
  mvn -q -B -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$state/classpath.txt"
fi
classpath=$(cat "$state/classpath.txt")

cat > "$state/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$state/data
num.partitions=4
offsets.topic.replication.factor=1
offsets.topic.num.partitions=8
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
message.max.bytes=16777216
PROPS

java_opts=(-Xms128m "-Xmx$heap" -XX:+UseG1GC -Djava.awt.headless=true
  "-Dlog4j2.configurationFile=$here/log4j2.yaml" -cp "$classpath")

if [[ ! -f $state/data/meta.properties ]]; then
  cluster_id=$(java "${java_opts[@]}" kafka.tools.StorageTool random-uuid)
  java "${java_opts[@]}" kafka.tools.StorageTool format --standalone \
    -t "$cluster_id" -c "$state/server.properties" > "$state/format.log"
fi

nohup java "${java_opts[@]}" kafka.Kafka "$state/server.properties" > "$state/broker.log" 2>&1 &
echo $! > "$state/broker.pid"

# Ready when the broker answers a metadata request on its listener.
for _ in $(seq 1 120); do
  if ! kill -0 "$(cat "$state/broker.pid")" 2>/dev/null; then
    echo "kafka: broker exited during start-up; last log lines:" >&2
    tail -n 30 "$state/broker.log" >&2
    exit 1
  fi
  if grep -q "Kafka Server started" "$state/broker.log" && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "kafka: ready on 127.0.0.1:$port (pid $(cat "$state/broker.pid"), $(( $(date +%s) - started ))s)"
    exit 0
  fi
  sleep 1
done
echo "kafka: not ready after 120 s; see $state/broker.log" >&2
exit 1
