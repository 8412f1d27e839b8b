// TrainingFile: a JSONL file on the service, identified by the sha256 of its bytes.
import path from "node:path";
import type { ResourceProvider } from "@pulumi/pulumi/dynamic";
import { KeyedMutex } from "../../foundry/account-lock";
import { uploadName } from "../../foundry/upload-name";
import { hashFile } from "../../validate/scan";
import { connectTo } from "../provider-runtime/connection";
import { engineLog } from "../provider-runtime/engine-log";
import { hostedProvider, recordedState, vanished } from "../provider-runtime/hosted-provider";
import { targetIdentity } from "../shared/target-inputs";
import {
  diffTrainingFile,
  jobUsingFile,
  sameBytesOnAccount,
  type TrainingFileInputs,
  type TrainingFileOutputs,
} from "./contract";

/**
 * Models that share a dataset declare a TrainingFile each, and `up` creates them at once: one look-then-upload
 * at a time per account and bytes, so the first uploads and the others find its copy (one file, not one per model).
 */
const sameBytes = new KeyedMutex();
const oneCopyOfTheBytes = <T>(inputs: TrainingFileInputs, work: () => Promise<T>): Promise<T> =>
  sameBytes.run(`${targetIdentity(inputs.target)}|${inputs.sha256}`, work);

export const provider: ResourceProvider<TrainingFileInputs, TrainingFileOutputs> = hostedProvider<
  TrainingFileInputs,
  TrainingFileOutputs
>({
  async check(_olds, news) {
    return { inputs: news };
  },

  async diff(_id, olds: TrainingFileOutputs, news: TrainingFileInputs) {
    return diffTrainingFile(olds, news);
  },

  async create(inputs: TrainingFileInputs) {
    if (inputs.contentUrl) return importFromUrl(inputs);
    const file = path.resolve(process.cwd(), inputs.path);
    // The preview hashed this file; refuse to upload other bytes than the ones reviewed.
    const { sha256 } = await hashFile(file);
    if (sha256 !== inputs.sha256) {
      throw new Error(
        `${inputs.path}: changed since the preview (sha256 ${inputs.sha256.slice(0, 8)} -> ${sha256.slice(0, 8)}); run the update again`,
      );
    }
    const { data } = await connectTo(inputs.target);
    // The same bytes already on the account (an interrupted update, a renamed model, another stack): reuse them.
    const filename = uploadName(inputs);
    const { earlier, uploaded } = await oneCopyOfTheBytes(inputs, async () => {
      const earlier = sameBytesOnAccount(await data.listFiles(inputs.purpose), inputs);
      return {
        earlier,
        uploaded: earlier ?? (await data.uploadFile(file, inputs.purpose, { filename, ...uploadTuning(process.env) })),
      };
    });
    await engineLog(
      "info",
      earlier
        ? `reusing ${earlier.id} (${inputs.path}): the same bytes are already on the account, nothing uploaded`
        : `uploaded ${inputs.path} as ${uploaded.id} (${inputs.examples ?? "?"} examples, ${inputs.bytes ?? "?"} bytes)`,
      inputs.resourceUrn,
    );
    return processedFile(data, inputs, uploaded.id, earlier !== undefined);
  },

  async read(id: string, state?: TrainingFileOutputs) {
    const props = recordedState(state);
    const { data } = await connectTo(props.target);
    const file = await data.getFile(id);
    if (!file || file.status === "deleted") return vanished();
    return { id, props: { ...props, status: file.status } };
  },

  async update(_id, olds: TrainingFileOutputs, news: TrainingFileInputs) {
    // Only retention changes in place: bookkeeping, no service call.
    return { outs: { ...news, fileId: olds.fileId, status: olds.status, reused: olds.reused ?? false } };
  },

  async delete(id: string, props: TrainingFileOutputs) {
    if (props.retainOnDelete) return;
    const { data } = await connectTo(props.target);
    // Other resources and stacks share the bytes (see create): a file a job trained on stays, as the record that
    // lets a later `up` of the same training reuse it instead of paying again (fine-tuning-job/reuse.ts).
    const user = jobUsingFile(await data.listAllJobs(), id);
    if (user) {
      await engineLog(
        "info",
        `kept ${id} (${props.path}): job ${user.id} (${user.status}) trained on it, so the same training is reused, not paid again`,
        props.resourceUrn,
      );
      return;
    }
    await data.deleteFile(id);
  },
});

/**
 * Test knobs (environment of the provider process): the size above which files go through the Uploads API
 * (default: the Files API limit, 512 MB) and the part size, so a test can push a small file through parts.
 */
export function uploadTuning(env: Record<string, string | undefined>): {
  partsAboveBytes?: number;
  partBytes?: number;
} {
  const num = (value: string | undefined) => (value && Number(value) > 0 ? Number(value) : undefined);
  const partsAboveBytes = num(env.FOUNDRY_UPLOAD_PARTS_ABOVE_BYTES);
  const partBytes = num(env.FOUNDRY_UPLOAD_PART_BYTES);
  return { ...(partsAboveBytes ? { partsAboveBytes } : {}), ...(partBytes ? { partBytes } : {}) };
}

/** Data named by URL: the service fetches it (nothing is downloaded here); an earlier import is adopted. */
async function importFromUrl(inputs: TrainingFileInputs): Promise<{ id: string; outs: TrainingFileOutputs }> {
  const { data } = await connectTo(inputs.target);
  const filename = uploadName(inputs);
  const { earlier, imported } = await oneCopyOfTheBytes(inputs, async () => {
    const earlier = sameBytesOnAccount(await data.listFiles(inputs.purpose), inputs);
    return { earlier, imported: earlier ?? (await data.importFile(inputs.contentUrl!, filename, inputs.purpose)) };
  });
  await engineLog(
    "info",
    earlier
      ? `reusing ${earlier.id} (${inputs.path}): the same data is already on the account, nothing imported`
      : `the service imported ${inputs.path} as ${imported.id}`,
    inputs.resourceUrn,
  );
  return processedFile(data, inputs, imported.id, earlier !== undefined);
}

/** Waits for the service's checks; a rejected file is deleted, and the error says why. */
async function processedFile(
  data: Awaited<ReturnType<typeof connectTo>>["data"],
  inputs: TrainingFileInputs,
  id: string,
  reused = false,
) {
  const processed = await data.waitForFile(id).catch(async (error: Error) => {
    await data.deleteFile(id).catch(() => undefined);
    throw new Error(`${inputs.path}: the service rejected the file: ${error.message}`);
  });
  const outs: TrainingFileOutputs = { ...inputs, fileId: processed.id, status: processed.status, reused };
  return { id: processed.id, outs };
}
