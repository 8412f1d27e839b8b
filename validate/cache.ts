// A cache of validation results and hashes keyed by the file's identity on disk, so an unchanged preview neither
// re-reads nor re-tokenizes unchanged datasets. Identity = device, inode, size, mtime and ctime in nanoseconds:
// any write changes mtime and ctime (ctime cannot be set back by tools like touch), a replaced file changes the
// inode. One small JSON file per (path, options) entry, written atomically, so parallel callers never clash.

import { createHash } from "node:crypto";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { hashFile } from "./scan";
import type { ValidateOptions, ValidationResult } from "./types";
import type { validateFile } from "./validator";

/** Bump when rules or counting change, so old entries are not trusted. */
const CACHE_VERSION = 2;

interface Identity {
  dev: string;
  ino: string;
  size: string;
  mtimeNs: string;
  ctimeNs: string;
}

interface Entry<T> {
  version: number;
  path: string;
  identity: Identity;
  value: T;
}

export interface CacheDeps {
  validate: typeof validateFile;
  hash: typeof hashFile;
}

// The validator (and the tokenizer behind it) is loaded only on a cache miss: an unchanged preview never needs it.
const DEFAULT_DEPS: CacheDeps = {
  validate: (...args) => (require("./validator") as typeof import("./validator")).validateFile(...args),
  hash: hashFile,
};

async function identityOf(path: string): Promise<Identity> {
  const s = await stat(path, { bigint: true });
  return {
    dev: String(s.dev),
    ino: String(s.ino),
    size: String(s.size),
    mtimeNs: String(s.mtimeNs),
    ctimeNs: String(s.ctimeNs),
  };
}

function sameIdentity(a: Identity, b: Identity): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

function entryPath(cacheDir: string, kind: string, key: unknown): string {
  const digest = createHash("sha256").update(JSON.stringify(key)).digest("hex").slice(0, 32);
  return join(cacheDir, `${kind}-${digest}.json`);
}

async function readEntry<T>(file: string): Promise<Entry<T> | undefined> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as Entry<T>;
  } catch {
    return undefined; // missing or torn entry: recompute
  }
}

async function writeEntry<T>(file: string, entry: Entry<T>): Promise<void> {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, JSON.stringify(entry));
  await rename(tmp, file);
}

async function cached<T>(
  path: string,
  cacheDir: string,
  kind: string,
  key: unknown,
  compute: () => Promise<T>,
): Promise<T> {
  const abs = resolve(path);
  const file = entryPath(cacheDir, kind, { abs, key, v: CACHE_VERSION });
  const before = await identityOf(abs);
  const hit = await readEntry<T>(file);
  if (hit && hit.version === CACHE_VERSION && hit.path === abs && sameIdentity(hit.identity, before)) return hit.value;
  const value = await compute();
  // A file written while we read it must not be cached under its old identity.
  const after = await identityOf(abs);
  if (sameIdentity(before, after)) {
    await mkdir(cacheDir, { recursive: true });
    await writeEntry(file, { version: CACHE_VERSION, path: abs, identity: after, value });
  }
  return value;
}

/** validateFile, reusing the last result while the file is unchanged on disk. */
export function validateFileCached(
  path: string,
  options: ValidateOptions,
  cacheDir: string,
  deps: Partial<CacheDeps> = {},
): Promise<ValidationResult> {
  const validate = deps.validate ?? DEFAULT_DEPS.validate;
  const key = {
    purpose: options.purpose,
    method: options.method,
    baseModel: options.baseModel,
    tokens: options.tokens !== false,
    maxFileBytes: options.maxFileBytes ?? null,
    graderFields: options.graderFields ?? null,
  };
  return cached(path, cacheDir, "validate", key, () => validate(path, options));
}

/** hashFile, reusing the last hash while the file is unchanged on disk. */
export function hashFileCached(
  path: string,
  cacheDir: string,
  deps: Partial<CacheDeps> = {},
): Promise<{ sha256: string; bytes: number }> {
  const hash = deps.hash ?? DEFAULT_DEPS.hash;
  return cached(path, cacheDir, "hash", {}, () => hash(path));
}
