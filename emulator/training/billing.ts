// Billing-style token count of training examples, the way OpenAI's data-prep cookbook counts them with the
// o200k_base encoding: per message 3 tokens of framing plus the tokens of its role and content, and 3 per example to
// prime the reply (the same rule validate/ uses for its estimate, so trained_tokens matches the preview).

import { createRequire } from "node:module";
import type { ChatExample, PreferenceExample } from "./types";

const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_EXAMPLE = 3;

type Encode = (text: string) => number[];
let encode: Encode | undefined;

/** Loaded on first use (the rank table takes a moment); the CommonJS build resolves under every loader. */
function encoder(): Encode {
  encode ??= (createRequire(__filename)("gpt-tokenizer/cjs/encoding/o200k_base") as { encode: Encode }).encode;
  return encode;
}

export function countBillingTokens(examples: ChatExample[]): number {
  const enc = encoder();
  let total = 0;
  for (const example of examples) {
    total += TOKENS_PER_EXAMPLE;
    for (const m of example.messages)
      total += TOKENS_PER_MESSAGE + enc(m.role).length + (m.content ? enc(m.content).length : 0);
  }
  return total;
}

/**
 * A DPO pair counts like one example whose messages are the input's plus both outputs' (each output is trained on,
 * one to be raised and one to be lowered).
 */
export function countPreferenceBillingTokens(examples: PreferenceExample[]): number {
  return countBillingTokens(
    examples.map((e) => ({ messages: [...e.input.messages, ...e.preferred_output, ...e.non_preferred_output] })),
  );
}
