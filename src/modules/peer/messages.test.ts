import { describe, expect, it } from "vitest";
import { parseControlMessage, parsePtyMessage, parseServerSignal } from "./messages";

const hello = {
  type: "hello",
  protocolVersion: 1,
  connectionId: "9b2f7c1e-3d4a-4b5c-8d6e-7f8091a2b3c4",
  iceServers: [{ urls: ["stun:stun.example:3478"] }, { urls: "turn:turn.example", username: "u", credential: "c" }],
};

describe("parseServerSignal", () => {
  it("accepts each server message", () => {
    expect(parseServerSignal(JSON.stringify(hello))).toEqual(hello);
    expect(parseServerSignal('{"type":"answer","sdp":"v=0"}')).toEqual({ type: "answer", sdp: "v=0" });
    expect(
      parseServerSignal(
        '{"type":"candidate","candidate":{"candidate":"candidate:1 1 udp 1 1.2.3.4 5 typ host","sdpMid":"0","sdpMLineIndex":0}}',
      ),
    ).toMatchObject({ type: "candidate" });
    expect(parseServerSignal('{"type":"error","code":"AGENT_UNAVAILABLE","message":"no agent"}')).toEqual({
      type: "error",
      code: "AGENT_UNAVAILABLE",
      message: "no agent",
    });
  });

  it.each([
    ["not JSON", "{nope"],
    ["an unknown type", '{"type":"bye"}'],
    ["a browser-only message", '{"type":"offer","sdp":"v=0"}'],
    ["an unknown error code", '{"type":"error","code":"TEAPOT","message":"x"}'],
    ["a hello without ICE servers", JSON.stringify({ ...hello, iceServers: undefined })],
    ["a hello with a bad connection id", JSON.stringify({ ...hello, connectionId: "42" })],
    ["an empty answer", '{"type":"answer","sdp":""}'],
    ["an oversized message", JSON.stringify({ type: "answer", sdp: "x".repeat(70_000) })],
  ])("rejects %s", (_, text) => {
    expect(parseServerSignal(text)).toBeNull();
  });
});

describe("parseControlMessage", () => {
  it("accepts a pong and rejects a ping (browser → agent only)", () => {
    expect(parseControlMessage('{"type":"pong","id":3,"sentAt":12.5}')).toEqual({ type: "pong", id: 3, sentAt: 12.5 });
    expect(parseControlMessage('{"type":"ping","id":3,"sentAt":12.5}')).toBeNull();
  });
});

describe("parsePtyMessage", () => {
  it("accepts attached and exit", () => {
    const session = "9b2f7c1e-3d4a-4b5c-8d6e-7f8091a2b3c4";
    expect(parsePtyMessage(JSON.stringify({ type: "attached", session, created: true, replayBytes: 0 }))).toMatchObject(
      {
        type: "attached",
      },
    );
    expect(parsePtyMessage('{"type":"exit","exitCode":0,"signal":null}')).toEqual({
      type: "exit",
      exitCode: 0,
      signal: null,
    });
  });

  it("rejects a negative replay size and a resize (browser → agent only)", () => {
    const session = "9b2f7c1e-3d4a-4b5c-8d6e-7f8091a2b3c4";
    expect(parsePtyMessage(JSON.stringify({ type: "attached", session, created: true, replayBytes: -1 }))).toBeNull();
    expect(parsePtyMessage('{"type":"resize","cols":80,"rows":24}')).toBeNull();
  });
});
