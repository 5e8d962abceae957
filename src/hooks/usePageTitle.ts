import { useEffect } from "react";

const PRODUCT = "Gangway";

/** Sets the tab title while the page is shown: "<title> — Gangway", or an exact title. */
export function usePageTitle(title: string | null, { exact = false }: { exact?: boolean } = {}) {
  useEffect(() => {
    if (title === null) return;
    document.title = exact ? title : `${title} — ${PRODUCT}`;
  }, [title, exact]);
}
