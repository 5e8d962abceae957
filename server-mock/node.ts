import { setupServer } from "msw/node";
import { handlers } from "./handlers";

/** The mock server for component tests (started by src/testHelpers/setup.ts). */
export const server = setupServer(...handlers);
