import { describe, expect, it, vi } from "vitest";
import type { FetchRequestMessage } from "../shared/bridge";
import { AppHttpClient } from "./AppHttpClient";
import { WS_SHIM_TAG } from "./htmlInjection";
import { fakePeerSource, readText, streamOf } from "./testHelpers";

const ORIGIN = "http://3000--w--u.apps.localhost:7080";
const END = JSON.stringify({ type: "end" });

function request(extra: Partial<FetchRequestMessage> = {}): FetchRequestMessage {
  return {
    type: "gangway-fetch",
    method: "GET",
    url: `${ORIGIN}/page?q=1`,
    headers: [],
    body: null,
    navigate: false,
    ...extra,
  };
}

/** Answers the next request on channel `index` with `status`, `headers` and `body`. */
async function answer(
  t: ReturnType<typeof fakePeerSource>,
  headers: [string, string][],
  body: Uint8Array,
  status = 200,
) {
  await vi.waitFor(() => expect(t.peer.channels[0]?.readyState).toBeDefined());
  const channel = t.peer.channels[0] as (typeof t.peer.channels)[number];
  if (channel.readyState !== "open") channel.open();
  await vi.waitFor(() => expect(channel.sentJson().at(-1)).toEqual({ type: "end" }));
  channel.receive(JSON.stringify({ type: "response", status, statusText: "", headers }));
  if (body.byteLength > 0) channel.receive(body);
  channel.receive(END);
  return channel;
}

describe("AppHttpClient", () => {
  it("sends the path on a channel labelled with the app's port", async () => {
    const t = fakePeerSource();
    const client = new AppHttpClient(t.source, "3000");
    const pending = client.fetch(request({ headers: [["Accept", "text/css"]] }));
    const channel = await answer(t, [], new Uint8Array());
    expect(channel.label).toBe('{"port":3000}');
    expect(channel.sentJson()[0]).toEqual({
      type: "request",
      method: "GET",
      path: "/page?q=1",
      headers: [["Accept", "text/css"]],
    });
    expect((await pending).status).toBe(200);
  });

  it("decodes gzip, dropping Content-Encoding and Content-Length", async () => {
    const t = fakePeerSource();
    const client = new AppHttpClient(t.source, "code-server");
    const pending = client.fetch(request());
    const gz = new Uint8Array(
      await new Response(
        streamOf(new TextEncoder().encode("compressed text")).pipeThrough(
          new CompressionStream("gzip") as ReadableWritablePair<Uint8Array, Uint8Array>,
        ),
      ).arrayBuffer(),
    );
    const channel = await answer(
      t,
      [
        ["Content-Encoding", "gzip"],
        ["Content-Length", `${gz.byteLength}`],
        ["ETag", "e"],
      ],
      gz,
    );
    expect(channel.label).toBe('{"app":"code-server"}');
    const response = await pending;
    expect(response.headers).toEqual([["ETag", "e"]]);
    expect(await readText(response.body)).toBe("compressed text");
  });

  it("injects the WebSocket shim into HTML a frame navigates to, and only there", async () => {
    const t = fakePeerSource();
    const client = new AppHttpClient(t.source, "3000");
    const html = new TextEncoder().encode("<!doctype html><head><script>app()</script>");
    const headers: [string, string][] = [
      ["Content-Type", "text/html; charset=utf-8"],
      ["Content-Length", `${html.byteLength}`],
    ];
    const navigation = client.fetch(request({ navigate: true }));
    await answer(t, headers, html);
    const injected = await navigation;
    expect(injected.headers).toEqual([["Content-Type", "text/html; charset=utf-8"]]);
    expect(await readText(injected.body)).toBe(`<!doctype html><head>${WS_SHIM_TAG}<script>app()</script>`);

    const fetched = client.fetch(request());
    await answer(t, headers, html);
    expect(await readText((await fetched).body)).toBe("<!doctype html><head><script>app()</script>");
  });

  it("gives HEAD and 304 answers no body", async () => {
    const t = fakePeerSource();
    const client = new AppHttpClient(t.source, "3000");
    const pending = client.fetch(request({ method: "HEAD" }));
    await answer(t, [["Content-Length", "10"]], new Uint8Array());
    const response = await pending;
    expect(response.body).toBeNull();
    expect(response.headers).toEqual([["Content-Length", "10"]]);
  });

  it("adds Content-Length to a short body", async () => {
    const t = fakePeerSource();
    const client = new AppHttpClient(t.source, "3000");
    const pending = client.fetch(
      request({ method: "POST", body: streamOf(new Uint8Array([1, 2]), new Uint8Array([3])) }),
    );
    const channel = await answer(t, [], new Uint8Array(), 201);
    expect(channel.sentJson()[0]).toMatchObject({ headers: [["Content-Length", "3"]] });
    expect([...(channel.sent[1] as Uint8Array)]).toEqual([1, 2]);
    expect((await pending).status).toBe(201);
  });

  it("turns agent errors into responses that say what failed", async () => {
    const t = fakePeerSource();
    const client = new AppHttpClient(t.source, "3000");
    const pending = client.fetch(request({ navigate: true }));
    await vi.waitFor(() => expect(t.peer.channels).toHaveLength(1));
    t.peer.channels[0]?.open();
    t.peer.channels[0]?.receive(
      JSON.stringify({ type: "error", code: "PROVIDER_ERROR", message: "connect ECONNREFUSED" }),
    );
    const response = await pending;
    expect(response.status).toBe(502);
    expect(response.headers).toContainEqual(["Content-Type", "text/html; charset=utf-8"]);
    expect(await readText(response.body)).toMatch(/did not answer.*ECONNREFUSED/);

    const missing = client.fetch(request());
    await vi.waitFor(() => expect(t.peer.channels[0]?.sentJson()).toHaveLength(4));
    t.peer.channels[0]?.receive(JSON.stringify({ type: "error", code: "NOT_FOUND", message: "no such app" }));
    expect((await missing).status).toBe(404);
  });

  it("waits for the connection, and answers 502 when it failed for good", async () => {
    const t = fakePeerSource("connecting");
    const client = new AppHttpClient(t.source, "3000");
    const pending = client.fetch(request());
    t.setState("failed");
    const response = await pending;
    expect(response.status).toBe(502);
    expect(await readText(response.body)).toMatch(/gone for good/);
    expect(t.peer.channels).toHaveLength(0);
  });
});
