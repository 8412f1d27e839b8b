// Byte storage in the data directory. Paths are built only from ids the service generated itself (checked
// against their pattern here), never from client-supplied names.

import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

const SAFE_ID = /^(file|ftchkpt)-[0-9a-f]{32}$/;

export class Blobs {
  readonly filesDir: string;
  readonly weightsDir: string;
  readonly tmpDir: string;

  constructor(dataDir: string) {
    this.filesDir = path.join(dataDir, "files");
    this.weightsDir = path.join(dataDir, "weights");
    this.tmpDir = path.join(dataDir, "tmp");
    for (const d of [this.filesDir, this.weightsDir, this.tmpDir]) fs.mkdirSync(d, { recursive: true });
    // Leftovers of uploads interrupted by a crash belong to no file record.
    for (const f of fs.readdirSync(this.tmpDir)) fs.rmSync(path.join(this.tmpDir, f), { force: true });
  }

  filePath(fileId: string): string {
    return path.join(this.filesDir, checked(fileId));
  }
  weightsPath(checkpointId: string): string {
    return path.join(this.weightsDir, `${checked(checkpointId)}.bin`);
  }
  newTempPath(): string {
    return path.join(this.tmpDir, `${randomBytes(12).toString("hex")}.part`);
  }
  /** Writes via a temp file and rename, so a crash never leaves half a blob under its final name. */
  writeAtomic(finalPath: string, bytes: Buffer | string): void {
    const tmp = this.newTempPath();
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, finalPath);
  }
}

function checked(id: string): string {
  if (!SAFE_ID.test(id)) throw new Error(`refusing to build a path from id '${id}'`);
  return id;
}
