// Composition root: stack config -> resources -> outputs. See README.md and resources/stack.ts.
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "./resources/config";
import { DatasetError } from "./resources/dataset-plan";
import { declareStack, readStackConfig } from "./resources/stack";

export = async () => {
  try {
    const config = readStackConfig();
    const models = await declareStack(__dirname, config);
    return { target: config.target, account: config.account.name, models };
  } catch (error) {
    // Bad config or data is the user's to fix: show the message, not a stack trace.
    if (error instanceof ConfigError || error instanceof DatasetError) throw new pulumi.RunError(error.message);
    throw error;
  }
};
