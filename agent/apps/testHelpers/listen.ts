import type { Server as HttpServer } from "node:http";
import type { Server } from "node:net";

/** Starts `server` on 127.0.0.1 on a free port and resolves with the port. */
export function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : 0);
    });
  });
}

/** Stops `server`, cutting its open connections when it is an HTTP server. */
export function close(server: Server | HttpServer): Promise<void> {
  if ("closeAllConnections" in server) server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
