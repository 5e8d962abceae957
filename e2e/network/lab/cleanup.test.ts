import { once } from "node:events";
import { expect, it } from "vitest";
import { describeAsRoot } from "./describeAsRoot.js";
import { Namespace } from "./Namespace.js";
import { NetworkLab } from "./NetworkLab.js";
import { LAB_PREFIX, namespaceName, newRunId, runPrefix } from "./runIds.js";
import { sweepStaleLabs } from "./sweepStaleLabs.js";

/** The largest pid Linux can hand out (pid_max's upper limit): a process that cannot exist now. */
const DEAD_PID = 4_194_303;

async function namespacesWithPrefix(prefix: string): Promise<string[]> {
  return (await Namespace.listNames()).filter((name) => name.startsWith(prefix));
}

describeAsRoot("network lab: cleanup", () => {
  it("dispose removes every namespace of the run", async () => {
    const lab = await NetworkLab.create({ office: { uplinkDelayMs: 1 }, directLink: { delayMs: 1 } });
    expect(await namespacesWithPrefix(lab.namespacePrefix)).toHaveLength(5);
    await lab.dispose();
    expect(await namespacesWithPrefix(lab.namespacePrefix)).toEqual([]);
  });

  it("a failure mid-setup removes what was already made, and only that", async () => {
    const runId = newRunId();
    // A namespace the lab will try to create halfway through: creation fails on "File exists".
    const inTheWay = await Namespace.create(namespaceName(runId, "cluster-router"));
    try {
      await expect(NetworkLab.create({ runId, office: { uplinkDelayMs: 1 } })).rejects.toThrow(/cluster-router/);
      expect(await namespacesWithPrefix(runPrefix(runId))).toEqual([inTheWay.name]);
    } finally {
      await inTheWay.dispose();
    }
    expect(await namespacesWithPrefix(runPrefix(runId))).toEqual([]);
  });

  it("the sweeper ends the processes and removes the namespaces of dead runs", async () => {
    expect(() => process.kill(DEAD_PID, 0)).toThrow();
    const leftover = await Namespace.create(`${LAB_PREFIX}-${DEAD_PID.toString(36)}xdead00-internet`);
    const sleeper = leftover.spawn("sleep", ["600"], { stdio: "ignore" });
    const sleeperExit = once(sleeper, "exit");
    await sweepStaleLabs();
    // Any parallel lab's sweep may have got there first; either way it must be gone.
    expect(await namespacesWithPrefix(leftover.name)).toEqual([]);
    await sleeperExit;
  });
});
