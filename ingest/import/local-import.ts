import { z } from "zod";
import type { DataDirOwner } from "../../infra/warehouse/owner-file.ts";
import { type EventKind, eventKinds } from "../kinds/registry.ts";
import type { IngestOutcome, MessageIngestor } from "../pipeline/ingest-messages.ts";

/** The path on the data directory owner's API where `tourism import` hands over its lines. */
export const localImportPath = "/api/local/import";
/** The header that carries the owner's secret; never `Authorization`, so no bearer token can stand in for it. */
export const localSecretHeader = "x-tourism-local-secret";

/** One write's worth of import lines or dead letters, as the command read them (their source names each in a rejection). */
export const localImportBody = z.object({
  messages: z.array(
    z.object({
      text: z.string(),
      // Import lines come from files; replayed dead letters from their Kafka topic, with its kind.
      source: z.object({ kind: z.enum(["file", "kafka"]), name: z.string(), partition: z.number().int(), position: z.number().int() }),
      expected: z.enum(Object.keys(eventKinds) as [EventKind, ...EventKind[]]).optional(),
      invalid: z.string().optional(),
    }),
  ),
});

/** The ingest path of the process that owns the data directory, reached over its loopback API. */
export function ownerIngestor(owner: DataDirOwner): MessageIngestor {
  return {
    async ingest(messages) {
      const response = await fetch(`http://127.0.0.1:${owner.port}${localImportPath}`, {
        method: "POST",
        headers: { "content-type": "application/json", [localSecretHeader]: owner.secret },
        body: JSON.stringify({ messages }),
      });
      if (!response.ok) throw new Error(`tourism ${owner.command} (pid ${owner.pid}) refused the import: ${response.status} ${await response.text()}`);
      return (await response.json()) as IngestOutcome;
    },
  };
}
