// The application's own resource: the settings file its chat service reads, written where the app expects it.
// A stand-in for whatever the program already manages (an App Service, a Key Vault secret, ...).
import * as pulumi from "@pulumi/pulumi";

interface SettingsInputs {
  file: string;
  settings: Record<string, unknown>;
}

const settingsProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: SettingsInputs) {
    const fs = require("node:fs");
    const path = require("node:path");
    fs.mkdirSync(path.dirname(inputs.file), { recursive: true });
    fs.writeFileSync(inputs.file, `${JSON.stringify(inputs.settings, null, 2)}\n`);
    return { id: inputs.file, outs: inputs };
  },
  async diff(_id: string, olds: SettingsInputs, news: SettingsInputs) {
    return { changes: JSON.stringify(olds) !== JSON.stringify(news) };
  },
  async update(_id: string, _olds: SettingsInputs, news: SettingsInputs) {
    require("node:fs").writeFileSync(news.file, `${JSON.stringify(news.settings, null, 2)}\n`);
    return { outs: news };
  },
  async delete(id: string) {
    require("node:fs").rmSync(id, { force: true });
  },
};

export class AppSettings extends pulumi.dynamic.Resource {
  constructor(
    name: string,
    args: { file: pulumi.Input<string>; settings: pulumi.Input<Record<string, pulumi.Input<unknown>>> },
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(settingsProvider, name, args, opts, "support-bot", "AppSettings");
  }
}
