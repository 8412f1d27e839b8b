// A dataset named by URL instead of a path: the service imports it (Files_Import), so the program never reads
// its bytes unless asked to validate them. Pure: the config shape, what identifies the data, how it is shown.
import { z } from "zod";
import { sha256Hex } from "../resources/shared/stable-json";

export const remoteDatasetSchema = z
  .object({
    /** Where the service GETs the file (a SAS URL of a blob, or any URL it can reach). */
    url: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//i.test(u), "must be an http or https URL"),
    /** The sha256 of the file's bytes, if you know it: then it, not the URL, is the data's identity. */
    sha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex digits")
      .transform((s) => s.toLowerCase())
      .optional(),
    /** Download the file at preview time and run the validator on it (and check `sha256` if given). */
    validate: z.boolean().default(false),
  })
  .strict();

export type RemoteDataset = z.infer<typeof remoteDatasetSchema>;

export const isRemote = (source: string | RemoteDataset): source is RemoteDataset => typeof source === "object";

/**
 * The data's identity, which replaces the file (and retrains its jobs) when it changes: the pinned sha256, else
 * the URL itself (hashed, so a SAS token in it does not reach the state in clear). Without a pin, other bytes
 * at the same URL go unnoticed, and a new URL (a new SAS token) for the same bytes re-imports.
 */
export function remoteIdentity(dataset: Pick<RemoteDataset, "url" | "sha256">): string {
  return dataset.sha256 ?? `url-${sha256Hex(dataset.url)}`;
}

/** The URL without its query and fragment (a SAS token is a credential): what logs, previews and state show. */
export function displayUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}
