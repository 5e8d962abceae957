/** Splits `bytes` into views of at most `maxBytes` each, without copying. */
export function* chunkBytes(bytes: Uint8Array, maxBytes: number): Generator<Uint8Array> {
  for (let offset = 0; offset < bytes.byteLength; offset += maxBytes) {
    yield bytes.subarray(offset, offset + maxBytes);
  }
}
