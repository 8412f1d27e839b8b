import { expect, it } from "vitest";
import { Timing } from "../../../emulator/timing";

it("scales delays and lifetimes, and time scale 0 never expires a deployment", () => {
  expect(new Timing(0.5).ms("provisioning")).toBe(1000);
  expect(new Timing(0.01).scaled(86_400_000)).toBe(864_000);
  expect(new Timing(0).ms("provisioning")).toBe(0);
  expect(new Timing(0).scaled(86_400_000)).toBe(Number.POSITIVE_INFINITY);
});
