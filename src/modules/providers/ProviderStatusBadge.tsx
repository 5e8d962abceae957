import type { ProviderKind, ProviderStatus } from "../../../protocol/rest.js";
import { StatusBadge, type StatusTone } from "../../components/StatusBadge/StatusBadge";

const LOOK: Record<ProviderStatus, { tone: StatusTone; label: string; pulse: boolean }> = {
  pending: { tone: "info", label: "Checking", pulse: true },
  ready: { tone: "success", label: "Ready", pulse: false },
  error: { tone: "danger", label: "Error", pulse: false },
};

export function ProviderStatusBadge({ status }: { status: ProviderStatus }) {
  const look = LOOK[status];
  return <StatusBadge tone={look.tone} label={look.label} pulse={look.pulse} />;
}

const KIND_LABELS: Record<ProviderKind, string> = {
  local: "Built-in (this machine)",
  kubernetes: "Kubernetes",
  docker: "Docker",
};

export function providerKindLabel(kind: ProviderKind): string {
  return KIND_LABELS[kind];
}
