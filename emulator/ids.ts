// Azure-style identifiers: a prefix plus 32 lowercase hex digits.
import { randomBytes } from "node:crypto";

export const newHex = () => randomBytes(16).toString("hex");
export const newId = (prefix: "file-" | "ftjob-" | "ftevent-" | "ftchkpt-" | "chatcmpl-" | "op-") =>
  `${prefix}${newHex()}`;
export const hexOf = (id: string) => id.slice(id.indexOf("-") + 1);
export const nowSeconds = () => Math.floor(Date.now() / 1000);
