import type { ChildProcess } from "node:child_process";
import { createHash, createPublicKey, randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { LAB_PUBLIC_RANGES } from "./addressPlan.js";
import { run } from "./exec.js";
import type { Namespace } from "./Namespace.js";
import { type TurnCredentials, turnRestCredentials } from "./turnCredentials.js";

/** The standard TURN ports (RFC 8656): UDP and TCP on one, TLS on the other. */
export const TURN_PORT = 3478;
export const TURNS_PORT = 5349;

/** coturn is up in well under a second; this only bounds a server that will never listen. */
const READY_TIMEOUT_MS = 10_000;
const READY_POLL_MS = 50;
/** coturn exits promptly on SIGTERM; past this it is killed. */
const EXIT_TIMEOUT_MS = 3_000;
/** Long enough for any test session; short, as the credentials a gateway hands out should be. */
const CREDENTIAL_TTL_SECONDS = 3_600;
/** 192 random bits: far beyond guessing, and base64url keeps it free of characters a shell or URL would mangle. */
const SECRET_BYTES = 24;
/** The test certificate lives for the run only. */
const CERTIFICATE_DAYS = 1;

export interface CoturnOptions {
  /** The internet host address coturn listens and relays on. */
  readonly address: string;
  /** Ranges ("a.b.c.d-e.f.g.h") the relay may send to; everything else is denied. Default: the lab's public ranges. */
  readonly allowedPeerRanges?: readonly string[];
  readonly realm?: string;
}

/** What a WebRTC client puts in `iceServers` (the W3C RTCIceServer shape). */
export interface IceServerConfig {
  readonly urls: string[];
  readonly username: string;
  readonly credential: string;
}

/**
 * Debian's coturn (`turnserver`) inside a namespace: TURN REST API authentication with a random
 * shared secret, listeners on UDP+TCP 3478 and TLS 5349 only (no DTLS, no CLI, no web admin),
 * relaying only to the lab's ranges. Its pid file, database, certificate and log live in a
 * temporary directory this object removes on dispose().
 */
export class Coturn {
  private constructor(
    private readonly namespace: Namespace,
    readonly address: string,
    readonly realm: string,
    /**
     * base64 SHA-256 of the TLS certificate's public key (SubjectPublicKeyInfo). Chromium accepts
     * the self-signed certificate for TURN over TLS with
     * `--ignore-certificate-errors-spki-list=<this>` (ChromiumInNamespace's trustedSpkiHashes).
     */
    readonly certificateSpkiHash: string,
    /** The TURN REST API shared secret (random per server): what the gateway needs to mint credentials. */
    readonly sharedSecret: string,
    private readonly directory: string,
    private readonly process: ChildProcess,
  ) {}

  static async start(namespace: Namespace, options: CoturnOptions): Promise<Coturn> {
    const directory = await mkdtemp(path.join(tmpdir(), "gangway-coturn-"));
    const secret = randomBytes(SECRET_BYTES).toString("base64url");
    const realm = options.realm ?? "lab.gangway.test";
    let turnserver: Coturn | undefined;
    try {
      const spkiHash = await makeCertificate(directory, options.address);
      const child = namespace.spawn("turnserver", coturnArguments(options, realm, secret, directory), {
        stdio: ["ignore", "ignore", "pipe"],
      });
      turnserver = new Coturn(namespace, options.address, realm, spkiHash, secret, directory, child);
      await turnserver.waitListening();
    } catch (error) {
      if (turnserver) await turnserver.dispose();
      else await rm(directory, { recursive: true, force: true });
      throw error;
    }
    return turnserver;
  }

  get pid(): number {
    return this.process.pid ?? 0;
  }

  urls(): { udp: string; tcp: string; tls: string } {
    return {
      udp: `turn:${this.address}:${TURN_PORT}?transport=udp`,
      tcp: `turn:${this.address}:${TURN_PORT}?transport=tcp`,
      tls: `turns:${this.address}:${TURNS_PORT}?transport=tcp`,
    };
  }

  /** Fresh REST API credentials for `user`, as the gateway would hand out. */
  credentials(user: string): TurnCredentials {
    return turnRestCredentials(this.sharedSecret, user, CREDENTIAL_TTL_SECONDS);
  }

  /** One RTCIceServer entry with the chosen transports and fresh credentials. */
  iceServer(user: string, transports: readonly ("udp" | "tcp" | "tls")[] = ["udp", "tcp", "tls"]): IceServerConfig {
    const urls = this.urls();
    const { username, credential } = this.credentials(user);
    return { urls: transports.map((transport) => urls[transport]), username, credential };
  }

  /** The server's log so far, for failure messages. */
  async logs(): Promise<string> {
    return readFile(path.join(this.directory, "turnserver.log"), "utf8").catch(() => "");
  }

  async dispose(): Promise<void> {
    const child = this.process;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), EXIT_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    await rm(this.directory, { recursive: true, force: true });
  }

  /** Waits until coturn's UDP, TCP and TLS listeners exist in the namespace. */
  private async waitListening(): Promise<void> {
    let stderr = "";
    this.process.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const wanted = [`udp:${TURN_PORT}`, `tcp:${TURN_PORT}`, `tcp:${TURNS_PORT}`];
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.process.exitCode !== null) break;
      const listening = await this.listeningSockets();
      if (wanted.every((socket) => listening.includes(socket))) return;
      await sleep(READY_POLL_MS);
    }
    throw new Error(`coturn did not start listening on ${this.address}\n${stderr}\n${await this.logs()}`);
  }

  /** coturn's own listening sockets, as "udp:3478" / "tcp:5349". */
  async listeningSockets(): Promise<string[]> {
    return (await this.namespace.listeningSockets())
      .filter((socket) => socket.pids.includes(this.pid))
      .map((socket) => `${socket.protocol}:${socket.port}`);
  }
}

