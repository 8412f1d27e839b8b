// Entry of a tokenizer thread: counts the regions the pool sends and posts the counts back.

import { parentPort } from "node:worker_threads";
import { countRegion, type TokenTask } from "./token-job";

parentPort!.on("message", (msg: { id: number; task: TokenTask }) => {
  try {
    const counts = countRegion(msg.task);
    parentPort!.postMessage({ id: msg.id, counts }, [counts.lines.buffer, counts.totals.buffer, counts.assistants.buffer] as ArrayBuffer[]);
  } catch (err) {
    parentPort!.postMessage({ id: msg.id, error: String((err as Error)?.stack ?? err) });
  }
});
