// Seeded randomness for chaos campaigns, so a run can be repeated exactly from its seed. The generator
// is the local service's (emulator/training/random.ts); the names below are what campaigns use.
import { mulberry32 } from "../../emulator/training/random";

export type Random = () => number;

// Seed 0 is taken as 1, so that a campaign or fuzz case that recorded seed 0 replays the same case.
export const seeded = (seed: number): Random => mulberry32(seed >>> 0 || 1);

export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
export const between = (random: Random, min: number, max: number): number =>
  Math.floor(min + random() * (max - min + 1));
