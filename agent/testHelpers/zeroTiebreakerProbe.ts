/**
 * Child process for libjuiceZeroTiebreaker.test.ts: loads one node-datachannel binary (the path
 * in argv[2]), lets it answer an offer as the agent does (so its ICE agent is controlled), and
 * plays the browser's side of ICE on a UDP socket: it sends the one connectivity check Chromium
 * sends through TURN over TCP or TLS (ICE-CONTROLLING with a tie-breaker of 0, and
 * USE-CANDIDATE), correctly signed with the agent's ICE password. Prints the agent's answer as
 * JSON: `{"class":"success"}`, `{"class":"error","code":400}`, or `{"class":"none"}` when the agent
 * does not answer within two seconds.
 *
 * Usage: zeroTiebreakerProbe.ts <node_datachannel.node> [tie-breaker, default 0] [--wrong-password]
 */
import { randomBytes } from "node:crypto";
import { createSocket, type RemoteInfo } from "node:dgram";
import { createRequire } from "node:module";
import { buildBindingRequest, parseStunHeader, readErrorCode } from "./stunMessage.js";

interface NativePeerConnection {
  setRemoteDescription(sdp: string, type: string): void;
  localDescription(): { sdp: string; type: string } | null;
  addRemoteCandidate(candidate: string, mid: string): void;
  close(): void;
}
interface Binding {
  PeerConnection: new (name: string, config: { iceServers: string[] }) => NativePeerConnection;
  cleanup(): void;
}

const PROBE_UFRAG = "probeufrag";
const PROBE_PASSWORD = "probe-password-0123456789";
/** For the agent's first check, which comes as soon as it has our candidate. */
const CHECK_TIMEOUT_MS = 5_000;
/** For its answer to ours, over loopback: far longer than it takes, even on a loaded machine. */
const ANSWER_TIMEOUT_MS = 2_000;

async function main(binaryPath: string, tiebreaker: bigint, wrongPassword: boolean): Promise<void> {
  const binding = createRequire(import.meta.url)(binaryPath) as Binding;
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const port = socket.address().port;
  const peer = new binding.PeerConnection("zero-tiebreaker-probe", { iceServers: [] });
  const fingerprint = Array.from(randomBytes(32), (byte) => byte.toString(16).padStart(2, "0").toUpperCase()).join(":");
  peer.setRemoteDescription(
    [
      "v=0",
      "o=- 1 1 IN IP4 127.0.0.1",
      "s=-",
      "t=0 0",
      "a=group:BUNDLE 0",
      "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
      "c=IN IP4 0.0.0.0",
      `a=ice-ufrag:${PROBE_UFRAG}`,
      `a=ice-pwd:${PROBE_PASSWORD}`,
      `a=fingerprint:sha-256 ${fingerprint}`,
      "a=setup:actpass",
      "a=mid:0",
      "a=sctp-port:5000",
      "",
    ].join("\r\n"),
    "offer",
  );
  const answer = peer.localDescription()?.sdp ?? "";
  const agentUfrag = /a=ice-ufrag:(\S+)/.exec(answer)?.[1];
  const agentPassword = /a=ice-pwd:(\S+)/.exec(answer)?.[1];
  if (!agentUfrag || !agentPassword) throw new Error(`no ICE credentials in the answer:\n${answer}`);
  peer.addRemoteCandidate(`a=candidate:1 1 UDP 2122260223 127.0.0.1 ${port} typ host`, "0");

  const result = await new Promise<object>((resolve, reject) => {
    let timer = setTimeout(() => reject(new Error("the agent sent no check")), CHECK_TIMEOUT_MS);
    const transactionId = randomBytes(12);
    let sent = false;
    socket.on("message", (message: Buffer, from: RemoteInfo) => {
      const header = parseStunHeader(message);
      if (header === null) return;
      if (header.method === 0x001 && header.class === "request" && !sent) {
        // The agent's own check shows where its ICE agent listens: answer it with ours.
        sent = true;
        const request = buildBindingRequest({
          transactionId,
          username: `${agentUfrag}:${PROBE_UFRAG}`,
          password: wrongPassword ? `${agentPassword}x` : agentPassword,
          iceControlling: tiebreaker,
          useCandidate: true,
          priority: 1_845_501_695,
        });
        socket.send(request, from.port, from.address);
        clearTimeout(timer);
        timer = setTimeout(() => resolve({ class: "none" }), ANSWER_TIMEOUT_MS);
      } else if (header.transactionId.equals(transactionId)) {
        clearTimeout(timer);
        resolve(
          header.class === "success" ? { class: "success" } : { class: header.class, code: readErrorCode(message) },
        );
      }
    });
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
  peer.close();
  socket.close();
  binding.cleanup();
}

const [binaryPath, tiebreaker = "0", flag] = process.argv.slice(2);
if (!binaryPath || !/^\d+$/.test(tiebreaker)) {
  process.stderr.write("usage: zeroTiebreakerProbe.ts <node_datachannel.node> [tie-breaker] [--wrong-password]\n");
  process.exit(2);
}
main(binaryPath, BigInt(tiebreaker), flag === "--wrong-password").then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
