// The local service keeps its port across restarts (resources/provider-runtime/local-service.ts): the pure choices.
import { describe, expect, it } from "vitest";
import { parsePortFile, portTakenMessage, portToRequest } from "../../../../resources/provider-runtime/local-service";

describe("the kept port", () => {
  it("reads a port file, refusing anything that is not a port", () => {
    expect(parsePortFile("44671\n")).toBe(44671);
    for (const text of [undefined, "", "0", "65536", "-1", "12.5", "port"]) expect(parsePortFile(text)).toBeUndefined();
  });

  it("a configured port wins, then the kept one, then the system's choice", () => {
    expect(portToRequest(8443, 44671)).toBe(8443);
    expect(portToRequest(0, 44671)).toBe(44671);
    expect(portToRequest(0, undefined)).toBe(0);
  });

  it("says what a taken port means and what to do", () => {
    const message = portTakenMessage(44671, "/p/.foundry-local");
    expect(message).toContain("port 44671 (kept in /p/.foundry-local/port) is taken");
    expect(message).toContain("https://127.0.0.1:44671 stay stale");
    expect(message).toContain("foundry-finetune:local.port");
  });
});
