import type { ChildMessage, EventMap, IpcRequest, MethodMap } from "./ipcProtocol.js";

export type Handlers<M extends MethodMap> = {
  [K in keyof M]: (params: M[K]["params"]) => Promise<M[K]["result"]> | M[K]["result"];
};

export interface IpcServer<E extends EventMap> {
  emit<K extends keyof E & string>(event: K, data: E[K]): void;
}

/**
 * The child side of the lab's IPC: answers requests with the handlers and reports events.
 * The child exits when the channel closes, so it never outlives the lab that started it.
 */
export function serveIpc<M extends MethodMap, E extends EventMap>(handlers: Handlers<M>): IpcServer<E> {
  const send = (message: ChildMessage) => process.send?.(message);
  process.on("message", async (message: IpcRequest) => {
    try {
      const handler = handlers[message.method as keyof M];
      if (!handler) throw new Error(`unknown method ${message.method}`);
      const result = await handler(message.params as M[keyof M]["params"]);
      send({ type: "reply", id: message.id, result: result ?? null });
    } catch (error) {
      send({ type: "reply", id: message.id, error: error instanceof Error ? error.message : String(error) });
    }
  });
  process.on("disconnect", () => process.exit(0));
  send({ type: "ready" });
  return { emit: (event, data) => send({ type: "event", event, data }) };
}
