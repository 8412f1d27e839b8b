// The provider behind `pulumi-resource-foundry`: the four custom resources, served by the same CRUD code as the
// dynamic resources (resources/<kind>/provider.ts), and the FineTunedModel component through construct.
import path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import type * as provider from "@pulumi/pulumi/provider";
import { provider as evaluationProvider } from "../resources/evaluation/provider";
import { provider as jobProvider } from "../resources/fine-tuning-job/provider";
import { provider as deploymentProvider } from "../resources/model-deployment/provider";
import type { TargetInputs } from "../resources/shared/target-inputs";
import { isUnknown, UNKNOWN } from "../resources/shared/unknown";
import { provider as trainingFileProvider } from "../resources/training-file/provider";
import { hashFileCached } from "../validate/cache";
import { constructFineTunedModel } from "./component";
import { configuredTarget } from "./configured-target";
import {
  type Declared,
  deploymentInputs,
  evaluationInputs,
  type Failure,
  jobInputs,
  trainingFileInputs,
} from "./contract-inputs";
import { type Imported, importDeployment, importJob } from "./imports";
import { PACKAGE_VERSION } from "./schema";
import { secretKeys, unwrapSecrets, wrapSecrets } from "./secrets";
import { parseUrn, type UrnParts } from "./urn";

interface Kind {
  crud: pulumi.dynamic.ResourceProvider;
  /** Declared inputs -> the contract's inputs (async: a file's bytes may need hashing). */
  toContract(
    urn: UrnParts,
    declared: Declared,
    target: TargetInputs,
  ): Promise<{ inputs?: object; failures: Failure[] }>;
  importById?(id: string, urn: UrnParts, configured: TargetInputs | undefined): Promise<Imported>;
  /** The inputs an import recorded (what a program declares, imports.ts) as the contract's, for check's olds. */
  recordedByImport?(urn: UrnParts, recorded: Declared, target: TargetInputs): Declared;
}

/** The sha256 a program did not give, of a file in the program's folder (the provider runs there). */
async function sha256Of(declared: Declared, key: string, given: unknown): Promise<string> {
  if (typeof given === "string" && given) return given;
  const file = declared[key];
  if (isUnknown(file)) return UNKNOWN;
  const { sha256 } = await hashFileCached(
    path.resolve(process.cwd(), String(file)),
    path.join(process.cwd(), ".cache", "validate"),
  );
  return sha256;
}

const KINDS: Record<string, Kind> = {
  "foundry:index:TrainingFile": {
    crud: trainingFileProvider,
    async toContract(urn, declared, target) {
      if (!declared.path) return { failures: [{ property: "path", reason: "path is required" }] };
      if (declared.contentUrl && !declared.sha256)
        return { failures: [{ property: "sha256", reason: "a file imported from contentUrl needs its sha256" }] };
      const sha256 = await sha256Of(declared, "path", declared.sha256).catch(() => undefined);
      if (!sha256)
        return { failures: [{ property: "path", reason: `${declared.path}: no such file in the program's folder` }] };
      return { inputs: trainingFileInputs(urn, declared, target, sha256), failures: [] };
    },
  },
  "foundry:index:FineTuningJob": {
    crud: jobProvider,
    toContract: async (urn, declared, target) => jobInputs(urn, declared, target),
    importById: (id, urn, configured) => importJob(id, urn, requireTarget(configured)),
  },
  "foundry:index:ModelDeployment": {
    crud: deploymentProvider,
    toContract: async (urn, declared, target) => deploymentInputs(urn, declared, target),
    importById: importDeployment,
    // The recorded deploymentName stays: the name the imported deployment has on the service.
    recordedByImport: (urn, recorded, target) => ({ ...recorded, ...deploymentInputs(urn, recorded, target).inputs }),
  },
  "foundry:index:Evaluation": {
    crud: evaluationProvider,
    async toContract(urn, declared, target) {
      const sha256 = await sha256Of(declared, "file", declared.fileSha256).catch(() => undefined);
      if (!sha256)
        return { failures: [{ property: "file", reason: `${declared.file}: no such file in the program's folder` }] };
      return evaluationInputs(urn, declared, target, sha256);
    },
  },
};

