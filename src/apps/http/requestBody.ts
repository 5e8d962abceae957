/**
 * The request body with its length when it is short: Node servers and many frameworks (Python's
 * `http.server`, say) need a `Content-Length`, which a service worker cannot see. The body is
 * read up to `limit` bytes; if it ends by then its length is known, otherwise it streams on
 * (sent chunked by the agent) with what was read put back in front.
 */
export async function measureBody(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<{ body: ReadableStream<Uint8Array> | null; length: number | null }> {
  if (!body) return { body: null, length: null };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  while (length <= limit) {
    const { done, value } = await reader.read();
    if (done) return { body: streamOf(chunks, null), length };
    chunks.push(value);
    length += value.byteLength;
  }
  return { body: streamOf(chunks, reader), length: null };
}

/** `chunks`, then whatever `rest` still yields. */
function streamOf(chunks: Uint8Array[], rest: ReadableStreamDefaultReader<Uint8Array> | null) {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = chunks.shift() ?? (rest ? await rest.read() : { done: true as const, value: undefined }).value;
        if (next) controller.enqueue(next);
        else controller.close();
      },
      cancel(reason) {
        return rest?.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
