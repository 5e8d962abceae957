import { describe, expect, it } from "vitest";
import { APP_ORIGIN_PREFIX, APP_SESSION_COOKIE } from "../../../protocol/rest.js";
import { GANGWAY_PATH_PREFIX, GANGWAY_SESSION_COOKIE } from "./names";

describe("names the service worker keeps", () => {
  it("equal the protocol's", () => {
    expect(GANGWAY_PATH_PREFIX).toBe(APP_ORIGIN_PREFIX);
    expect(GANGWAY_SESSION_COOKIE).toBe(APP_SESSION_COOKIE);
  });
});
