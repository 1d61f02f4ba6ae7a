#!/usr/bin/env bash
# Starts a single-node KRaft Kafka broker (broker+controller) on 127.0.0.1 in the background.
# Jars come from Maven Central through mvn (cached in ~/.m2); nothing is downloaded by hand.
# Harmless to run again while the broker runs.
# Besides PLAINTEXT it listens as secured clusters do, for the client's SASL and TLS settings:
# SASL_PLAINTEXT (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512; user tourism, password tourism-local-secret),
# SSL, and SSL requiring a client certificate, with a CA and certificates made at first start in
# $state/tls (ca.pem, client.pem, client-key.pem).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
state=${KAFKA_STATE_DIR:-$here/.state}
port=${KAFKA_PORT:-9092}
controller_port=${KAFKA_CONTROLLER_PORT:-9093}
sasl_port=${KAFKA_SASL_PORT:-9094}
ssl_port=${KAFKA_SSL_PORT:-9095}
mtls_port=${KAFKA_MTLS_PORT:-9096}
heap=${KAFKA_HEAP:-512m}
sasl_user=tourism
sasl_password=tourism-local-secret
tls=$state/tls
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

# A CA of this broker's own, the broker's certificate for 127.0.0.1 and a client certificate, as PEM
# (Kafka reads PEM key stores, kafkajs takes PEM). Made once per state directory, never committed.
if [[ ! -s $tls/client.pem ]]; then
  mkdir -p "$tls"
  (
    cd "$tls"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=tourism local Kafka CA" \
      -keyout ca-key.pem -out ca.pem 2>/dev/null
    sign() { # name, subject, extensions
      openssl req -newkey rsa:2048 -nodes -subj "$2" -keyout "$1-key.pem" -out "$1.csr" 2>/dev/null
      openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 3650 \
        -extfile <(printf '%s\n' "$3") -out "$1.pem" 2>/dev/null
      rm "$1.csr"
    }
    sign broker "/CN=127.0.0.1" "subjectAltName=IP:127.0.0.1,DNS:localhost"
    sign client "/CN=$sasl_user" "extendedKeyUsage=clientAuth"
    cat broker-key.pem broker.pem > broker-keystore.pem
    chmod 600 ./*-key.pem broker-keystore.pem
  )
fi

cat > "$state/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port,SASL_PLAINTEXT://127.0.0.1:$sasl_port,SSL://127.0.0.1:$ssl_port,MTLS://127.0.0.1:$mtls_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port,SASL_PLAINTEXT://127.0.0.1:$sasl_port,SSL://127.0.0.1:$ssl_port,MTLS://127.0.0.1:$mtls_port
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL,MTLS:SSL
inter.broker.listener.name=PLAINTEXT
listener.name.sasl_plaintext.sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_$sasl_user="$sasl_password";
listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
ssl.keystore.type=PEM
ssl.keystore.location=$tls/broker-keystore.pem
ssl.truststore.type=PEM
ssl.truststore.location=$tls/ca.pem
listener.name.mtls.ssl.client.auth=required
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
    # SCRAM credentials live in the cluster metadata: added once through the admin API, so a state
    # directory formatted before the SASL listener existed gets them too.
    # (One mechanism per request: the tool refuses two for one user at once.)
    if [[ ! -f $state/scram-credentials.done ]]; then
      for mechanism in SCRAM-SHA-256 SCRAM-SHA-512; do
        if ! java "${java_opts[@]}" kafka.admin.ConfigCommand --bootstrap-server "127.0.0.1:$port" --alter \
          --entity-type users --entity-name "$sasl_user" \
          --add-config "$mechanism=[password=$sasl_password]" > "$state/scram.log" 2>&1 ||
          grep -q "Error while executing" "$state/scram.log"; then
          echo "kafka: could not add the $mechanism credentials; see $state/scram.log" >&2
          exit 1
        fi
      done
      touch "$state/scram-credentials.done"
    fi
    echo "kafka: ready on 127.0.0.1:$port, SASL $sasl_port, TLS $ssl_port, mutual TLS $mtls_port (pid $(cat "$state/broker.pid"), $(( $(date +%s) - started ))s)"
    exit 0
  fi
  sleep 1
done
echo "kafka: not ready after 120 s; see $state/broker.log" >&2
exit 1
