import { isAbsolute } from "node:path";
import type { FastifyInstance } from "fastify";
import { UsageError } from "../../infra/cli/runtime.ts";
import { localBackupBody, localBackupPath } from "../../ingest/backup/local-backup.ts";
import type { BackupManifest } from "../../ingest/backup/manifest.ts";

/** Backs the owner's store up into a destination on this machine. */
export type BackUp = (destination: string) => Promise<BackupManifest>;

/** POST /api/local/backup: the local command line (the owner's secret, loopback) only; the answer is the backup's manifest. */
export function localBackupRoute(app: FastifyInstance, backUp: BackUp): void {
  app.post(localBackupPath, { config: { local: true } }, async (request, reply) => {
    const body = localBackupBody.safeParse(request.body);
    if (!body.success || !isAbsolute(body.data.destination)) return reply.code(400).send({ error: "destination: an absolute path" });
    try {
      return await backUp(body.data.destination);
    } catch (err) {
      if (err instanceof UsageError) return reply.code(400).send({ error: err.message });
      throw err;
    }
  });
}
