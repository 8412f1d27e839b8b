// What a copy of the project needs to run its Pulumi program (tests, chaos campaigns and benchmarks copy these
// into throwaway directories). Scripts, tests and the local service are not part of it.
export const PROGRAM_FILES = [
  "index.ts",
  "Pulumi.yaml",
  "package.json",
  "tsconfig.json",
  "startup",
  "program",
  "resources",
  "analysis",
  "foundry",
  "validate",
  "azure",
  "datasets",
];
