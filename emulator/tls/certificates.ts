// A local certificate authority, created on first start and kept in the data dir, and a server certificate
// it signs for 127.0.0.1, ::1 and localhost. Clients trust ca.pem (NODE_EXTRA_CA_CERTS or TLS options).

import { X509Certificate } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { generate } from "selfsigned";

export interface ServerCertificate {
  caCertPath: string;
  key: string;
  cert: string;
}

const DAY = 24 * 3600 * 1000;

export async function ensureCertificates(dataDir: string): Promise<ServerCertificate> {
  const dir = path.join(dataDir, "tls");
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caCertPath = path.join(dir, "ca.pem");
  const caKeyPath = path.join(dir, "ca-key.pem");
  const certPath = path.join(dir, "server.pem");
  const keyPath = path.join(dir, "server-key.pem");

  if (!fs.existsSync(caCertPath) || !fs.existsSync(caKeyPath) || expiresSoon(caCertPath)) {
    const ca = await generate([{ name: "commonName", value: "Foundry local service CA" }], {
      keyType: "ec",
      algorithm: "sha256",
      notAfterDate: new Date(Date.now() + 3650 * DAY),
      extensions: [
        { name: "basicConstraints", cA: true, critical: true },
        { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
      ],
    });
    write(caKeyPath, ca.private);
    write(caCertPath, ca.cert);
    fs.rmSync(certPath, { force: true });
  }
  if (!fs.existsSync(certPath) || !fs.existsSync(keyPath) || expiresSoon(certPath)) {
    const leaf = await generate([{ name: "commonName", value: "localhost" }], {
      keyType: "ec",
      algorithm: "sha256",
      notAfterDate: new Date(Date.now() + 365 * DAY),
      ca: { key: fs.readFileSync(caKeyPath, "utf8"), cert: fs.readFileSync(caCertPath, "utf8") },
      extensions: [
        { name: "basicConstraints", cA: false },
        { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
        { name: "extKeyUsage", serverAuth: true },
        {
          name: "subjectAltName",
          altNames: [
            { type: 2, value: "localhost" },
            { type: 7, ip: "127.0.0.1" },
            { type: 7, ip: "::1" },
          ],
        },
      ],
    });
    write(keyPath, leaf.private);
    write(certPath, leaf.cert);
  }
  return { caCertPath, key: fs.readFileSync(keyPath, "utf8"), cert: fs.readFileSync(certPath, "utf8") };
}

function expiresSoon(certPath: string): boolean {
  try {
    return new Date(new X509Certificate(fs.readFileSync(certPath)).validTo).getTime() - Date.now() < 7 * DAY;
  } catch {
    return true;
  }
}

function write(file: string, content: string): void {
  fs.writeFileSync(file, content, { mode: 0o600 });
}
