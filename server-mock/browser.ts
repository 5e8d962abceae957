import { setupWorker } from "msw/browser";
import { MockMember } from "./fixtures";
import { handlers } from "./handlers";
import { mockState } from "./state";

/**
 * The mock server for `npm run dev:mock`; src/main.tsx starts it only in mock mode.
 * `?mock=first-run` opens it as a fresh install (the setup page), `?mock=signed-out` at the
 * login page, `?mock=member` signed in as a member; the state lives in the page, so a reload
 * starts over.
 */
const scenario = new URLSearchParams(window.location.search).get("mock");
if (scenario === "first-run") mockState.resetToFirstRun();
else if (scenario === "signed-out") mockState.currentUserId = null;
else if (scenario === "member") mockState.currentUserId = MockMember.id;

export const worker = setupWorker(...handlers);
