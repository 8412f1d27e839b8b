// Token statistics of a file whose every example bills `billablePerEpoch` tokens in all: what the estimate reads.
import type { TokenStats } from "../../validate/types";

export const tokenStats = (billablePerEpoch: number): TokenStats => ({
  min: 1,
  mean: 1,
  max: 1,
  total: billablePerEpoch,
  assistant: 0,
  billablePerEpoch,
  overLimit: 0,
  limit: 65_536,
  encoding: "o200k_base",
});
