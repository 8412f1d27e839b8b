// Large files through the Uploads API: create an upload of the file's size, send it in parts streamed from disk
// (through node:https, see streaming-fetch.ts), retrying a failed part on its own, then complete it.
import { stat } from "node:fs/promises";
import type { OpenAI } from "openai";
import type { FilePurpose } from "openai/resources/files";
import type { UploadPart } from "openai/resources/uploads/parts";
import { UPLOAD_PART_BYTES } from "../azure/limits";
import { UPLOAD_COMPLETE_PART_ID, UPLOAD_MIME_TYPE } from "../azure/wire";
import type { FoundryFile } from "./data-plane-types";
import { FoundryError } from "./errors";
import { streamedForm } from "./multipart-stream";
import type { RetryOptions } from "./retry";

export interface PartsUploadOptions {
  filename: string;
  purpose: FilePurpose;
  partBytes?: number;
  /** Per-request timeout for parts and complete. */
  timeoutMs: number;
  /** Finds the file if a complete whose answer was lost did go through. */
  recoverComplete?: () => Promise<FoundryFile | undefined>;
}

type Call = <T>(operation: () => Promise<T>, extra?: Pick<RetryOptions, "recover">) => Promise<T>;
type SentPart = UploadPart & { azure_block_id?: string };

/**
 * Parts on their way at once. The next part is sent while the service answers the one before, so the connection
 * is not idle between parts; it starts only once the previous part's body is out, so the parts still arrive in
 * order (the service then assembles them by moving its file, not copying it). Parts may be sent in parallel in
 * the Uploads API: complete's list gives their order.
 */
export const PARTS_IN_FLIGHT = 2;

/** Waits until this part's body is out (or it settled) and the part PARTS_IN_FLIGHT back has its answer. */
async function nextPartMayStart(
  sent: Promise<void>,
  part: Promise<unknown>,
  earlier: Promise<unknown> | undefined,
): Promise<void> {
  await Promise.race([sent, part]);
  await earlier;
}

/** Pure: the byte ranges (inclusive ends, as createReadStream takes them) of a file cut into parts. */
export function partRanges(size: number, partBytes: number): Array<{ start: number; end: number }> {
  if (!(partBytes > 0)) throw new Error(`part size must be positive, got ${partBytes}`);
  const ranges: Array<{ start: number; end: number }> = [];
  for (let start = 0; start < size; start += partBytes)
    ranges.push({ start, end: Math.min(size, start + partBytes) - 1 });
  return ranges;
}

/**
 * The part_ids lists to complete an upload with, in the order to try: the spec example's (`azure_block_id`, when
 * every part has one), then the parts' `id`s (OpenAI's reading).
 */
export function completeReadings(
  parts: Array<{ id: string; azure_block_id?: string }>,
): [string[], string[] | undefined] {
  const ids = parts.map((p) => p.id);
  const blocks = parts.every((p) => typeof p.azure_block_id === "string" && p.azure_block_id)
    ? parts.map((p) => p.azure_block_id!)
    : undefined;
  if (!blocks) return [ids, undefined];
  return UPLOAD_COMPLETE_PART_ID === "azure_block_id" ? [blocks, ids] : [ids, blocks];
}

export async function uploadInParts(
  client: OpenAI,
  call: Call,
  path: string,
  o: PartsUploadOptions,
): Promise<FoundryFile> {
  const { size } = await stat(path);
  const upload = await call(() =>
    client.uploads.create({
      bytes: size,
      filename: o.filename,
      purpose: o.purpose as never,
      mime_type: UPLOAD_MIME_TYPE,
    }),
  );
  const sending: Array<Promise<SentPart>> = [];
  let failed: { error: unknown } | undefined;
  try {
    for (const range of partRanges(size, o.partBytes ?? UPLOAD_PART_BYTES)) {
      if (failed) throw failed.error; // a part on its way failed while this loop waited: start no other
      // A fresh stream per attempt: a retry sends this part again, never the whole file.
      const form = streamedForm(path, range, {}, { field: "data", filename: o.filename });
      const part = call(() =>
        client.post<SentPart>(`/uploads/${upload.id}/parts`, {
          body: form.body(),
          headers: { "content-type": form.contentType, "content-length": String(form.contentLength) },
          timeout: o.timeoutMs,
        }),
      );
      part.catch((error) => (failed ??= { error })); // so a failure is seen before the next part starts
      sending.push(part);
      await nextPartMayStart(form.sent, part, sending.at(-PARTS_IN_FLIGHT));
    }
    const parts = await Promise.all(sending);
    const complete = (partIds: string[]) =>
      call(
        async () =>
          (await client.uploads.complete(upload.id, { part_ids: partIds }, { timeout: o.timeoutMs }))
            .file as unknown as FoundryFile | null,
        o.recoverComplete ? { recover: o.recoverComplete } : {},
      );
    // Either reading of part_ids (azure/wire.ts): the spec example's first, the other on a refusal of the list.
    const [first, second] = completeReadings(parts);
    const done = await complete(first).catch((error: FoundryError) => {
      if (!second || error.status !== 400 || !/part_ids|part/i.test(`${error.message} ${error.code ?? ""}`))
        throw error;
      return complete(second);
    });
    if (!done)
      throw new FoundryError({ message: `upload ${upload.id} completed without a file`, code: "uploadWithoutFile" });
    return done;
  } catch (error) {
    // No part may still be on its way (or retried) once the upload is cancelled.
    await Promise.allSettled(sending);
    // Parts of a failed upload would wait two hours for expiry; give them back now (best effort).
    await client.uploads.cancel(upload.id).catch(() => undefined);
    throw error;
  }
}
