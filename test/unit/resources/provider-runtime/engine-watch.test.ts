import net from "node:net";
import { expect, it } from "vitest";
import { exitWhenEngineGone } from "../../../../resources/provider-runtime/engine-watch";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it("exits only once the engine's address refuses connections, twice in a row", async () => {
  const engine = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => engine.listen(0, "127.0.0.1", resolve));
  const { port } = engine.address() as net.AddressInfo;
  let exits = 0;
  const stop = exitWhenEngineGone(`127.0.0.1:${port}`, 20, () => exits++);
  try {
    await sleep(200); // about ten probes answered
    expect(exits).toBe(0);
    await new Promise<void>((resolve) => engine.close(() => resolve()));
    await sleep(300);
    expect(exits).toBeGreaterThan(0);
  } finally {
    stop();
  }
});

it("watches nothing when not started by the engine (no host:port argument), and only once per process", async () => {
  const exits = { notEngine: 0, first: 0, second: 0 };
  const stops = [
    exitWhenEngineGone("run", 10, () => exits.notEngine++),
    exitWhenEngineGone(undefined, 10, () => exits.notEngine++),
  ];
  await sleep(60);
  expect(exits.notEngine).toBe(0);
  for (const stop of stops) stop();

  const first = exitWhenEngineGone("127.0.0.1:1", 10, () => exits.first++); // port 1: refused at once
  const second = exitWhenEngineGone("127.0.0.1:1", 10, () => exits.second++);
  await sleep(100);
  first();
  second();
  expect(exits.first).toBeGreaterThan(0);
  expect(exits.second).toBe(0);
  const afterStop = exits.first;
  await sleep(60);
  expect(exits.first).toBe(afterStop); // no probe after stop
});
