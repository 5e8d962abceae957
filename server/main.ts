/**
 * Command-line entry: `node --import tsx server/main.ts`. Reads the configuration from the
 * environment (see server/README.md), starts the gateway and stops it on SIGINT/SIGTERM.
 */
import { startServer } from "./app.js";
import { ConfigError, configFromEnv } from "./config.js";

/** Exit status for configuration a human must fix (as sysexits' EX_USAGE-style "bad input"). */
const EXIT_BAD_CONFIG = 2;

async function main(): Promise<void> {
  let config: ReturnType<typeof configFromEnv>;
  try {
    config = configFromEnv(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`gangway: invalid configuration: ${error.message}\n`);
    process.exit(EXIT_BAD_CONFIG);
  }
  const server = await startServer(config);
  process.stdout.write(`Gangway is running at ${server.url}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`gangway: ${signal} received, shutting down\n`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`gangway: shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`gangway: failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
