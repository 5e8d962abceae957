import fs from "node:fs";

/** The gateway's version: the repository's package.json version, shown by /healthz. */
export const GATEWAY_VERSION: string = (
  JSON.parse(fs.readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;
