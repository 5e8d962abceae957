/** The tag the host page puts into every HTML document it hands to a frame. */
export const WS_SHIM_TAG = '<script src="/__gangway/ws-shim.js"></script>';

/**
 * Bytes of a document's start held back while looking for `<head>`. Anything longer before
 * the first element is not a real page's prologue; the tag then goes where the scan stopped.
 */
export const MAX_PROLOGUE_BYTES = 64 * 1024;

const WHITESPACE = /[\t\n\f\r ]/;
/** A UTF-8 byte order mark, read one byte per character. */
const UTF8_BOM = "\u00ef\u00bb\u00bf";

/**
 * Where to insert a script into a document that starts with `text` (one character per byte),
 * so that it runs before any script of the document without changing its mode: after the
 * `<head …>` start tag; or, without one, before the first thing that is not whitespace, a
 * comment, the doctype or the `<html>` tag (which all may precede `<head>`). Null when
 * `text` ends before that is decided and more may follow (`complete` false).
 */
export function injectionOffset(text: string, complete: boolean): number | null {
  let at = text.startsWith(UTF8_BOM) ? UTF8_BOM.length : 0;
  for (;;) {
    while (at < text.length && WHITESPACE.test(text.charAt(at))) at++;
    if (at >= text.length) return complete ? at : null;
    if (text.charAt(at) !== "<") return at;
    const rest = text.slice(at, at + 5).toLowerCase();
    if (!complete && rest.length < 5 && "<!--".startsWith(rest.slice(0, 4))) return null;
    if (rest.startsWith("<!--")) {
      const close = text.indexOf("-->", at + 4);
      if (close < 0) return complete ? at : null;
      at = close + 3;
      continue;
    }
    if (rest.startsWith("<!") || rest.startsWith("<?")) {
      const close = text.indexOf(">", at);
      if (close < 0) return complete ? at : null;
      at = close + 1;
      continue;
    }
    const name = /^<([a-zA-Z][^\t\n\f\r />]*)/.exec(text.slice(at, at + 64));
    if (!name) return at;
    const nameEnd = at + (name[0]?.length ?? 0);
    if (nameEnd >= text.length && !complete) return null;
    const tag = name[1]?.toLowerCase();
    if (tag !== "html" && tag !== "head") return at;
    const end = tagEnd(text, nameEnd);
    if (end === null) return complete ? at : null;
    if (tag === "head") return end;
    at = end;
  }
}

/** The offset just after the `>` closing a start tag whose attributes begin at `from`; quotes respected. */
function tagEnd(text: string, from: number): number | null {
  let quote: string | null = null;
  for (let index = from; index < text.length; index++) {
    const char = text.charAt(index);
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === ">") return index + 1;
  }
  return null;
}

/**
 * A stream transform that inserts `tag` into an HTML document (see `injectionOffset`). It
 * holds back only the document's prologue, at most `MAX_PROLOGUE_BYTES`; everything after
 * the insertion point streams through untouched.
 */
export function injectScriptTag(tag: string = WS_SHIM_TAG): TransformStream<Uint8Array, Uint8Array> {
  const inserted = new TextEncoder().encode(tag);
  // windows-1252 maps every byte to one UTF-16 unit, so string offsets are byte offsets.
  const decoder = new TextDecoder("windows-1252");
  let held: Uint8Array | null = new Uint8Array(0);
  let text = "";

  const emit = (controller: TransformStreamDefaultController<Uint8Array>, offset: number) => {
    const bytes = held ?? new Uint8Array(0);
    held = null;
    if (offset > 0) controller.enqueue(bytes.subarray(0, offset));
    controller.enqueue(inserted);
    if (offset < bytes.byteLength) controller.enqueue(bytes.subarray(offset));
  };

  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      if (!held) {
        controller.enqueue(chunk);
        return;
      }
      const joined = new Uint8Array(held.byteLength + chunk.byteLength);
      joined.set(held);
      joined.set(chunk, held.byteLength);
      held = joined;
      text += decoder.decode(chunk, { stream: true });
      const full = held.byteLength >= MAX_PROLOGUE_BYTES;
      const offset = injectionOffset(text, full);
      if (offset !== null) emit(controller, Math.min(offset, held.byteLength));
    },
    flush(controller) {
      if (held) emit(controller, Math.min(injectionOffset(text, true) ?? 0, held.byteLength));
    },
  });
}
