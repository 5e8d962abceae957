import { EventEmitter } from "node:events";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { WebSocket } from "ws";
import type { ServerToAgent } from "../../protocol/agent.js";
import type { AgentHub } from "../agents/AgentHub.js";
import { AGENT_ANSWER_TIMEOUT_MS, SignalSession } from "./SignalSession.js";

const CONNECTION_ID = "8a6e0804-2bd0-4672-b79a-d97e437cf95c";
const WORKSPACE_ID = "1b0c1c3e-7d5e-4a59-9b1f-3c2f8a7b6d5e";

/** Just enough of a `ws` socket: records what the session sends and how it closes. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  sent: Record<string, unknown>[] = [];
  closedWith: number | null = null;
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close(code: number) {
    this.closedWith = code;
    this.readyState = 3;
    this.emit("close");
  }
  receive(message: unknown) {
    this.emit("message", Buffer.from(JSON.stringify(message)), false);
  }
}

let socket: FakeSocket;
let toAgent: ServerToAgent[];
let session: SignalSession;

beforeEach(() => {
  vi.useFakeTimers();
  socket = new FakeSocket();
  toAgent = [];
  const hub = {
    isConnected: () => true,
    send: (_id: string, message: ServerToAgent) => toAgent.push(message) > 0,
  } as unknown as AgentHub;
  session = new SignalSession(socket as unknown as WebSocket, {
    connectionId: CONNECTION_ID,
    workspaceId: WORKSPACE_ID,
    username: "alice",
    iceServers: [],
    hub,
    log: pino({ level: "silent" }),
    onClosed: () => {},
  });
  session.start();
});

afterEach(() => {
  vi.useRealTimers();
});

describe("SignalSession answer timeout", () => {
  test("no answer in time → AGENT_TIMEOUT to the browser, peer-cancel to the agent, close", () => {
    socket.receive({ type: "offer", sdp: "offer" });
    vi.advanceTimersByTime(AGENT_ANSWER_TIMEOUT_MS - 1);
    expect(socket.closedWith).toBeNull();
    vi.advanceTimersByTime(1);
    expect(socket.sent.at(-1)).toMatchObject({ type: "error", code: "AGENT_TIMEOUT" });
    expect(toAgent.at(-1)).toEqual({ type: "peer-cancel", connectionId: CONNECTION_ID });
    expect(socket.closedWith).toBe(4000);
  });

  test("an answer in time disarms the timer; a later ICE-restart offer arms it again", () => {
    socket.receive({ type: "offer", sdp: "offer" });
    session.fromAgent({ type: "peer-answer", connectionId: CONNECTION_ID, sdp: "answer" });
    vi.advanceTimersByTime(AGENT_ANSWER_TIMEOUT_MS * 2);
    expect(socket.closedWith).toBeNull();

    socket.receive({ type: "offer", sdp: "restart" });
    vi.advanceTimersByTime(AGENT_ANSWER_TIMEOUT_MS);
    expect(socket.sent.at(-1)).toMatchObject({ type: "error", code: "AGENT_TIMEOUT" });
    // The first answer means a peer connection may exist: it is not cancelled.
    expect(toAgent.filter((message) => message.type === "peer-cancel")).toEqual([]);
  });
});
