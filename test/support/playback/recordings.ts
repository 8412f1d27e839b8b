// The recorded Azure exchanges of test/fixtures/azure-recordings/ (format and sources in its README), loaded as data.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export interface RecordedExchange {
  method: string;
  /** The recorded URL's path, without its host. */
  path: string;
  query: Record<string, string>;
  status: number;
  /** Lower-cased; a URL-valued header pointing back at the service is stored without its host. */
  headers: Record<string, string>;
  requestBody: unknown;
  responseBody: unknown;
  /** A body that is not JSON (a file's content). */
  responseBodyBase64?: string;
}

export interface Recording {
  source: { repo: string; path: string; commit: string };
  recorded: string;
  covers: string;
  exchanges: RecordedExchange[];
}

const RECORDINGS_DIR = path.resolve(__dirname, "../../fixtures/azure-recordings");

/** Every recording's name (its file name without .json). */
export function recordingNames(): string[] {
  return readdirSync(RECORDINGS_DIR)
    .filter((file) => file.endsWith(".json"))
    .map((file) => file.slice(0, -".json".length))
    .sort();
}

export function loadRecording(name: string): Recording {
  return JSON.parse(readFileSync(path.join(RECORDINGS_DIR, `${name}.json`), "utf8")) as Recording;
}

/** The recorded answer of one exchange, picked by method and a path suffix (for tests that compare against it). */
export function recordedAnswer(recording: Recording, method: string, pathEnd: string, nth = 0): RecordedExchange {
  const found = recording.exchanges.filter((e) => e.method === method && e.path.endsWith(pathEnd))[nth];
  if (!found) throw new Error(`${recording.source.path}: no ${method} …${pathEnd} (#${nth})`);
  return found;
}

/** The same recording with only some of its exchanges (a test that starts where the recording is midway). */
export function withExchanges(recording: Recording, keep: (exchange: RecordedExchange) => boolean): Recording {
  return { ...recording, exchanges: recording.exchanges.filter(keep) };
}
