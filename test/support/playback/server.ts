// A playback server: a real HTTPS server on port 0 that answers the program's requests with recorded Azure
// exchanges (status, headers, body), each once and in recorded order. A request nothing recorded answers gets
// 599 with a message naming it, and is kept in `unrecorded`, so the test fails loudly. TLS as the local service
// does it: a CA made for this server (emulator/tls/certificates.ts), trusted inside this process only (foundry/tls.ts).
import { mkdtempSync, rmSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { ensureCertificates } from "../../../emulator/tls/certificates";
import { trustCaFile } from "../../../foundry/tls";
import { describeRequest, ExchangeQueue, type PlaybackRequest } from "./matching";
import type { RecordedExchange, Recording } from "./recordings";

/** The status of an answer nothing recorded: outside what Azure sends, inside what clients treat as an HTTP error. */
export const UNRECORDED_STATUS = 599;

interface ReceivedRequest extends PlaybackRequest {
  headers: Record<string, string | undefined>;
  /** The body as text (a multipart upload too). */
  body: string;
  /** The body parsed, when it was JSON. */
  json?: unknown;
  /** The recorded exchange that answered it; undefined when none did. */
  answeredBy?: RecordedExchange;
}

export interface PlaybackOptions {
  /**
   * Names the program chooses where the recording has the SDK test's own (a deployment's name): the program's
   * path segment on the left is matched as the recorded one on the right.
   */
  aliases?: Record<string, string>;
  /**
   * GET paths the program polls more often than the recording did (a job's events, a deployment read again):
   * once their recorded answers are used up, the last one is served again, as a resource that has not changed.
   */
  repeat?: RegExp[];
}

export interface Playback {
  url: string;
  caCertPath: string;
  /** Every request received, in order. */
  requests: ReceivedRequest[];
  /** Requests that no recorded exchange answered ("METHOD /path?query"). */
  unrecorded: string[];
  /** Recorded exchanges not asked for yet ("METHOD /path"). */
  unserved(): string[];
  close(): Promise<void>;
}

/**
 * One CA and server certificate per process: CAs made one per server would all carry the same name, and a
 * client holding several picks the first by name and fails the signature check.
 */
let certificates: ReturnType<typeof ensureCertificates> | undefined;
function processCertificates(): ReturnType<typeof ensureCertificates> {
  if (!certificates) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "foundry-playback-"));
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    certificates = ensureCertificates(dir);
  }
  return certificates;
}

export async function startPlayback(
  recordings: readonly Recording[],
  options: PlaybackOptions = {},
): Promise<Playback> {
  const tls = await processCertificates();
  trustCaFile(tls.caCertPath);
  const queue = new ExchangeQueue(recordings.flatMap((r) => r.exchanges));
  const requests: ReceivedRequest[] = [];
  const unrecorded: string[] = [];
  let origin = "";

  const server = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    void readBody(req).then(
      (body) => {
        const url = new URL(req.url ?? "/", origin);
        const request: ReceivedRequest = {
          method: req.method ?? "GET",
          path: url.pathname
            .split("/")
            .map((segment) => options.aliases?.[decodeURIComponent(segment)] ?? segment)
            .join("/"),
          query: Object.fromEntries(url.searchParams),
          headers: {
            authorization: req.headers.authorization,
            "api-key": header(req, "api-key"),
            "content-type": req.headers["content-type"],
          },
          body,
          ...jsonOf(body),
        };
        requests.push(request);
        const exchange =
          queue.take(request) ??
          (request.method === "GET" && options.repeat?.some((r) => r.test(request.path))
            ? queue.lastServed(request)
            : undefined);
        if (!exchange) {
          const named = describeRequest(request);
          unrecorded.push(named);
          return send(
            res,
            UNRECORDED_STATUS,
            { "content-type": "application/json" },
            JSON.stringify({
              error: { code: "PlaybackUnrecorded", message: `No recorded Azure exchange answers ${named}` },
            }),
          );
        }
        request.answeredBy = exchange;
        send(res, exchange.status, withOrigin(exchange.headers, origin), bodyOf(exchange));
      },
      () => res.destroy(),
    ); // the client went away mid-request: nothing to answer
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url: origin,
    caCertPath: tls.caCertPath,
    requests,
    unrecorded,
    unserved: () => queue.unserved().map((e) => `${e.method} ${e.path}`),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

function jsonOf(body: string): { json?: unknown } {
  try {
    return body ? { json: JSON.parse(body) } : {};
  } catch {
    return {};
  }
}

/** A header recorded as a path (the service's own URL, host removed) points at this server. */
function withOrigin(headers: Record<string, string>, origin: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, value.startsWith("/") ? `${origin}${value}` : value]),
  );
}

function bodyOf(exchange: RecordedExchange): Buffer | string | undefined {
  if (exchange.responseBodyBase64 !== undefined) return Buffer.from(exchange.responseBodyBase64, "base64");
  return exchange.responseBody === null ? undefined : JSON.stringify(exchange.responseBody);
}

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: Buffer | string | undefined,
): void {
  res.writeHead(status, {
    ...headers,
    ...(body === undefined ? { "content-length": "0" } : { "content-length": String(Buffer.byteLength(body)) }),
  });
  res.end(body);
}
