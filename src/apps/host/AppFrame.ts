/**
 * The app's full-window frame. The top URL follows the frame's location (history.replaceState),
 * so a reload or a bookmark returns to the same place: read on every load, on popstate and
 * hashchange, and after the app's own pushState/replaceState calls. The tab's title follows
 * the app's document title the same way.
 */
export class AppFrame {
  readonly element = document.createElement("iframe");

  constructor(
    parent: HTMLElement,
    initialUrl: string,
    /** The frame's document title, whenever it changes ("" when it has none). */
    private readonly onTitle: (title: string) => void = () => undefined,
    /** Every time a document finished loading in the frame (also an error page). */
    onLoad: () => void = () => undefined,
  ) {
    this.element.className = "app-frame";
    this.element.dataset.testid = "app-frame";
    this.element.title = "App";
    this.element.allow = "clipboard-read; clipboard-write; fullscreen";
    this.element.addEventListener("load", () => {
      this.watch();
      onLoad();
    });
    this.element.src = initialUrl;
    parent.append(this.element);
  }

  /** Loads the frame's current document again (after a failure made it show an error page). */
  reload(): void {
    try {
      this.element.contentWindow?.location.reload();
    } catch {
      this.element.src = `${window.location.pathname}${window.location.search}${window.location.hash}`;
    }
  }

  private watch(): void {
    this.sync();
    let frameWindow: Window | null;
    try {
      frameWindow = this.element.contentWindow;
      if (!frameWindow || frameWindow.location.origin !== window.location.origin) return;
    } catch {
      return; // The frame navigated to another origin: nothing to mirror.
    }
    const frameDocument = frameWindow.document;
    const title = () => this.onTitle(frameDocument.title.trim());
    title();
    // Apps retitle themselves (VS Code names the open file): follow <title> as it changes.
    new MutationObserver(title).observe(frameDocument.head ?? frameDocument.documentElement, {
      subtree: true,
      childList: true,
      characterData: true,
    });
    frameWindow.addEventListener("popstate", () => this.sync());
    frameWindow.addEventListener("hashchange", () => this.sync());
    const history = frameWindow.history;
    for (const method of ["pushState", "replaceState"] as const) {
      const original = history[method];
      history[method] = (...args: Parameters<History["pushState"]>) => {
        original.apply(history, args);
        this.sync();
      };
    }
  }

  private sync(): void {
    let url: string;
    try {
      const location = this.element.contentWindow?.location;
      if (!location || location.origin !== window.location.origin) return;
      url = `${location.pathname}${location.search}${location.hash}`;
    } catch {
      return;
    }
    const current = `${window.location.pathname}${window.location.search}${window.location.hash}`;
    if (url !== current) window.history.replaceState(window.history.state, "", url);
  }
}
