// Billing-style token count of training examples, the way OpenAI's data-prep cookbook counts them with the
// o200k_base encoding: 3 tokens of framing per message, the content's tokens, and 3 per example to prime the reply.

import { encode } from "gpt-tokenizer/cjs/encoding/o200k_base";
import type { ChatExample } from "./types";

export const TOKENS_PER_MESSAGE = 3;
export const TOKENS_PER_EXAMPLE = 3;

export function countBillingTokens(examples: ChatExample[]): number {
  let total = 0;
  for (const example of examples) {
    total += TOKENS_PER_EXAMPLE;
    for (const m of example.messages) total += TOKENS_PER_MESSAGE + (m.content ? encode(m.content).length : 0);
  }
  return total;
}
