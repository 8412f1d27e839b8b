// The provider main.ts serves. The engine starts the plugin twice in a preview of a YAML program: once only to
// read its schema (for the YAML host), then to serve the resources. So version and schema are answered here,
// and the CRUD, planning and preflight code (foundry-provider.ts, with @pulumi/pulumi's whole SDK, zod and the
// service's SDKs) loads on the first resource call: the schema process loads none of it.
import type * as pulumi from "@pulumi/pulumi";
import type * as provider from "@pulumi/pulumi/provider";
import type { Declared } from "./contract-inputs";
import type { FoundryProvider } from "./foundry-provider";
import { PACKAGE_VERSION, schemaJson } from "./schema";

let instance: FoundryProvider | undefined;
// require, not import(): under tsx (the sources) import() goes to Node's ESM loader, which finds no ".ts".
const loaded = (): FoundryProvider =>
  (instance ??= new (require("./foundry-provider") as typeof import("./foundry-provider")).FoundryProvider());

export class LazyFoundryProvider implements provider.Provider {
  readonly version = PACKAGE_VERSION;
  readonly schema = schemaJson();

  async check(urn: string, olds: Declared, news: Declared): Promise<provider.CheckResult> {
    return loaded().check(urn, olds, news);
  }

  async diff(id: string, urn: string, olds: Declared, news: Declared): Promise<provider.DiffResult> {
    return loaded().diff(id, urn, olds, news);
  }

  async create(urn: string, inputs: Declared): Promise<provider.CreateResult> {
    return loaded().create(urn, inputs);
  }

  async read(id: string, urn: string, props?: Declared): Promise<provider.ReadResult> {
    return loaded().read(id, urn, props);
  }

  async update(id: string, urn: string, olds: Declared, news: Declared): Promise<provider.UpdateResult> {
    return loaded().update(id, urn, olds, news);
  }

  async delete(id: string, urn: string, props: Declared): Promise<void> {
    return loaded().delete(id, urn, props);
  }

  async construct(
    name: string,
    type: string,
    inputs: pulumi.Inputs,
    options: pulumi.ComponentResourceOptions,
  ): Promise<provider.ConstructResult> {
    return loaded().construct(name, type, inputs, options);
  }
}
