// Azurite, Microsoft's local Azure Blob service (npm `azurite`), as a child process on a free loopback port with
// its own data folder: the `azblob://` state backend a team would share, for tests. Telemetry off, no network.
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Azurite's well-known development account and key (public, documented by Microsoft; not a secret). */
const AZURITE_ACCOUNT = "devstoreaccount1";
const AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const API_VERSION = "2021-08-06";

export interface Azurite {
  /** e.g. 127.0.0.1:41234 */
  host: string;
  createContainer(name: string): Promise<void>;
  listBlobs(container: string): Promise<string[]>;
  /** The Pulumi backend URL of a container: path-style over http, as the CLI's gocloud azblob driver spells it. */
  backendUrl(container: string): string;
  /** What the CLI needs besides the URL: the account and its shared key. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startAzurite(): Promise<Azurite> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "foundry-azurite-"));
  const main = path.join(__dirname, "..", "..", "node_modules", "azurite", "dist", "src", "blob", "main.js");
  const child = spawn(
    process.execPath,
    [
      main,
      "--blobHost",
      "127.0.0.1",
      "--blobPort",
      "0",
      "--location",
      dataDir,
      "--disableTelemetry",
      "--skipApiVersionCheck",
      "--silent",
    ],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const host = await listeningHost(child);
  const request = (method: string, resource: string, query: Record<string, string>) =>
    signedRequest(host, method, resource, query);
  return {
    host,
    async createContainer(name) {
      const response = await request("PUT", `/${name}`, { restype: "container" });
      if (response.status !== 201)
        throw new Error(`azurite: create container ${name}: ${response.status} ${await response.text()}`);
    },
    async listBlobs(container) {
      const response = await request("GET", `/${container}`, { restype: "container", comp: "list" });
      if (response.status !== 200)
        throw new Error(`azurite: list ${container}: ${response.status} ${await response.text()}`);
      return [...(await response.text()).matchAll(/<Name>([^<]+)<\/Name>/g)].map((m) => m[1]!);
    },
    backendUrl: (container) => `azblob://${container}?domain=${host}&protocol=http&localemu=true`,
    env: { AZURE_STORAGE_ACCOUNT: AZURITE_ACCOUNT, AZURE_STORAGE_KEY: AZURITE_KEY },
    async stop() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function listeningHost(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`azurite did not start within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listens on http:\/\/([\d.]+:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`azurite exited with ${code}:\n${output}`)));
  });
}

/** One Blob REST call signed with the account's shared key (Azure's SharedKey scheme; path-style emulator URL). */
function signedRequest(
  host: string,
  method: string,
  resource: string,
  query: Record<string, string>,
): Promise<Response> {
  const headers: Record<string, string> = { "x-ms-date": new Date().toUTCString(), "x-ms-version": API_VERSION };
  const canonicalHeaders = Object.keys(headers)
    .sort()
    .map((k) => `${k}:${headers[k]}\n`)
    .join("");
  const canonicalQuery = Object.keys(query)
    .sort()
    .map((k) => `\n${k}:${query[k]}`)
    .join("");
  // VERB, then 11 standard headers left empty, then the x-ms-* headers and the resource (the account twice, path-style).
  const stringToSign = `${method}\n${"\n".repeat(11)}${canonicalHeaders}/${AZURITE_ACCOUNT}/${AZURITE_ACCOUNT}${resource}${canonicalQuery}`;
  const signature = createHmac("sha256", Buffer.from(AZURITE_KEY, "base64"))
    .update(stringToSign, "utf8")
    .digest("base64");
  const search = new URLSearchParams(query).toString();
  return fetch(`http://${host}/${AZURITE_ACCOUNT}${resource}?${search}`, {
    method,
    headers: { ...headers, authorization: `SharedKey ${AZURITE_ACCOUNT}:${signature}` },
  });
}
