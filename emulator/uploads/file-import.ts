// POST /files/import: the service itself GETs `content_url` and stores the bytes as a new file, which then goes
// through the usual checks. Any http(s) URL the service can reach is accepted, loopback and private addresses
// included (tests serve files on loopback): see "Differences from Azure" in emulator/README.md.
import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { FILE_IMPORT_FAILED_CODE, FILE_PURPOSES } from "../azure-facts";
import type { FileService } from "../domain/files";
import type { FileDoc } from "../domain/types";
import { dataPlaneError, invalidPayload } from "../http/errors";
import type { Blobs } from "../store/blobs";

export interface ImportBody {
  purpose?: unknown;
  filename?: unknown;
  content_url?: unknown;
}

const IDLE_TIMEOUT_MS = 60_000;

/** Pure: the body's fields, or the first problem with them. */
function parseImportBody(body: ImportBody | undefined): { purpose: string; filename: string; url: URL } {
  const { purpose, filename, content_url: contentUrl } = body ?? {};
  if (typeof purpose !== "string" || !FILE_PURPOSES.includes(purpose))
    throw invalidPayload(`purpose must be one of ${FILE_PURPOSES.join(", ")}.`, "purpose");
  if (typeof filename !== "string" || filename.length === 0) throw invalidPayload("filename is required.", "filename");
  let url: URL | undefined;
  try {
    url = typeof contentUrl === "string" ? new URL(contentUrl) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:"))
    throw invalidPayload("content_url must be an http or https URL.", "content_url");
  return { purpose, filename, url };
}

export async function importFile(
  files: FileService,
  blobs: Blobs,
  account: string,
  body: ImportBody | undefined,
  maxBytes: number,
): Promise<FileDoc> {
  const { purpose, filename, url } = parseImportBody(body);
  const tempPath = blobs.newTempPath();
  try {
    const bytes = await download(url, tempPath, maxBytes);
    return files.create({ account, tempPath, bytes, filename, purpose, expiresAfterSeconds: null });
  } catch (e) {
    fs.rmSync(tempPath, { force: true });
    throw e;
  }
}

/** Streams the URL's body to `dest`; redirects are not followed. The URL's query (a SAS token) never reaches a message. */
async function download(url: URL, dest: string, maxBytes: number): Promise<number> {
  const shown = `${url.origin}${url.pathname}`;
  const failed = (why: string) =>
    dataPlaneError(FILE_IMPORT_FAILED_CODE, `Import from ${shown} failed: ${why}.`, "content_url");
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = (url.protocol === "https:" ? https : http).get(url, { timeout: IDLE_TIMEOUT_MS }, resolve);
    req.on("timeout", () => req.destroy(new Error(`no answer within ${IDLE_TIMEOUT_MS / 1000} s`)));
    req.on("error", (e) => reject(failed(e.message)));
  });
  if (response.statusCode !== 200) {
    response.resume();
    throw failed(`GET answered ${response.statusCode}`);
  }
  let bytes = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done(
        bytes > maxBytes
          ? dataPlaneError(
              "payloadTooLarge",
              `The file at ${shown} is larger than the limit of ${maxBytes} bytes.`,
              "content_url",
            )
          : null,
        chunk,
      );
    },
  });
  try {
    await pipeline(response, count, fs.createWriteStream(dest));
  } catch (e) {
    throw (e as { status?: number }).status ? e : failed((e as Error).message);
  }
  return bytes;
}
