// npm run validate -- <files...> [--method supervised|dpo|reinforcement] [--model X] [--purpose training|validation]
//                                [--epochs N|auto] [--no-tokens]
// Prints findings as `file:line: severity rule: message`, then a summary; exits 1 when any error is found.

import { UPLOADS_API_MAX_BYTES } from "../azure/limits";
import {
  countBySeverity,
  estimateTraining,
  formatEstimate,
  formatFinding,
  type Method,
  type Purpose,
  validateFile,
} from "../validate";

const USAGE =
  "usage: npm run validate -- <files...> [--method supervised|dpo|reinforcement] [--model <base model>] [--purpose training|validation] [--epochs N|auto] [--no-tokens]";
const METHODS = ["supervised", "dpo", "reinforcement"];
const PURPOSES = ["training", "validation"];

interface Args {
  files: string[];
  method: Method;
  model: string;
  purpose: Purpose;
  epochs: number | "auto";
  tokens: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    files: [],
    method: "supervised",
    model: "gpt-4.1-mini-2025-04-14",
    purpose: "training",
    epochs: "auto",
    tokens: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--method") {
      const v = value();
      if (!METHODS.includes(v)) throw new Error(`--method must be one of ${METHODS.join(", ")}`);
      args.method = v as Method;
    } else if (a === "--model") args.model = value();
    else if (a === "--purpose") {
      const v = value();
      if (!PURPOSES.includes(v)) throw new Error(`--purpose must be one of ${PURPOSES.join(", ")}`);
      args.purpose = v as Purpose;
    } else if (a === "--epochs") {
      const v = value();
      args.epochs = v === "auto" ? "auto" : Number(v);
    } else if (a === "--no-tokens") args.tokens = false;
    else if (a === "--help" || a === "-h") throw new Error(USAGE);
    else if (a.startsWith("--")) throw new Error(`unknown option ${a}`);
    else args.files.push(a);
  }
  if (args.files.length === 0) throw new Error("no files given");
  return args;
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  let errors = 0;
  let warnings = 0;
  for (const file of args.files) {
    let result: Awaited<ReturnType<typeof validateFile>>;
    try {
      // The program sends files over the Files API's 512 MB through the Uploads API: its limit is the one that counts.
      result = await validateFile(file, {
        purpose: args.purpose,
        method: args.method,
        baseModel: args.model,
        tokens: args.tokens,
        maxFileBytes: UPLOADS_API_MAX_BYTES,
      });
    } catch (err) {
      console.error(`${file}: cannot read: ${(err as Error).message}`);
      errors++;
      continue;
    }
    for (const f of result.findings) console.log(formatFinding(f));
    const n = countBySeverity(result.findings);
    errors += n.error;
    warnings += n.warning;
    const s = result.stats;
    const t = s.tokens;
    const tokens = t ? `, tokens/example min ${t.min} mean ${t.mean} max ${t.max}, ${t.overLimit} over ${t.limit}` : "";
    console.log(
      `${file}: ${s.examples} examples, ${s.bytes} bytes${tokens}; ${n.error} errors, ${n.warning} warnings, ${n.info} info`,
    );
    if (t && args.purpose === "training" && n.error === 0) {
      console.log(
        `${file}: ${formatEstimate(estimateTraining({ stats: s, baseModel: args.model, nEpochs: args.epochs }))}`,
      );
    }
  }
  console.log(`${args.files.length} file(s): ${errors} errors, ${warnings} warnings`);
  return errors > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
