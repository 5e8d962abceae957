import type { WorkspaceStatus } from "../../../protocol/rest.js";
import { StatusBadge, type StatusTone } from "../../components/StatusBadge/StatusBadge";

const LOOK: Record<WorkspaceStatus, { tone: StatusTone; label: string; pulse: boolean }> = {
  stopped: { tone: "neutral", label: "Stopped", pulse: false },
  starting: { tone: "info", label: "Starting", pulse: true },
  running: { tone: "success", label: "Running", pulse: false },
  stopping: { tone: "warning", label: "Stopping", pulse: true },
  failed: { tone: "danger", label: "Failed", pulse: false },
};

export function WorkspaceStatusBadge({ status }: { status: WorkspaceStatus }) {
  const look = LOOK[status];
  return <StatusBadge tone={look.tone} label={look.label} pulse={look.pulse} />;
}
