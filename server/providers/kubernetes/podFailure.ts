import type { CoreV1Event, V1Pod } from "@kubernetes/client-node";

/**
 * Container waiting reasons that mean the agent will not come up without someone changing
 * something (the image, the Secret, the code). ErrImagePull and ContainerCreating are left
 * out: the first becomes ImagePullBackOff within seconds when it persists, the second is normal.
 */
const FATAL_WAITING_REASONS = new Set([
  "ImagePullBackOff",
  "InvalidImageName",
  "CreateContainerConfigError",
  "CreateContainerError",
  "RunContainerError",
  "CrashLoopBackOff",
]);

/** Why the workspace pod cannot run its agent, or null while it runs or may still start. */
export function podFailure(pod: V1Pod): string | null {
  if (pod.metadata?.deletionTimestamp) return "The workspace pod is being deleted outside Gangway.";
  const phase = pod.status?.phase;
  if (phase === "Failed" || phase === "Succeeded") {
    const why = [pod.status?.reason, pod.status?.message].filter(Boolean).join(": ");
    return `The workspace pod ended (phase ${phase}${why ? `, ${why}` : ""}).`;
  }
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  for (const status of statuses) {
    const waiting = status.state?.waiting;
    if (waiting?.reason && FATAL_WAITING_REASONS.has(waiting.reason)) {
      return `The workspace pod cannot run its agent: ${waiting.reason}${waiting.message ? ` (${waiting.message})` : ""}.`;
    }
  }
  return null;
}

/** The most recent Warning event about the pod, as "Reason: message", or null. */
export function latestWarning(events: CoreV1Event[]): string | null {
  const warnings = events.filter((event) => event.type === "Warning");
  const time = (event: CoreV1Event) =>
    new Date(event.lastTimestamp ?? event.eventTime ?? event.metadata?.creationTimestamp ?? 0).getTime();
  const latest = warnings.sort((a, b) => time(b) - time(a))[0];
  return latest ? `${latest.reason ?? "Warning"}: ${latest.message ?? ""}`.trim() : null;
}
