import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterAll, afterEach, beforeAll } from "vitest";
import { server } from "../../server-mock/node";
import { mockState } from "../../server-mock/state";

// Every test talks to the shared msw handlers; a request nobody handles is a test bug.
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  mockState.reset();
});
afterAll(() => server.close());
