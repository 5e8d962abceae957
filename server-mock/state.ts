import type { ProviderCheck, ProviderDetails, User, Workspace, WorkspaceStatus } from "../protocol/rest.js";
import {
  MockAdmin,
  MockDockerFailingChecks,
  MockDockerProvider,
  MockMember,
  MockPassword,
  MockProviders,
  MockWorkspaces,
  passingChecks,
} from "./fixtures";

/**
 * The mock server's in-memory world: users, the signed-in user, providers, workspaces. One
 * session for the whole page (or test), which is all a single-user mock needs.
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
  transitionMs = DEFAULT_TRANSITION_MS;
  /** What the connection test of a provider finds; providers not listed pass every check. */
  checkResults = new Map<string, ProviderCheck[]>();
  private providers: ProviderDetails[] = [];
  /** Providers being checked ("pending") and when that check ends. */
  private pendingChecks = new Map<string, number>();
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
    this.checkResults = new Map([[MockDockerProvider.id, MockDockerFailingChecks]]);
    this.pendingChecks.clear();
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

  /** Every provider as admins see it, with its workspace count. */
  listProviders(): ProviderDetails[] {
    return this.providers.map((provider) => this.settleProvider(provider));
  }

  getProvider(id: string): ProviderDetails | null {
    const provider = this.providers.find((p) => p.id === id);
    return provider ? this.settleProvider(provider) : null;
  }

  /** Adds a provider as "pending"; its check finishes after `transitionMs`, like the gateway's. */
  addProvider(provider: ProviderDetails): ProviderDetails {
    const stored: ProviderDetails = { ...provider, status: "pending", statusMessage: null };
    this.providers.push(stored);
    this.pendingChecks.set(stored.id, Date.now() + this.transitionMs);
    return this.settleProvider(stored);
  }

  /** Applies `changes`; changed settings send the provider back to "pending". */
  updateProvider(id: string, changes: Partial<ProviderDetails>, recheck: boolean): ProviderDetails | null {
    const index = this.providers.findIndex((p) => p.id === id);
    const current = this.providers[index];
    if (!current) return null;
    const updated = { ...current, ...changes } as ProviderDetails;
    if (recheck) {
      updated.status = "pending";
      updated.statusMessage = null;
      this.pendingChecks.set(id, Date.now() + this.transitionMs);
    }
    this.providers[index] = updated;
    return this.settleProvider(updated);
  }

  deleteProvider(id: string): void {
    this.providers = this.providers.filter((p) => p.id !== id);
    this.pendingChecks.delete(id);
    this.checkResults.delete(id);
  }

  /** Runs the connection test now and records the outcome, as POST /providers/:id/test does. */
  testProvider(id: string): { checks: ProviderCheck[]; provider: ProviderDetails } | null {
    const provider = this.providers.find((p) => p.id === id);
    if (!provider) return null;
    this.pendingChecks.delete(id);
    const checks = this.recordCheck(provider);
    return { checks, provider: this.settleProvider(provider) };
  }

  /** Every owner's workspaces on a provider: what keeps it from being deleted. */
  workspacesOn(providerId: string): Workspace[] {
    return [...this.workspaces.values()].filter((w) => w.providerId === providerId);
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

  private recordCheck(provider: ProviderDetails): ProviderCheck[] {
    const checks = this.checkResults.get(provider.id) ?? passingChecks(provider);
    const failed = checks.filter((check) => !check.passed);
    provider.status = failed.length === 0 ? "ready" : "error";
    provider.statusMessage =
      failed.length === 0
        ? null
        : failed.length === 1
          ? `${failed[0]?.name}: ${failed[0]?.message}`
          : `${failed.length} checks failed: ${failed.map((check) => check.name).join(", ")}. Run the connection test for details.`;
    provider.lastCheckedAt = new Date().toISOString();
    return checks;
  }

  /** A pending check finishes when read, like a transition; the count is always current. */
  private settleProvider(provider: ProviderDetails): ProviderDetails {
    const checkEnds = this.pendingChecks.get(provider.id);
    if (checkEnds !== undefined && Date.now() >= checkEnds) {
      this.pendingChecks.delete(provider.id);
      this.recordCheck(provider);
    }
    return structuredClone({ ...provider, workspaceCount: this.workspacesOn(provider.id).length });
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
