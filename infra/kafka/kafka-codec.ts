/** What kafkajs asks of a codec: compress an encoder's bytes, decompress a batch's records. */
export interface KafkaCodec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}
