import type { CoreV1Event, V1Pod } from "@kubernetes/client-node";
import { describe, expect, test } from "vitest";
import { latestWarning, podFailure } from "./podFailure.js";

const waiting = (reason: string, message?: string): V1Pod => ({
  status: {
    phase: "Pending",
    containerStatuses: [
      {
        name: "agent",
        image: "i",
        imageID: "",
        ready: false,
        restartCount: 0,
        state: { waiting: { reason, message } },
      },
    ],
  },
});

describe("podFailure", () => {
  test("a pod that runs, or may still start, is fine", () => {
    expect(podFailure({ status: { phase: "Running" } })).toBeNull();
    expect(podFailure({ status: { phase: "Pending" } })).toBeNull();
    expect(podFailure(waiting("ContainerCreating"))).toBeNull();
    expect(podFailure(waiting("ErrImagePull"))).toBeNull();
  });

  test("reasons that need a human fail the workspace, with Kubernetes' message", () => {
    expect(podFailure(waiting("ImagePullBackOff", 'Back-off pulling image "x"'))).toBe(
      'The workspace pod cannot run its agent: ImagePullBackOff (Back-off pulling image "x").',
    );
    expect(podFailure(waiting("CrashLoopBackOff"))).toMatch(/CrashLoopBackOff/);
    expect(podFailure(waiting("CreateContainerConfigError", 'secret "s" not found'))).toMatch(/secret "s" not found/);
    expect(podFailure({ status: { phase: "Failed", reason: "Evicted", message: "low on memory" } })).toBe(
      "The workspace pod ended (phase Failed, Evicted: low on memory).",
    );
    expect(podFailure({ metadata: { deletionTimestamp: new Date() }, status: { phase: "Running" } })).toMatch(
      /deleted/,
    );
  });

  test("the latest Warning event explains it", () => {
    const event = (reason: string, type: string, at: string): CoreV1Event => ({
      involvedObject: {},
      metadata: {},
      reason,
      type,
      message: reason.toLowerCase(),
      lastTimestamp: new Date(at),
    });
    expect(
      latestWarning([
        event("Old", "Warning", "2025-01-01T00:00:00Z"),
        event("Pulling", "Normal", "2025-01-03T00:00:00Z"),
        event("Failed", "Warning", "2025-01-02T00:00:00Z"),
      ]),
    ).toBe("Failed: failed");
    expect(latestWarning([])).toBeNull();
  });
});
