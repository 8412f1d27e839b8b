// Placeholder replaced below.
export async function runFuzzCommand(_options: { cases: number; seed: number }): Promise<number> {
  return 0;
}
