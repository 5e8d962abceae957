import { describe, expect, it } from "vitest";
import { MockDockerProvider, MockKubernetesProvider, MockLocalProvider } from "../../../server-mock/fixtures";
import { ApiError } from "../../api/api";
import { createRequest, emptyValues, serverFieldError, turnUrlsError, updateRequest, valuesOf } from "./providerForm";

const UDP = "turn:turn.eu-west.example.com:3478?transport=udp";
const TLS = "turns:turn.eu-west.example.com:5349?transport=tcp";

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

  it("sends the TURN servers typed one a line, trimmed, blank lines ignored; none typed, none sent", () => {
    const values = emptyValues("docker");
    const lab = { ...values, name: "Lab", region: "lab", docker: { ...values.docker, image: "a:1" } };
    expect(createRequest({ ...lab, turnUrls: `\n  ${UDP}  \r\n\n${TLS}\n   \n` })).toMatchObject({
      ok: true,
      body: { turnUrls: [UDP, TLS] },
    });
    const none = createRequest({ ...lab, turnUrls: " \n\n " });
    expect(none.ok && none.body).not.toHaveProperty("turnUrls");
  });

  it("opens an edit with the stored TURN servers one a line, and sends them only when the list changed", () => {
    const initial = valuesOf({ ...MockLocalProvider, turnUrls: [UDP, TLS] });
    expect(initial.turnUrls).toBe(`${UDP}\n${TLS}`);
    // Blank lines and spaces change the text, not the list: nothing to send.
    expect(updateRequest({ ...initial, turnUrls: `${UDP}\n\n  ${TLS}  \n` }, initial)).toEqual({
      ok: true,
      body: { kind: "local" },
    });
    expect(updateRequest({ ...initial, turnUrls: TLS }, initial)).toEqual({
      ok: true,
      body: { kind: "local", turnUrls: [TLS] },
    });
    // An emptied field clears them, for the local provider as for any other kind.
    expect(updateRequest({ ...initial, turnUrls: "\n" }, initial)).toEqual({
      ok: true,
      body: { kind: "local", turnUrls: [] },
    });
    const kubernetes = valuesOf({ ...MockKubernetesProvider, turnUrls: [] });
    expect(updateRequest({ ...kubernetes, turnUrls: UDP }, kubernetes)).toEqual({
      ok: true,
      body: { kind: "kubernetes", turnUrls: [UDP] },
    });
    // A provider from a gateway that does not report them opens with an empty field.
    const { turnUrls: _absent, ...older } = MockDockerProvider;
    expect(valuesOf(older as typeof MockDockerProvider).turnUrls).toBe("");
  });

  it("refuses a bad TURN URL by its index, and names its line in the textarea, blank lines counted", () => {
    const initial = valuesOf(MockLocalProvider);
    const text = `${UDP}\n\nhttps://turn.example.com\n${TLS}`;
    const result = updateRequest({ ...initial, turnUrls: text }, initial);
    expect(result.ok).toBe(false);
    const errors = result.ok ? {} : result.errors;
    expect(Object.keys(errors)).toEqual(["turnUrls.1"]);
    expect(turnUrlsError(errors, text)).toMatch(/^Line 3: must be a TURN URL such as turn:/);
    expect(turnUrlsError({ name: "Required" }, text)).toBeNull();

    const tooMany = Array.from({ length: 9 }, (_, i) => `turn:turn${i}.example.com:3478`).join("\n");
    const crowded = updateRequest({ ...initial, turnUrls: tooMany }, initial);
    expect(crowded.ok || turnUrlsError(crowded.errors, tooMany)).toBe("At most 8 entries");
  });

  it("reads a gateway refusal of one TURN URL as that URL's problem", () => {
    const refusal = new ApiError("INVALID_REQUEST", 400, "turnUrls.2: must be a TURN URL such as turn:x");
    const errors = serverFieldError(refusal);
    expect(errors).toEqual({ "turnUrls.2": "Must be a TURN URL such as turn:x" });
    expect(turnUrlsError(errors ?? {}, `${UDP}\n${TLS}\nturn:bad_host`)).toBe(
      "Line 3: must be a TURN URL such as turn:x",
    );
    expect(serverFieldError(new ApiError("INVALID_REQUEST", 400, "turnUrls.x: nope"))).toBeNull();
  });
});
