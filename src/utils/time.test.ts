import { describe, expect, it } from "vitest";
import { relativeTime } from "./time";

describe("relativeTime", () => {
  const now = Date.parse("2025-03-10T12:00:00.000Z");

  it.each([
    ["2025-03-10T11:59:30.000Z", "just now"],
    ["2025-03-10T11:55:00.000Z", "5 min ago"],
    ["2025-03-10T09:00:00.000Z", "3 h ago"],
    ["2025-03-09T10:00:00.000Z", "yesterday"],
    ["2025-03-07T12:00:00.000Z", "3 days ago"],
  ])("%s is %s", (iso, expected) => {
    expect(relativeTime(iso, now)).toBe(expected);
  });
});
