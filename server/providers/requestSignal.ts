import { setMaxListeners } from "node:events";

/**
 * An abort signal for one request: aborted after `timeoutMs`, or when `parent` (the provider's
 * dispose signal) aborts. Built from a plain timer on purpose: on Node 20 a signal made with
 * AbortSignal.any() over AbortSignal.timeout() can be garbage-collected before it fires,
 * leaving a request to a hung server waiting forever.
 */
export function requestSignal(parent: AbortSignal, timeoutMs: number): AbortSignal {
  const controller = new AbortController();
  const abort = () => controller.abort(parent.reason);
  if (parent.aborted) abort();
  else parent.addEventListener("abort", abort, { once: true });
  // Unref'd: a finished request needs no wake-up, and aborting it late does nothing.
  const timer = setTimeout(() => {
    parent.removeEventListener("abort", abort);
    controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, "TimeoutError"));
  }, timeoutMs);
  timer.unref();
  return controller.signal;
}

/** A provider's dispose signal: every request in flight listens to it, however many there are. */
export function disposeController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}
