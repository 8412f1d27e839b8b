// The model table (azure/models.ts): which base models are fine-tunable, their aliases and dated names, the root
// base model behind a fine-tuned one (several rounds deep), each model's encoding, example limit, methods and vision.
import { describe, expect, it } from "vitest";
import { encodingFor, fineTunableModels, resolveBaseModel, rootModelName } from "../../../azure/models";

describe("the model table", () => {
  it("resolves dated names, aliases and fine-tuned models (several rounds deep) to the root base model", () => {
    expect(rootModelName("gpt-4.1-mini")).toBe("gpt-4.1-mini-2025-04-14");
    expect(rootModelName("gpt-4o-mini")).toBe("gpt-4o-mini-2024-07-18");
    expect(rootModelName("gpt-4o")).toBe("gpt-4o-2024-08-06");
    expect(rootModelName("gpt-4.1")).toBe("gpt-4.1-2025-04-14");
    expect(rootModelName("gpt-4.1-nano")).toBe("gpt-4.1-nano-2025-04-14");
    expect(rootModelName("o4-mini")).toBe("o4-mini-2025-04-16");
    expect(rootModelName("gpt-3.5-turbo-0125")).toBe("gpt-35-turbo-0125");
    expect(rootModelName("gpt-3.5-turbo-1106")).toBe("gpt-35-turbo-1106");
    expect(rootModelName("gpt-4.1-mini.ft-abc-clippy.ft-def-polished")).toBe("gpt-4.1-mini-2025-04-14");
    expect(rootModelName("gpt-4.1-2025-04-14.ft-abc")).toBe("gpt-4.1-2025-04-14");
    expect(rootModelName("my-model")).toBe("my-model");
  });

  it("knows each fine-tunable model's encoding, example limit, methods and vision", () => {
    const table = Object.fromEntries(
      fineTunableModels().map((m) => [m.name, [m.encoding, m.exampleTokenLimit, m.methods.join("+"), m.vision]]),
    );
    expect(table).toEqual({
      "gpt-4o-mini-2024-07-18": ["o200k_base", 65_536, "supervised", false],
      "gpt-4o-2024-08-06": ["o200k_base", 65_536, "supervised+dpo", true],
      "gpt-4.1-2025-04-14": ["o200k_base", 65_536, "supervised+dpo", true],
      "gpt-4.1-mini-2025-04-14": ["o200k_base", 65_536, "supervised+dpo", false],
      "gpt-4.1-nano-2025-04-14": ["o200k_base", 32_768, "supervised+dpo", false],
      "o4-mini-2025-04-16": ["o200k_base", 65_536, "reinforcement", false],
      "gpt-35-turbo-0125": ["cl100k_base", 16_385, "supervised", false],
      "gpt-35-turbo-1106": ["cl100k_base", 16_385, "supervised", false],
    });
    expect(resolveBaseModel("gpt-4.1-mini.ft-abc")?.name).toBe("gpt-4.1-mini-2025-04-14");
    expect(resolveBaseModel("gpt-5")).toBeUndefined();
  });

  it("picks o200k for the 4o, 4.1, 4.5, 5 and o families even when not fine-tunable, cl100k otherwise", () => {
    expect(encodingFor("gpt-35-turbo-0125")).toBe("cl100k_base");
    for (const m of ["gpt-4o-audio", "gpt-4.1-x", "gpt-4.5-preview", "gpt-5-mini", "o3", "o1-mini"])
      expect(encodingFor(m), m).toBe("o200k_base");
    for (const m of ["gpt-4", "gpt-3.5-turbo", "davinci", "xo3"]) expect(encodingFor(m), m).toBe("cl100k_base");
  });
});

describe("resolveBaseModel", () => {
  it("knows fine-tunable models, aliases, encodings and limits", () => {
    expect(resolveBaseModel("gpt-4.1-nano")).toMatchObject({
      name: "gpt-4.1-nano-2025-04-14",
      encoding: "o200k_base",
      exampleTokenLimit: 32_768,
    });
    expect(resolveBaseModel("gpt-4o-2024-08-06")).toMatchObject({ vision: true, methods: ["supervised", "dpo"] });
    expect(resolveBaseModel("gpt-35-turbo-0125")?.encoding).toBe("cl100k_base");
    expect(resolveBaseModel("gpt-4-turbo")).toBeUndefined();
  });

  it("resolves a continuous fine-tuning base (several rounds deep) to its root", () => {
    const once = "gpt-4.1-mini-2025-04-14.ft-0ee45c42a1b2c3d4e5f60718293a4b5c-v01";
    expect(rootModelName(once)).toBe("gpt-4.1-mini-2025-04-14");
    expect(rootModelName(`${once}.ft-ffffffffffffffffffffffffffffffff-v02`)).toBe("gpt-4.1-mini-2025-04-14");
    expect(resolveBaseModel(once)?.name).toBe("gpt-4.1-mini-2025-04-14");
  });
});

describe("a name that starts with .ft-", () => {
  it("takes a name that starts with .ft- as the fine-tune of nothing", () => {
    expect(rootModelName(".ft-abc")).toBe("");
  });
});
