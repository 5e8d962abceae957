import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface CertificateAndKey {
  /** PEM certificate; self-signed, so it is also the CA a client must trust. */
  cert: string;
  key: string;
}

/**
 * A throwaway self-signed certificate for 127.0.0.1 and localhost, made with the openssl
 * command (Node's crypto can make keys but not certificates). Used by the fake Kubernetes API
 * server so the provider's CA-certificate path is exercised for real, and as TLS client
 * credentials in validation tests.
 */
export function selfSignedCertificate(commonName = "fake-kubernetes"): CertificateAndKey {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gangway-cert-"));
  try {
    const keyFile = path.join(dir, "key.pem");
    const certFile = path.join(dir, "cert.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        keyFile,
        "-out",
        certFile,
        "-days",
        "1",
        "-subj",
        `/CN=${commonName}`,
        "-addext",
        "subjectAltName=IP:127.0.0.1,DNS:localhost",
      ],
      { stdio: "pipe" },
    );
    return { cert: fs.readFileSync(certFile, "utf8"), key: fs.readFileSync(keyFile, "utf8") };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
