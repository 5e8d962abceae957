import { describe, expect, it } from "vitest";
import { parseProcNetTcp } from "./procNetTcp.js";

const TAIL = "00000000:00000000 00:00000000 00000000  1000        0";

const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A ${TAIL} 1001 1 0000000000000000 100 0 0 10 0
   1: 00000000:0BB8 00000000:0000 0A ${TAIL} 1002 1 0000000000000000 100 0 0 10 0
   2: 0501A8C0:1388 00000000:0000 0A ${TAIL} 1003 1 0000000000000000 100 0 0 10 0
   3: 0100007F:E47A 0100007F:1F90 01 ${TAIL} 1004 3 0000000000000000 20 4 30 10 -1
   4: 0200007F:2710 00000000:0000 0a ${TAIL} 1005 1 0000000000000000 100 0 0 10 0
   5: 0100007F:0050 00000000:0000 0A ${TAIL} 0 1 0000000000000000 100 0 0 10 0
`;

const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:1F91 00000000000000000000000000000000:0000 0A ${TAIL} 2001 1 0000000000000000 100 0 0 10 0
   1: 00000000000000000000000001000000:0BB9 00000000000000000000000000000000:0000 0A ${TAIL} 2002 1 0000000000000000 100 0 0 10 0
   2: 0000000000000000FFFF00000100007F:1389 00000000000000000000000000000000:0000 0A ${TAIL} 2003 1 0000000000000000 100 0 0 10 0
   3: 000080FE00000000FF8A3F02A1B2C3D4:2328 00000000000000000000000000000000:0000 0A ${TAIL} 2004 1 0000000000000000 100 0 0 10 0
   4: 0000000000000000FFFF00000501A8C0:232A 00000000000000000000000000000000:0000 0A ${TAIL} 2005 1 0000000000000000 100 0 0 10 0
   5: 00000000000000000000000001000000:E47A 00000000000000000000000001000000:0BB9 01 ${TAIL} 2006 1 0000000000000000 20 4 30 10 -1
`;

describe("parseProcNetTcp", () => {
  it("finds IPv4 sockets listening on loopback or every address", () => {
    expect(parseProcNetTcp(TCP, "LE")).toEqual([
      { port: 8080, inode: 1001 },
      { port: 3000, inode: 1002 },
      { port: 10000, inode: 1005 },
    ]);
  });

  it("finds IPv6 sockets listening on ::1, :: and IPv4-mapped loopback", () => {
    expect(parseProcNetTcp(TCP6, "LE")).toEqual([
      { port: 8081, inode: 2001 },
      { port: 3001, inode: 2002 },
      { port: 5001, inode: 2003 },
    ]);
  });

  it("reads addresses in the kernel's byte order", () => {
    const bigEndian = `   0: 7F000001:1F90 00000000:0000 0A ${TAIL} 3001 1\n   1: 0100007F:1F91 00000000:0000 0A ${TAIL} 3002 1\n`;
    expect(parseProcNetTcp(bigEndian, "BE")).toEqual([{ port: 8080, inode: 3001 }]);
  });

  it("skips malformed and truncated lines without throwing", () => {
    const text = [
      "garbage",
      "",
      "   0: ZZZZZZZZ:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 1000 0 4001 1",
      "   1: 0100007F:1F90",
      `   2: 0100007F:1F90 00000000:0000 0A ${TAIL} not-an-inode 1`,
      `   3: 0100007F:1F9 00000000:0000 0A ${TAIL} 4003 1`,
      `   x: 0100007F:1F90 00000000:0000 0A ${TAIL} 4004 1`,
      `   5: 0100007F:1F90 00000000:0000 0AA ${TAIL} 4005 1`,
      `   6: 0100007F0:1F90 00000000:0000 0A ${TAIL} 4006 1`,
      `   7: 0100007F:0000 00000000:0000 0A ${TAIL} 4007 1`,
      `   8: 0100007F:1F92 00000000:0000 0A ${TAIL} 4008 1`,
      "   9: 0100007F:1F93 00000000:0000 0A 00000000:000",
    ].join("\n");
    expect(parseProcNetTcp(text, "LE")).toEqual([{ port: 8082, inode: 4008 }]);
    expect(parseProcNetTcp("", "LE")).toEqual([]);
    expect(parseProcNetTcp("\u0000\uffff".repeat(1000), "LE")).toEqual([]);
  });
});
