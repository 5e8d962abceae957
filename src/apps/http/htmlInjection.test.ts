import { describe, expect, it } from "vitest";
import { injectionOffset, injectScriptTag, MAX_PROLOGUE_BYTES } from "./htmlInjection";

const TAG = "<script src=/shim.js></script>";

/** Pipes `parts` (strings, one chunk each) through the transform and returns the document. */
async function inject(parts: string[]): Promise<{ text: string }> {
  const encoder = new TextEncoder();
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(encoder.encode(part));
      controller.close();
    },
  });
  const output = await new Response(source.pipeThrough(injectScriptTag(TAG))).arrayBuffer();
  return { text: new TextDecoder().decode(output) };
}

describe("injectionOffset", () => {
  it("goes right after the head start tag, past doctype, comments and the html tag", () => {
    const doc = '<!DOCTYPE html>\n<!-- hi > there -->\n<html lang="en">\n<HEAD data-x="a>b"><title>';
    expect(doc.slice(0, injectionOffset(doc, false) ?? -1)).toBe(
      '<!DOCTYPE html>\n<!-- hi > there -->\n<html lang="en">\n<HEAD data-x="a>b">',
    );
  });

  it("goes before the first other element when there is no head tag", () => {
    expect(injectionOffset("<!doctype html><script>x()</script>", false)).toBe(15);
    expect(injectionOffset("<!doctype html><html><body>", false)).toBe(21);
    expect(injectionOffset("<header>", false)).toBe(0);
    expect(injectionOffset("plain text", false)).toBe(0);
  });

  it("waits for more when the prologue is cut off, and decides at the end", () => {
    expect(injectionOffset("<!doctype html><he", false)).toBeNull();
    expect(injectionOffset("<!-- unfinished", false)).toBeNull();
    expect(injectionOffset("<html lang=", false)).toBeNull();
    expect(injectionOffset("  ", false)).toBeNull();
    expect(injectionOffset("<!doctype html>  ", true)).toBe(17);
  });

  it("skips a UTF-8 byte order mark", () => {
    expect(injectionOffset("\u00ef\u00bb\u00bf<head>", false)).toBe(9);
  });
});

describe("injectScriptTag", () => {
  it("inserts the tag once, across chunk boundaries, leaving the rest intact", async () => {
    const { text } = await inject([
      "<!doctype html><ht",
      "ml><he",
      "ad><script>app()</script></head>",
      "<body>é</body>",
    ]);
    expect(text).toBe(`<!doctype html><html><head>${TAG}<script>app()</script></head><body>é</body>`);
  });

  it("puts the tag first in a document with only text, and into an empty one", async () => {
    expect((await inject(["hello"])).text).toBe(`${TAG}hello`);
    expect((await inject([])).text).toBe(TAG);
  });

  it("gives up holding back after the prologue limit and inserts where the scan stopped", async () => {
    const comment = `<!--${"x".repeat(MAX_PROLOGUE_BYTES)}`;
    const { text } = await inject(["<!doctype html>", comment, "--><head>"]);
    expect(text).toBe(`<!doctype html>${TAG}${comment}--><head>`);
  });

  it("streams without holding a document whose head came early", async () => {
    const encoder = new TextEncoder();
    let pulls = 0;
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        controller.enqueue(encoder.encode(pulls === 1 ? "<head>" : "x"));
      },
    });
    const reader = source.pipeThrough(injectScriptTag(TAG)).getReader();
    const decoder = new TextDecoder();
    let seen = "";
    while (!seen.includes(`${TAG}x`)) seen += decoder.decode((await reader.read()).value);
    expect(seen.startsWith(`<head>${TAG}x`)).toBe(true);
    await reader.cancel();
  });
});
