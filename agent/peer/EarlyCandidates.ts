import type { IceCandidate } from "../../protocol/signaling.js";

/**
 * Connection attempts whose candidates are held before their offer. The gateway normally
 * relays the offer first; this only covers reordering, so a few suffice, and the oldest
 * attempt is dropped first (it is the one most likely abandoned).
 */
const MAX_EARLY_CONNECTIONS = 16;

/** Candidates held per attempt; a browser gathers a handful per network interface. */
const MAX_EARLY_CANDIDATES_PER_CONNECTION = 64;

/** Remote ICE candidates that arrived before the offer of their connection. Bounded, no timers. */
export class EarlyCandidates {
  private readonly byConnection = new Map<string, IceCandidate[]>();

  add(connectionId: string, candidate: IceCandidate): void {
    let candidates = this.byConnection.get(connectionId);
    if (!candidates) {
      if (this.byConnection.size >= MAX_EARLY_CONNECTIONS) {
        const oldest = this.byConnection.keys().next().value;
        if (oldest !== undefined) this.byConnection.delete(oldest);
      }
      candidates = [];
      this.byConnection.set(connectionId, candidates);
    }
    if (candidates.length < MAX_EARLY_CANDIDATES_PER_CONNECTION) candidates.push(candidate);
  }

  /** Removes and returns what was held for this connection. */
  take(connectionId: string): IceCandidate[] {
    const candidates = this.byConnection.get(connectionId) ?? [];
    this.byConnection.delete(connectionId);
    return candidates;
  }

  clear(): void {
    this.byConnection.clear();
  }
}