function requireTarget(target: TargetInputs | undefined): TargetInputs {
  if (!target)
    throw new Error("name the account in the provider's config (foundry:accountName, and foundry:target for Azure)");
  return target;
}

/**
 * Check's olds: the inputs check returned at the last up carry the resource's URN; those `pulumi import`
 * recorded are what a program declares, on the provider's account unless they name another.
 */
function recordedInputs(kind: Kind, urn: string, olds: Declared): Declared {
  if (olds.resourceUrn || Object.keys(olds).length === 0 || !kind.recordedByImport) return olds;
  const target = (olds.target as TargetInputs | undefined) ?? configuredTarget();
  return target ? kind.recordedByImport(parseUrn(urn), olds, target) : olds;
}

function kindOf(urn: string): Kind {
  const type = urn.split("::")[2]?.split("$").pop() ?? "";
  const kind = KINDS[type];
  if (!kind) throw new Error(`the foundry provider has no resource type ${type}`);
  return kind;
}

export class FoundryProvider implements provider.Provider {
  readonly version = PACKAGE_VERSION; // the schema is served by lazy-provider.ts, which loads this on first use

  async check(urn: string, olds: Declared, news: Declared): Promise<provider.CheckResult> {
    const declared = unwrapSecrets(news);
    const target = (declared.target as TargetInputs | undefined) ?? configuredTarget();
    if (!target)
      return {
        inputs: news,
        failures: [
          {
            property: "target",
            reason: "name the account: the resource's target, or foundry:accountName in the provider's config",
          },
        ],
      };
    const kind = kindOf(urn);
    const { inputs, failures } = await kind.toContract(parseUrn(urn), declared, target);
    if (!inputs) return { inputs: news, failures };
    const checked = await kind.crud.check!(recordedInputs(kind, urn, unwrapSecrets(olds)), inputs);
    return {
      inputs: wrapSecrets(checked.inputs as Declared, secretKeys(news)),
      ...(checked.failures?.length ? { failures: checked.failures } : {}),
    };
  }

  async diff(id: string, urn: string, olds: Declared, news: Declared): Promise<provider.DiffResult> {
    return kindOf(urn).crud.diff!(id, unwrapSecrets(olds), unwrapSecrets(news));
  }

  async create(urn: string, inputs: Declared): Promise<provider.CreateResult> {
    const { id, outs } = await kindOf(urn).crud.create(unwrapSecrets(inputs));
    return { id, outs: wrapSecrets(outs, secretKeys(inputs)) };
  }

  async read(id: string, urn: string, props?: Declared): Promise<provider.ReadResult> {
    const kind = kindOf(urn);
    if (!props?.target) {
      if (!kind.importById)
        throw new Error(`${urn.split("::")[2]} cannot be imported: declare it, and it is adopted by its contents`);
      return kind.importById(id, parseUrn(urn), configuredTarget());
    }
    const read = await kind.crud.read!(id, unwrapSecrets(props));
    return { id: read.id, props: wrapSecrets(read.props as Declared, secretKeys(props)) };
  }

  async update(id: string, urn: string, olds: Declared, news: Declared): Promise<provider.UpdateResult> {
    const { outs } = await kindOf(urn).crud.update!(id, unwrapSecrets(olds), unwrapSecrets(news));
    return { outs: wrapSecrets(outs as Declared, secretKeys(news)) };
  }

  async delete(id: string, urn: string, props: Declared): Promise<void> {
    await kindOf(urn).crud.delete!(id, unwrapSecrets(props));
  }

  async construct(
    name: string,
    type: string,
    inputs: pulumi.Inputs,
    options: pulumi.ComponentResourceOptions,
  ): Promise<provider.ConstructResult> {
    if (type !== "foundry:index:FineTunedModel") throw new Error(`the foundry provider has no component ${type}`);
    return constructFineTunedModel(name, inputs, options);
  }
}
