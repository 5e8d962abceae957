/** The query parameter that carries the page to return to after signing in. */
export const REDIRECT_PARAM = "redirect";

/** Only same-origin paths: an absolute or protocol-relative URL would be an open redirect. */
export function safeRedirect(target: string | null): string {
  if (!target?.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return "/";
  return target;
}

export function loginPath(wanted: string): string {
  return wanted === "/" ? "/login" : `/login?${new URLSearchParams({ [REDIRECT_PARAM]: wanted })}`;
}
