import { webcrypto } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from "node:fs";
import path from "node:path";
// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata polyfill first.
import "reflect-metadata";
import * as x509 from "@peculiar/x509";

/**
 * The demo's private certificate authority: generated once under the data directory, it signs
 * the emulators' server certificates so that the console talks to them over verified HTTPS,
 * exactly as it would to a device whose CA an admin pasted in.
 */
export interface DemoTls {
  caPem: string;
  certPem: string;
  keyPem: string;
}

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

function toPem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der)
    .toString("base64")
    .match(/.{1,64}/g)!
    .join("\n");
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

function serial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
    .toString("hex")
    .replace(/^[89a-f]/, "1");
}

async function generate(): Promise<DemoTls & { caKeyPem: string }> {
  const now = new Date(Date.now() - 60_000);
  const tenYears = new Date(now.getTime() + 10 * 365 * 24 * 3600 * 1000);
  const caKeys = (await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"])) as CryptoKeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: "CN=Keyward Demo CA",
    notBefore: now,
    notAfter: tenYears,
    signingAlgorithm: alg,
    keys: caKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const leafKeys = (await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"])) as CryptoKeyPair;
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: "CN=localhost",
    issuer: ca.subject,
    notBefore: now,
    notAfter: new Date(now.getTime() + 2 * 365 * 24 * 3600 * 1000),
    signingAlgorithm: alg,
    publicKey: leafKeys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: "dns", value: "localhost" },
        { type: "ip", value: "127.0.0.1" },
        { type: "ip", value: "::1" },
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  return {
    caPem: ca.toString("pem") + "\n",
    caKeyPem: toPem("PRIVATE KEY", await webcrypto.subtle.exportKey("pkcs8", caKeys.privateKey)),
    certPem: leaf.toString("pem") + "\n",
    keyPem: toPem("PRIVATE KEY", await webcrypto.subtle.exportKey("pkcs8", leafKeys.privateKey)),
  };
}

/** Loads the demo CA and server certificate from `dir/tls`, creating them on first run. */
export async function ensureDemoTls(dataDir: string): Promise<DemoTls> {
  const dir = path.join(dataDir, "tls");
  const files = { caPem: "ca.pem", certPem: "server.pem", keyPem: "server-key.pem" } as const;
  if (!existsSync(path.join(dir, files.keyPem))) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const made = await generate();
    writeFileSync(path.join(dir, files.caPem), made.caPem);
    writeFileSync(path.join(dir, files.certPem), made.certPem);
    writeFileSync(path.join(dir, files.keyPem), made.keyPem, { mode: 0o600 });
    // The CA key signs nothing after first run; keep it only so an admin can add SANs by hand.
    writeFileSync(path.join(dir, "ca-key.pem"), made.caKeyPem, { mode: 0o600 });
    chmodSync(path.join(dir, files.keyPem), 0o600);
  }
  return {
    caPem: readFileSync(path.join(dir, files.caPem), "utf8"),
    certPem: readFileSync(path.join(dir, files.certPem), "utf8"),
    keyPem: readFileSync(path.join(dir, files.keyPem), "utf8"),
  };
}
