// Trust the local service's self-signed CA inside this process only (both node:https, used by the Azure
// SDK, and fetch, used by openai, read the default CA list). Never touches the system store.
import { readFileSync } from "node:fs";
import * as tls from "node:tls";

/** Adds `pem` to the process's default CA certificates; calling it again with the same CA does nothing. */
export function trustCaCertificate(pem: string): void {
  const wanted = normalisePem(pem);
  if (!wanted.includes("BEGIN CERTIFICATE")) throw new Error("trustCaCertificate: not a PEM certificate");
  const current = tls.getCACertificates("default");
  if (current.some((cert) => normalisePem(cert) === wanted)) return;
  tls.setDefaultCACertificates([...current, wanted]);
}

export function trustCaFile(path: string): void {
  let pem: string;
  try {
    pem = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`Cannot read the local service's CA certificate ${path}: ${(error as Error).message}`);
  }
  trustCaCertificate(pem);
}

function normalisePem(pem: string): string {
  return pem.replace(/\r\n/g, "\n").trim() + "\n";
}
