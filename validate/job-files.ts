// Rules about the set of files a job uses, not about any one file's content.

import type { Finding, Method } from "./types";

export function checkJobFiles(job: { method: Method; trainingFile: string; validationFile?: string }): Finding[] {
  if (job.method === "reinforcement" && !job.validationFile) {
    return [
      {
        file: job.trainingFile,
        line: 0,
        rule: "rft.validation_required",
        severity: "error",
        message: "reinforcement fine-tuning needs a validation file",
      },
    ];
  }
  return [];
}
