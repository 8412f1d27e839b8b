// How a token count and a price read wherever they are shown (validate CLI, preview estimate line, PR report):
// rounded for a glance; the exact numbers are printed beside them where they matter.

/** 950, 7.15k, 47.4k, 1.42M, 2.5B: three significant figures, and a count that rounds up moves to the next unit. */
export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  const [value, unit] = n < 999_500 ? [n / 1e3, "k"] : n < 999_500_000 ? [n / 1e6, "M"] : [n / 1e9, "B"];
  return `${Number(value.toPrecision(3))}${unit}`;
}

/** $4.70, $1,234.50; a cost that is not zero never shows as $0.00. */
export function formatUsd(usd: number): string {
  if (usd > 0 && usd < 0.005) return "< $0.01";
  return `$${usd.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** "+$1,241.00/month", "-$12.40/month": what a change adds to (or removes from) a monthly bill. */
export function formatMonthlyChange(deltaUsd: number): string {
  return `${deltaUsd < 0 ? "-" : "+"}${formatUsd(Math.abs(deltaUsd))}/month`;
}
