import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends records the way a Java source system does, compressed by Kafka's own client.
 * Usage: java -cp CLASSPATH CompressedProducer.java BOOTSTRAP CODEC
 * Standard input: one record a line, "TOPIC<TAB>PARTITION<TAB>BASE64 VALUE" (PARTITION "-": the client's choice).
 * Lingers so that records sent together share a compressed batch; prints "sent N" once all are acknowledged.
 */
public class CompressedProducer {
  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, args[1]);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "200");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "16777216");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isEmpty()) continue;
        String[] parts = line.split("\t", 3);
        Integer partition = parts[1].equals("-") ? null : Integer.valueOf(parts[1]);
        byte[] value = Base64.getDecoder().decode(parts[2]);
        sent.add(producer.send(new ProducerRecord<>(parts[0], partition, null, value)));
      }
      producer.flush();
      for (Future<RecordMetadata> f : sent) f.get();
    }
    System.out.println("sent " + sent.size());
  }
}
