import { API } from "../../api/api";

/**
 * Opens one of a workspace's apps in a new tab, on the app's own origin.
 *
 * The tab is opened inside the click (a tab opened after an await may be blocked as a
 * popup), cut from this window (`opener = null`: the app must not reach back into the
 * dashboard), and sent to the one-use sign-in link once the gateway has issued it. When the
 * ticket fails the blank tab is closed again and the error is the caller's to show.
 */
export async function openApp(workspaceId: string, slug: string): Promise<void> {
  const tab = window.open("about:blank", "_blank");
  if (tab) tab.opener = null;
  try {
    const ticket = await API.createAppTicket(workspaceId, slug);
    if (tab) tab.location.href = ticket.url;
    else window.location.assign(ticket.url);
  } catch (error) {
    tab?.close();
    throw error;
  }
}
