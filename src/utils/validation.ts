import type { z } from "zod";

/** The first problem with `value` as a short sentence for a form field, or null if valid. */
export function fieldError(schema: z.ZodType, value: unknown): string | null {
  const result = schema.safeParse(value);
  if (result.success) return null;
  const issue = result.error.issues[0];
  if (!issue) return "Invalid value";
  if (issue.code === "too_small")
    return Number(issue.minimum) <= 1 ? "Required" : `At least ${issue.minimum} characters`;
  if (issue.code === "too_big") return `At most ${issue.maximum} characters`;
  return issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
}
