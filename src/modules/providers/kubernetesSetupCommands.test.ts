import { describe, expect, it } from "vitest";
import providersDoc from "../../../docs/providers.md?raw";
import { kubernetesSetupCommands } from "./kubernetesSetupCommands";

describe("kubernetesSetupCommands", () => {
  it("are the commands of docs/providers.md, for the form's namespace", () => {
    const commands = kubernetesSetupCommands("eu-workspaces");
    for (const block of [commands.setup, commands.read, commands.verify]) {
      const [first, ...rest] = block.split("\n");
      expect(first).toBe("NS=eu-workspaces");
      expect(providersDoc).toContain(rest.join("\n"));
    }
    expect(providersDoc).toContain("NS=gangway-workspaces\nkubectl create namespace");
  });
});
