import type { z } from "zod";

/** Problems of a form by field, keyed by the protocol path ("settings.namespace"). */
export type FieldErrors = Record<string, string>;

/** One zod issue as a short sentence for a form field. */
function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "too_small" && issue.origin === "number") {
    return issue.inclusive ? `Must be at least ${issue.minimum}` : `Must be more than ${issue.minimum}`;
  }
  if (issue.code === "too_big" && issue.origin === "number") return `Must be at most ${issue.maximum}`;
  if (issue.code === "too_big" && issue.origin === "array") return `At most ${issue.maximum} entries`;
  if (issue.code === "too_small")
    return Number(issue.minimum) <= 1 ? "Required" : `At least ${issue.minimum} characters`;
  if (issue.code === "too_big") return `At most ${issue.maximum} characters`;
  if (issue.code === "invalid_type" && issue.expected === "number") return "Must be a number";
  return issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
}

/** The first problem with `value` as a short sentence for a form field, or null if valid. */
export function fieldError(schema: z.ZodType, value: unknown): string | null {
  const result = schema.safeParse(value);
  if (result.success) return null;
  const issue = result.error.issues[0];
  return issue ? issueMessage(issue) : "Invalid value";
}

/** Every field's first problem, so a whole form can show them at once; empty when valid. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.join(".");
    errors[path] ??= issueMessage(issue);
  }
  return errors;
}
