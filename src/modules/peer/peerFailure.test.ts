import { describe, expect, it } from "vitest";
import { failureFromCode } from "./peerFailure";

describe("failureFromCode", () => {
  it("keeps trying while the agent may still come", () => {
    expect(failureFromCode("AGENT_UNAVAILABLE")).toEqual({
      code: "AGENT_UNAVAILABLE",
      message: "The workspace agent is not connected. Is the workspace running?",
      permanent: false,
    });
    expect(failureFromCode("AGENT_TIMEOUT").permanent).toBe(false);
    expect(failureFromCode("INTERNAL").permanent).toBe(false);
  });

  it("gives up on what will not heal", () => {
    expect(failureFromCode("NOT_FOUND").permanent).toBe(true);
    expect(failureFromCode("UNAUTHENTICATED").permanent).toBe(true);
    expect(failureFromCode("PROTOCOL_MISMATCH").permanent).toBe(true);
  });
});
