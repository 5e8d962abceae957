import { describe, expect, it } from "vitest";
import { MockDockerProvider, MockKubernetesProvider, MockLocalProvider } from "../../../server-mock/fixtures";
import { ApiError } from "../../api/api";
import { createRequest, emptyValues, serverFieldError, updateRequest, valuesOf } from "./providerForm";

describe("providerForm", () => {
  it("sends nothing but the kind when an edited provider is saved unchanged", () => {
    for (const provider of [MockKubernetesProvider, MockDockerProvider, MockLocalProvider]) {
      const values = valuesOf(provider);
      expect(updateRequest(values, values)).toEqual({ ok: true, body: { kind: provider.kind } });
    }
  });

  it("keeps a stored Docker client key unless it is replaced", () => {
    const initial = valuesOf(MockDockerProvider);
    expect(initial.docker.clientKey).toBeNull();
    const moved = { ...initial, docker: { ...initial.docker, port: "2377" } };
    const result = updateRequest(moved, initial);
    expect(result).toMatchObject({ ok: true, body: { settings: { endpoint: { type: "tcp", port: 2377 } } } });
    expect(result.ok && result.body.kind === "docker" && result.body.settings?.endpoint).not.toHaveProperty(
      "clientKey",
    );
  });

  it("leaves empty optional settings out, so the protocol's defaults apply", () => {
    const values = emptyValues("docker");
    const result = createRequest({ ...values, name: "Lab", region: "lab", docker: { ...values.docker, image: "a:1" } });
    expect(result).toEqual({
      ok: true,
      body: {
        kind: "docker",
        name: "Lab",
        region: "lab",
        settings: {
          image: "a:1",
          endpoint: { type: "socket", socketPath: "/var/run/docker.sock" },
          resources: { memory: null, cpus: null },
        },
      },
    });
  });

  it("reads the refused field from an INVALID_REQUEST only, and only a field the form has", () => {
    const refusal = (code: "INVALID_REQUEST" | "CONFLICT", message: string) => new ApiError(code, 400, message);
    expect(serverFieldError(refusal("INVALID_REQUEST", "settings.token: is required (none is stored)"))).toEqual({
      "settings.token": "Is required (none is stored)",
    });
    expect(serverFieldError(refusal("INVALID_REQUEST", "kind: a provider's kind cannot change"))).toBeNull();
    expect(serverFieldError(refusal("CONFLICT", "name: taken"))).toBeNull();
    expect(serverFieldError(new Error("name: boom"))).toBeNull();
  });
});
