// Entry of a validation thread: processes the regions the pool sends and posts the results back.

import { parentPort } from "node:worker_threads";
import { processRegion, type RegionTask, transferables } from "./region";
import type { TokenTables } from "./token-set";
import { useTokenTables } from "./tokens";

parentPort!.on("message", (msg: { id: number; task: RegionTask; tables?: TokenTables }) => {
  try {
    if (msg.tables && msg.task.ctx.encoding) useTokenTables(msg.task.ctx.encoding, msg.tables);
    const result = processRegion(msg.task);
    // The region's buffer goes back with the result, for the pool to fill with a later region.
    const region = msg.task.region;
    parentPort!.postMessage({ id: msg.id, result, region }, [...transferables(result), region.buffer as ArrayBuffer]);
  } catch (err) {
    parentPort!.postMessage({ id: msg.id, error: String((err as Error)?.stack ?? err) });
  }
});
