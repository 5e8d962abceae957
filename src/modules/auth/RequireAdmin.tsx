import { useQuery } from "@tanstack/react-query";
import { Link, Outlet } from "react-router";
import { me } from "../../api/queries/auth";
import { EmptyState } from "../../components/EmptyState/EmptyState";
import { usePageTitle } from "../../hooks/usePageTitle";

/**
 * Guards admin pages inside RequireAuth (so the session is loaded). A member who types the
 * URL learns why there is nothing for them here, instead of a page of 403 errors; the
 * gateway refuses them anyway (FORBIDDEN on every admin route).
 */
export function RequireAdmin() {
  const { data } = useQuery(me());
  if (data?.user.role === "admin") return <Outlet />;
  return <OnlyAdmins />;
}

function OnlyAdmins() {
  usePageTitle("Only admins");
  return (
    <EmptyState
      icon={<LockIcon />}
      title="Only admins can open this page"
      description="Providers, the places where workspaces run, are managed by the gateway's admins. Ask one of them if you need a workspace somewhere new."
      action={<Link to="/">Go to your workspaces</Link>}
    />
  );
}

function LockIcon() {
  return (
    <svg width="24" height="24" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.75" aria-hidden>
      <rect x="5" y="10" width="14" height="10" rx="2" />
      <path d="M8 10V7a4 4 0 0 1 8 0v3" strokeLinecap="round" />
    </svg>
  );
}
