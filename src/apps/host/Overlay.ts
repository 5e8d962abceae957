import type { PeerSnapshot } from "../../modules/peer/PeerConnection";

/** What the overlay shows; "hidden" while the app is connected. */
export type OverlayView =
  | { state: "hidden" }
  | { state: "connecting" | "interrupted" | "reconnecting"; title: string; detail?: string; code?: string | null }
  | { state: "failed"; title: string; detail: string; code: string | null; retry: () => void }
  | { state: "signed-out"; dashboardUrl: string | null };

/**
 * The notice over the app's frame: connecting, interrupted, reconnecting (the app stays
 * visible), a failure with its reason and code and a Retry button, or "open this app from the
 * dashboard". Test hooks: `data-testid="app-overlay"` with `data-state` and `data-code`.
 */
export class Overlay {
  private readonly root = document.createElement("div");

  constructor(parent: HTMLElement) {
    this.root.className = "overlay";
    this.root.dataset.testid = "app-overlay";
    this.root.setAttribute("role", "status");
    parent.append(this.root);
  }

  show(view: OverlayView): void {
    this.root.dataset.state = view.state;
    this.root.hidden = view.state === "hidden";
    if (view.state === "hidden") {
      this.root.replaceChildren();
      return;
    }
    const card = element("div", "overlay-card");
    if (view.state === "signed-out") {
      card.append(element("h1", "overlay-title", "Open this app from the dashboard"));
      card.append(element("p", "overlay-detail", "This tab is not signed in to the app, or its sign-in has ended."));
      if (view.dashboardUrl) {
        const link = element("a", "", "Go to the dashboard");
        link.setAttribute("href", view.dashboardUrl);
        card.append(actions(link));
      }
      this.root.dataset.code = "UNAUTHENTICATED";
    } else {
      const title = element("h1", "overlay-title");
      if (view.state !== "failed") title.append(element("span", "spinner"));
      title.append(view.title);
      card.append(title);
      if (view.detail) card.append(element("p", "overlay-detail", view.detail));
      if (view.code) card.append(element("p", "overlay-code", `Error code: ${view.code}`));
      this.root.dataset.code = view.code ?? "";
      if (view.state === "failed") {
        const retry = element("button", "", "Retry");
        retry.addEventListener("click", view.retry);
        card.append(actions(retry));
      }
    }
    this.root.replaceChildren(card);
  }
}

/** The overlay for a peer connection's state. */
export function viewOfPeer(snapshot: PeerSnapshot, appTitle: string, retry: () => void): OverlayView {
  const { state } = snapshot;
  switch (state.kind) {
    case "connecting":
      return { state: "connecting", title: `Connecting to ${appTitle}…` };
    case "connected":
      return state.interrupted
        ? { state: "interrupted", title: "Connection interrupted", detail: "Waiting for the network to come back…" }
        : { state: "hidden" };
    case "reconnecting":
      return {
        state: "reconnecting",
        title: state.delayMs > 0 ? `Reconnecting in ${Math.ceil(state.delayMs / 1000)} s…` : "Reconnecting…",
        detail: state.reason.message,
        code: state.reason.code,
      };
    case "failed":
      return {
        state: "failed",
        title: "Cannot connect to the app",
        detail: state.reason.message,
        code: state.reason.code,
        retry,
      };
  }
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function actions(...children: HTMLElement[]): HTMLElement {
  const row = element("div", "overlay-actions");
  row.append(...children);
  return row;
}
