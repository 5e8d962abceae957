/** How often and how patiently the gateway talks to remote providers (Kubernetes, Docker). */
export interface ProviderTimings {
  /** Between two health checks of each remote provider. */
  checkIntervalMs: number;
  /** One API request to a cluster or engine; past it the provider counts as unreachable. */
  requestTimeoutMs: number;
  /** Between two looks at the pods/containers of running workspaces (crash, image pull failure). */
  computePollIntervalMs: number;
  /** How long a stop waits for a pod or container to be gone before it gives up waiting. */
  stopWaitMs: number;
}

export const DEFAULT_PROVIDER_TIMINGS: ProviderTimings = {
  // Often enough that an outage shows within a minute, rare enough to cost a cluster nothing.
  checkIntervalMs: 30_000,
  // An API server answers in milliseconds; 10 s rides out a slow link without hanging a request.
  requestTimeoutMs: 10_000,
  // A failed image pull or a crash loop should reach the dashboard in seconds, not minutes.
  computePollIntervalMs: 5_000,
  // A pod's default grace period is 30 s; ours is shorter (POD_TERMINATION_GRACE_SECONDS) plus slack.
  stopWaitMs: 20_000,
};
