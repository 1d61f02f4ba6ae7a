import { z } from "zod";
import type { DataDirOwner } from "../../infra/warehouse/owner-file.ts";
import { localSecretHeader } from "../import/local-import.ts";
import { type BackupManifest, backupManifest } from "./manifest.ts";

/** The path on the data directory owner's API where `tourism backup` asks it for a backup (only the owner may open the directory). */
export const localBackupPath = "/api/local/backup";

export const localBackupBody = z.object({ destination: z.string().min(1) });

/** Asks the running owner to back its store up into `destination` (an absolute path on this machine). */
export async function ownerBackup(owner: DataDirOwner, destination: string): Promise<BackupManifest> {
  const response = await fetch(`http://127.0.0.1:${owner.port}${localBackupPath}`, {
    method: "POST",
    headers: { "content-type": "application/json", [localSecretHeader]: owner.secret },
    body: JSON.stringify({ destination }),
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = typeof body === "object" && body !== null && "error" in body ? String(body.error) : `HTTP ${response.status}`;
    throw new Error(`tourism ${owner.command} (pid ${owner.pid}) refused the backup: ${error}`);
  }
  return backupManifest.parse(body);
}
