// FineTuningJob: submit (idempotently), follow, and record a fine-tuning job and its results. The CRUD table;
// the create body and identity (./create-body.ts), finding the job (./find-job.ts), following it (./follow.ts)
// and its results (./results.ts) are beside it.
import type { ResourceProvider } from "@pulumi/pulumi/dynamic";
import { isTerminalJobStatus } from "../../foundry/data-plane-types";
import { connectTo } from "../provider-runtime/connection";
import { engineLog } from "../provider-runtime/engine-log";
import { ResourceInitError } from "../provider-runtime/errors";
import { hostedProvider, recordedState, vanished } from "../provider-runtime/hosted-provider";
import { withDeclaredOutputs } from "../shared/declared-outputs";
import { diffJob, type JobInputs, type JobOutputs, keepRecordedTier, retiredTrainingProblem } from "./contract";
import { findOrCreate, lookupReuse } from "./find-job";
import { settle } from "./follow";
import { jobTag } from "./identity";
import { baseOutputs, failedJobMessage, recordedOutputs } from "./outputs";
import { collectResults, reassessQuality } from "./results";
import { reuseMessage } from "./reuse";

export const provider: ResourceProvider<JobInputs, JobOutputs> = hostedProvider<JobInputs, JobOutputs>({
  async check(olds: Partial<JobOutputs>, news: JobInputs) {
    const { reuse: _stale, ...rest } = news;
    const inputs = keepRecordedTier(olds as Partial<JobInputs> | undefined, rest as JobInputs);
    const retired = retiredTrainingProblem(olds as Partial<JobInputs> | undefined, inputs);
    if (retired) return { inputs, failures: [{ property: "baseModel", reason: retired }] };
    const reuse = await lookupReuse(olds, inputs);
    return { inputs: { ...inputs, ...(reuse ? { reuse } : {}) } };
  },

  async diff(_id, olds: JobOutputs, news: JobInputs) {
    const { reasons, ...result } = diffJob(olds, news);
    if (result.replaces!.length > 0) {
      const reuse = news.reuse
        ? `; ${reuseMessage(news.modelName, news.reuse).replace(`${news.modelName}: `, "")}`
        : "";
      await engineLog("info", `${news.modelName} retrains: ${reasons.join("; ")}${reuse}`, news.resourceUrn);
    }
    return result;
  },

  async create(inputs: JobInputs) {
    const { data } = await connectTo(inputs.target);
    const tag = jobTag(inputs.stack, inputs.resourceName, inputs);
    const { job, reused } = await findOrCreate(data, inputs, tag);
    const reuse = { reused, reusedFrom: reused ? job.id : null };
    const outs = await settle(data, inputs, job, tag, reused).catch((error) => {
      if (error instanceof ResourceInitError) throw error;
      throw new ResourceInitError(`job ${job.id}: ${(error as Error).message}`, job.id, {
        ...baseOutputs(inputs, job, tag),
        ...reuse,
      });
    });
    return { id: job.id, outs: { ...outs, ...reuse } };
  },

  async read(id: string, state?: JobOutputs) {
    const props = recordedState(state);
    const { data } = await connectTo(props.target);
    const job = await data.getJob(id);
    if (!job) return vanished();
    const wasDone = props.status === "succeeded";
    let outs = { ...props, ...baseOutputs(props, job, props.tag) };
    if (job.status === "succeeded" && !wasDone) outs = await collectResults(data, props, job, outs);
    return { id, props: outs };
  },

  async update(id: string, olds: JobOutputs, news: JobInputs) {
    const { data } = await connectTo(news.target);
    if (isTerminalJobStatus(olds.status)) {
      if (olds.status !== "succeeded") {
        throw new ResourceInitError(failedJobMessage(id, olds.status, olds.error), id, {
          ...olds,
          ...news,
          status: olds.status,
        });
      }
      const outs = recordedOutputs(olds, news);
      return { outs: withDeclaredOutputs("fine-tuning-job", { ...outs, ...reassessQuality(olds, outs) }) };
    }
    const job = await data.getJob(id);
    if (!job) throw new Error(`fine-tuning job ${id} no longer exists on the service; run \`pulumi refresh\``);
    return {
      outs: {
        ...(await settle(data, news, job, olds.tag)),
        reused: olds.reused ?? false,
        reusedFrom: olds.reusedFrom ?? null,
      },
    };
  },

  async delete(id: string, props: JobOutputs) {
    const { data } = await connectTo(props.target);
    const job = await data.getJob(id);
    // Only a job this resource submitted is cancelled: a reused one is another resource's (and succeeded anyway).
    if (job && !isTerminalJobStatus(job.status) && !props.reused) {
      await data.cancelJob(id);
      await engineLog("info", `cancelled job ${id} (${job.status})`, props.resourceUrn);
    }
    if (props.fineTunedModel) {
      // Azure has no call that deletes a fine-tuned model (portal only): a destroy always keeps it.
      await engineLog(
        "info",
        `kept the model ${props.fineTunedModel}: the service has no API to delete a fine-tuned model (the Foundry portal can)`,
        props.resourceUrn,
      );
    }
  },
});
