import type { Provider, User, Workspace, WorkspaceStatus } from "../protocol/rest.js";
import { MockAdmin, MockMember, MockPassword, MockProviders, MockWorkspaces } from "./fixtures";

/**
 * The mock server's in-memory world: users, the signed-in user, workspaces. One session
 * for the whole page (or test), which is all a single-user mock needs.
 */

/**
 * How long a mock start or stop takes. Long enough to see the "starting" badge and the
 * dashboard's polling in dev mode, short enough not to bore anyone.
 */
const DEFAULT_TRANSITION_MS = 1500;

interface Transition {
  to: Extract<WorkspaceStatus, "running" | "stopped">;
  at: number;
}

export class MockState {
  users: { user: User; password: string }[] = [];
  currentUserId: string | null = null;
  providers: Provider[] = [];
  transitionMs = DEFAULT_TRANSITION_MS;
  private workspaces = new Map<string, Workspace>();
  private transitions = new Map<string, Transition>();

  constructor() {
    this.reset();
  }

  /** Setup done, the admin signed in, the fixture workspaces present. */
  reset(): void {
    this.users = [MockAdmin, MockMember].map((user) => ({ user, password: MockPassword }));
    this.currentUserId = MockAdmin.id;
    this.providers = structuredClone(MockProviders);
    this.transitionMs = DEFAULT_TRANSITION_MS;
    this.workspaces = new Map(MockWorkspaces.map((w) => [w.id, structuredClone(w)]));
    this.transitions.clear();
  }

  /** A gateway that was just installed: no users, nobody signed in, nothing created. */
  resetToFirstRun(): void {
    this.reset();
    this.users = [];
    this.currentUserId = null;
    this.workspaces.clear();
  }

  get needsSetup(): boolean {
    return this.users.length === 0;
  }

  get currentUser(): User | null {
    return this.users.find((u) => u.user.id === this.currentUserId)?.user ?? null;
  }

  listWorkspaces(ownerId: string): Workspace[] {
    return [...this.workspaces.values()].filter((w) => w.ownerId === ownerId).map((w) => this.settle(w));
  }

  getWorkspace(id: string, ownerId: string): Workspace | null {
    const workspace = this.workspaces.get(id);
    return workspace && workspace.ownerId === ownerId ? this.settle(workspace) : null;
  }

  addWorkspace(workspace: Workspace): void {
    this.workspaces.set(workspace.id, workspace);
    if (workspace.status === "starting") this.beginTransition(workspace.id, "running");
  }

  deleteWorkspace(id: string): void {
    this.workspaces.delete(id);
    this.transitions.delete(id);
  }

  /** Starts a start or stop; returns the workspace as it is now (starting or stopping). */
  beginTransition(id: string, to: Transition["to"]): Workspace | null {
    const workspace = this.workspaces.get(id);
    if (!workspace) return null;
    workspace.status = to === "running" ? "starting" : "stopping";
    workspace.statusMessage = null;
    this.transitions.set(id, { to, at: Date.now() + this.transitionMs });
    return structuredClone(workspace);
  }

  /** Transitions finish lazily when read, so the mock needs no timers to clean up. */
  private settle(workspace: Workspace): Workspace {
    const transition = this.transitions.get(workspace.id);
    if (transition && Date.now() >= transition.at) {
      this.transitions.delete(workspace.id);
      workspace.status = transition.to;
      const now = new Date().toISOString();
      workspace.agent =
        transition.to === "running"
          ? { connection: "connected", lastSeenAt: now, version: "0.1.0" }
          : { ...workspace.agent, connection: "disconnected", lastSeenAt: now };
    }
    return structuredClone(workspace);
  }
}

export const mockState = new MockState();
