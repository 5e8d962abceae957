/**
 * End to end through the control plane: a node-datachannel peer plays the browser, signals
 * through the real broker to the REAL agent, and opens the control channel directly to it.
 */
import nodeDataChannel, { type DataChannel, type PeerConnection } from "node-datachannel";
import { afterAll, afterEach, expect, test } from "vitest";
import type { SocketBytes, Workspace } from "../../protocol/rest.js";
import { withoutCandidates } from "../../protocol/sdp.js";
import { StreamKind } from "../../protocol/streams.js";
import { isAlive } from "../providers/processes.js";
import {
  agentPid,
  type Inbox,
  openWs,
  REAL_AGENT,
  setupAdmin,
  startTestServer,
  type TestServer,
  until,
} from "./helpers.js";

/** Generous: signaling plus ICE/DTLS/SCTP is well under a kilobyte-scale exchange of a few messages. */
const SIGNALING_BYTES_CEILING = 32 * 1024;

/** The running server, if any (the test restarts it). */
let running: TestServer | null = null;
let peer: PeerConnection | null = null;

afterEach(async () => {
  peer?.close();
  peer = null;
  await running?.close();
  running = null;
});

async function start(dataDir?: string): Promise<TestServer> {
  running = await startTestServer({ agentEntry: REAL_AGENT, iceServers: [], ...(dataDir ? { dataDir } : {}) });
  return running;
}

afterAll(() => {
  nodeDataChannel.cleanup();
});

/** Wires a browser-like peer to a signaling socket; throws nothing into node-datachannel. */
function browserPeer(signal: Inbox, errors: string[]): { peer: PeerConnection; control: DataChannel } {
  const pc = new nodeDataChannel.PeerConnection("test-browser", { iceServers: [] });
  // ICE may start only once the answer is stored (protocol/sdp.ts says why): our candidates
  // go out, and the answer's are added, after it.
  let answered = false;
  const held: string[] = [];
  pc.onLocalDescription((sdp) => signal.ws.send(JSON.stringify({ type: "offer", sdp })));
  pc.onLocalCandidate((candidate, mid) => {
    const message = JSON.stringify({
      type: "candidate",
      candidate: { candidate: candidate.replace(/^a=/, ""), sdpMid: mid },
    });
    if (answered) signal.ws.send(message);
    else held.push(message);
  });
  signal.ws.on("message", (data) => {
    try {
      const message = JSON.parse(data.toString());
      if (message.type === "answer") {
        const { sdp, candidates } = withoutCandidates(message.sdp);
        pc.setRemoteDescription(sdp, "answer");
        answered = true;
        for (const { candidate, mid } of candidates) pc.addRemoteCandidate(candidate, mid);
        for (const candidate of held.splice(0)) signal.ws.send(candidate);
      }
      if (message.type === "candidate")
        pc.addRemoteCandidate(message.candidate.candidate, message.candidate.sdpMid ?? "0");
      if (message.type === "error") errors.push(`${message.code}: ${message.message}`);
    } catch (error) {
      errors.push(String(error));
    }
  });
  const control = pc.createDataChannel("control", { protocol: StreamKind.control });
  return { peer: pc, control };
}

test("the browser's peer reaches the agent directly; the gateway carries only signaling", async () => {
  const server = await start();
  const alice = await setupAdmin(server, "alice");
  const workspace = (await alice.post<Workspace>("/workspaces", { name: "p2p" })).body;
  await until(async () => {
    const current = (await alice.get<Workspace>(`/workspaces/${workspace.id}`)).body;
    if (current.status === "failed") throw new Error(`workspace failed: ${current.statusMessage}`);
    return current.agent.connection === "connected";
  });

  const signal = await openWs(alice.ws(`/workspaces/${workspace.id}/signal`));
  expect(await signal.json()).toMatchObject({ type: "hello" });
  const errors: string[] = [];
  const wired = browserPeer(signal, errors);
  peer = wired.peer;
  const messages: string[] = [];
  wired.control.onMessage((message) => messages.push(String(message)));

  await until(() => wired.control.isOpen() || errors.length > 0, undefined, "the control channel to open");
  expect(errors).toEqual([]);
  await until(() => messages.length > 0, undefined, "the agent's control hello");
  expect(JSON.parse(messages[0] ?? "{}")).toMatchObject({ type: "hello", protocolVersion: 1 });

  const sockets = (await alice.get<SocketBytes>("/debug/socket-bytes")).body.sockets;
  const signaling = sockets.find((entry) => entry.kind === "signaling");
  expect(signaling?.workspaceId).toBe(workspace.id);
  expect((signaling?.bytesIn ?? 0) + (signaling?.bytesOut ?? 0)).toBeLessThan(SIGNALING_BYTES_CEILING);

  // The data plane does not depend on the control plane: stop the gateway, keep talking.
  const pid = agentPid(server.dataDir, workspace.id);
  await server.close({ keepData: true, stopWorkspaces: false });
  running = null;
  expect(isAlive(pid)).toBe(true);
  wired.control.sendMessage(JSON.stringify({ type: "ping", id: 7, sentAt: 1 }));
  await until(() => messages.some((message) => message.includes('"pong"')), undefined, "a pong without the gateway");
  expect(JSON.parse(messages.find((message) => message.includes('"pong"')) ?? "{}")).toEqual({
    type: "pong",
    id: 7,
    sentAt: 1,
  });
  wired.control.close();

  // A restarted gateway adopts the agent and, closing with stopWorkspaces, stops it.
  const restarted = await start(server.dataDir);
  await restarted.close({ stopWorkspaces: true });
  running = null;
  expect(isAlive(pid)).toBe(false);
});
