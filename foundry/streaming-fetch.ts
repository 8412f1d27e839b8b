// Request bodies that are streams (file uploads) go through node:http(s) instead of fetch. Node's fetch (undici)
// does not wait for the TLS socket to drain: it reads a streamed body as fast as it can and buffers it, so one
// 400 MB request peaked near 540 MB of RSS where node:https with drain stays near its baseline. Everything else
// (JSON calls, downloads) still goes through fetch.
import { once } from "node:events";
import * as http from "node:http";
import * as https from "node:https";
import { Readable } from "node:stream";
import type { FetchLike } from "./data-plane-client";
import { writeFileRange } from "./file-range-writer";
import { fileBodyOf } from "./multipart-stream";

export function withStreamingUploads(base: FetchLike): FetchLike {
  return (input, init) => {
    const body = init?.body;
    if (!(body instanceof ReadableStream) || typeof input !== "string") return base(input, init);
    return sendStreamed(new URL(input), init!, body);
  };
}

function sendStreamed(url: URL, init: RequestInit, body: ReadableStream<Uint8Array>): Promise<Response> {
  const headers = Object.fromEntries(new Headers(init.headers).entries());
  return new Promise<Response>((resolve, reject) => {
    const req = (url.protocol === "https:" ? https : http).request(
      url,
      { method: init.method ?? "POST", headers, ...(init.signal ? { signal: init.signal } : {}) },
      (res) => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers))
          if (value !== undefined) responseHeaders.set(name, Array.isArray(value) ? value.join(", ") : value);
        const status = res.statusCode ?? 500;
        const noBody = status === 204 || status === 304 || init.method === "HEAD";
        if (noBody) res.resume();
        resolve(
          new Response(noBody ? null : (Readable.toWeb(res) as unknown as ReadableStream), {
            status,
            statusText: res.statusMessage ?? "",
            headers: responseHeaders,
          }),
        );
      },
    );
    req.on("error", reject);
    writeBody(req, body).then(
      () => req.end(),
      (error: Error) => req.destroy(error),
    );
  });
}

/** A form's file range is read from the file into reused buffers; any other stream chunk by chunk, with drain. */
async function writeBody(req: http.ClientRequest, body: ReadableStream<Uint8Array>): Promise<void> {
  const file = fileBodyOf(body);
  if (file) {
    await body.cancel();
    req.write(file.head);
    await writeFileRange(req, file.path, file.range);
    req.write(file.tail);
    file.handedOver();
    return;
  }
  const reader = body.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    if (!req.write(next.value)) await once(req, "drain");
  }
}