function coturnArguments(options: CoturnOptions, realm: string, secret: string, directory: string): string[] {
  return [
    "-n", // no configuration file: every setting is below
    `--listening-ip=${options.address}`,
    `--relay-ip=${options.address}`,
    `--listening-port=${TURN_PORT}`,
    `--tls-listening-port=${TURNS_PORT}`,
    "--no-dtls",
    "--no-cli",
    "--use-auth-secret",
    `--static-auth-secret=${secret}`,
    `--realm=${realm}`,
    "--fingerprint",
    "--no-multicast-peers",
    // Deny every peer, then allow the lab's ranges: the relay can reach the NATs' public
    // addresses and nothing else (allowed ranges take precedence over denied ones).
    "--denied-peer-ip=0.0.0.0-255.255.255.255",
    ...(options.allowedPeerRanges ?? LAB_PUBLIC_RANGES).map((range) => `--allowed-peer-ip=${range}`),
    `--cert=${path.join(directory, "cert.pem")}`,
    `--pkey=${path.join(directory, "key.pem")}`,
    `--log-file=${path.join(directory, "turnserver.log")}`,
    "--simple-log",
    "--no-stdout-log",
    `--pidfile=${path.join(directory, "turnserver.pid")}`,
    `--userdb=${path.join(directory, "turndb")}`,
  ];
}

/**
 * A self-signed certificate for the TLS listener (node:crypto cannot issue certificates, openssl
 * can); returns its public key's SPKI hash.
 */
async function makeCertificate(directory: string, address: string): Promise<string> {
  const certificatePath = path.join(directory, "cert.pem");
  await run("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-subj",
    "/CN=turn.lab.gangway.test",
    "-addext",
    `subjectAltName=IP:${address}`,
    "-days",
    String(CERTIFICATE_DAYS),
    "-keyout",
    path.join(directory, "key.pem"),
    "-out",
    certificatePath,
  ]);
  const spki = createPublicKey(await readFile(certificatePath, "utf8")).export({ type: "spki", format: "der" });
  return createHash("sha256").update(spki).digest("base64");
}
