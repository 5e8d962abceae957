import { describe, expect, it } from "vitest";
import * as protocol from "../../../protocol/streams.js";
import {
  fragmentMessage,
  MessageAssembler,
  parseWsControl,
  validateClose,
  WS_FRAGMENT_CONTINUES,
  WS_FRAGMENT_TEXT,
} from "./wsFrames";

describe("ws framing", () => {
  it("uses the protocol's flag values", () => {
    expect(WS_FRAGMENT_TEXT).toBe(protocol.WS_FRAGMENT_TEXT);
    expect(WS_FRAGMENT_CONTINUES).toBe(protocol.WS_FRAGMENT_CONTINUES);
  });

  it("splits a message into flagged fragments of at most the channel message size", () => {
    const payload = Uint8Array.from({ length: 10 }, (_, i) => i);
    const fragments = fragmentMessage(payload, true, 4);
    expect(fragments.map((f) => [...f])).toEqual([
      [0x03, 0, 1, 2],
      [0x03, 3, 4, 5],
      [0x03, 6, 7, 8],
      [0x01, 9],
    ]);
    expect(fragmentMessage(new Uint8Array(0), false).map((f) => [...f])).toEqual([[0x00]]);
  });

  it("puts fragments back together into the message they came from", () => {
    const assembler = new MessageAssembler();
    const payload = Uint8Array.from({ length: 300 }, (_, i) => i % 256);
    const fragments = fragmentMessage(payload, false, 100);
    const results = fragments.map((f) => assembler.push(f));
    expect(results.slice(0, -1).every((r) => r === null)).toBe(true);
    expect(results.at(-1)).toEqual({ text: false, data: payload });
    expect(() => assembler.push(new Uint8Array(0))).toThrow();
  });
});

describe("validateClose", () => {
  it("throws what the WebSocket API throws", () => {
    expect(() => validateClose(1001, undefined)).toThrow(expect.objectContaining({ name: "InvalidAccessError" }));
    expect(() => validateClose(2999, undefined)).toThrow(expect.objectContaining({ name: "InvalidAccessError" }));
    expect(() => validateClose(1000, "é".repeat(62))).toThrow(expect.objectContaining({ name: "SyntaxError" }));
    expect(() => validateClose(1000, "é".repeat(61))).not.toThrow();
    expect(() => validateClose(4999, undefined)).not.toThrow();
    expect(() => validateClose(undefined, undefined)).not.toThrow();
  });
});

describe("parseWsControl", () => {
  it("accepts the agent's messages and nothing else", () => {
    expect(parseWsControl('{"type":"open","protocol":"","extensions":""}')).toEqual({
      type: "open",
      protocol: "",
      extensions: "",
    });
    expect(parseWsControl('{"type":"ack","bytes":5}')).toEqual({ type: "ack", bytes: 5 });
    expect(parseWsControl('{"type":"close","code":1000,"reason":"bye"}')?.type).toBe("close");
    expect(parseWsControl('{"type":"error","code":"PROVIDER_ERROR","message":"refused"}')?.type).toBe("error");
    expect(parseWsControl('{"type":"ack","bytes":-1}')).toBeNull();
    expect(parseWsControl('{"type":"close","code":"1000"}')).toBeNull();
    expect(parseWsControl("not json")).toBeNull();
    expect(parseWsControl("null")).toBeNull();
  });
});
