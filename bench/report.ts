/** Where benchmark results go: bench/results/*.json and marked sections of docs/benchmarks.md. */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** "2 × AMD EPYC, linux 6.x, node v20.x": what the figures were measured on. */
export function machineDescription(): string {
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${os.platform()} ${os.release()}, node ${process.version}`;
}

/** Writes `bench/results/<name>.json`. */
export async function writeResults(name: string, document: unknown): Promise<void> {
  await mkdir(path.join(ROOT, "bench/results"), { recursive: true });
  await writeFile(path.join(ROOT, `bench/results/${name}.json`), `${JSON.stringify(document, null, 2)}\n`);
}

/** Replaces the text between `<!-- bench:NAME -->` markers in docs/benchmarks.md. */
export async function writeSection(name: string, body: string): Promise<void> {
  const file = path.join(ROOT, "docs/benchmarks.md");
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const current = await readFile(file, "utf8");
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  if (from < 0 || to < 0) throw new Error(`docs/benchmarks.md lacks the ${start} markers`);
  await writeFile(file, `${current.slice(0, from + start.length)}\n${body}\n${current.slice(to)}`);
}
