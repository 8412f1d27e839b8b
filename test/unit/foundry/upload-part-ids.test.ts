// part_ids of an upload's complete: the spec example lists azure_block_id values, OpenAI's API the parts' ids.
// The client tries the spec example's reading first and the other only if the list is refused.
import { describe, expect, it } from "vitest";
import { completeReadings } from "../../../foundry/uploads";

describe("completeReadings", () => {
  it("lists the parts' azure_block_ids first (the spec's example), their ids second", () => {
    expect(
      completeReadings([
        { id: "uplprt-1", azure_block_id: "YmxvY2sx" },
        { id: "uplprt-2", azure_block_id: "YmxvY2sy" },
      ]),
    ).toEqual([
      ["YmxvY2sx", "YmxvY2sy"],
      ["uplprt-1", "uplprt-2"],
    ]);
  });
  it("sends ids only when a part has no azure_block_id", () => {
    expect(completeReadings([{ id: "uplprt-1", azure_block_id: "YmxvY2sx" }, { id: "uplprt-2" }])).toEqual([
      ["uplprt-1", "uplprt-2"],
      undefined,
    ]);
  });
});
