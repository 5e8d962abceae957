/**
 * The messages between the lab (parent) and a helper Node process it runs inside a namespace
 * (child), over Node's IPC channel. An API is a map of method name to params and result, plus
 * a map of event name to payload for what the child reports unasked.
 */

export type MethodMap = Record<string, { params: unknown; result: unknown }>;
export type EventMap = Record<string, unknown>;

/** Parent → child: call a method. */
export interface IpcRequest {
  readonly type: "request";
  readonly id: number;
  readonly method: string;
  readonly params: unknown;
}

/** Child → parent: the child has set up and takes requests. */
export interface IpcReady {
  readonly type: "ready";
}

/** Child → parent: a method's result, or the message of the error it threw. */
export type IpcReply =
  | { readonly type: "reply"; readonly id: number; readonly result: unknown }
  | { readonly type: "reply"; readonly id: number; readonly error: string };

/** Child → parent: something happened (a local ICE candidate, a message received). */
export interface IpcEvent {
  readonly type: "event";
  readonly event: string;
  readonly data: unknown;
}

export type ChildMessage = IpcReady | IpcReply | IpcEvent;
