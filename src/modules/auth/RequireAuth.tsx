import { useQuery } from "@tanstack/react-query";
import { Navigate, Outlet, useLocation } from "react-router";
import { isApiError } from "../../api/errors";
import { me, setupStatus } from "../../api/queries/auth";
import { Button } from "../../components/Button/Button";
import { ErrorAlert } from "../../components/ErrorAlert/ErrorAlert";
import { FullPageMessage } from "../../components/layout/FullPageMessage";
import { Spinner } from "../../components/Spinner/Spinner";
import { loginPath } from "./redirect";

/**
 * Guards every page but /setup and /login: first-run setup comes first, then a session.
 * The wanted URL rides along to /login so the user lands where they meant to go.
 */
export function RequireAuth() {
  const location = useLocation();
  // Both at once: a signed-in user (the common case) waits for one round trip, not two.
  const setup = useQuery(setupStatus());
  const session = useQuery(me());

  if (setup.data?.needsSetup) return <Navigate to="/setup" replace />;
  const failed = setup.error ?? session.error;
  if (isApiError(failed, "SETUP_REQUIRED")) return <Navigate to="/setup" replace />;
  const signedOut = isApiError(failed, "UNAUTHENTICATED");
  // Signed out on a fresh install means setup, not login: wait for the setup status.
  if (signedOut && setup.data) return <Navigate to={loginPath(location.pathname + location.search)} replace />;
  if (failed && !signedOut) {
    return (
      <FullPageMessage>
        <ErrorAlert
          error={failed}
          action={
            <Button size="sm" onClick={() => (setup.error ? setup.refetch() : session.refetch())}>
              Retry
            </Button>
          }
        />
      </FullPageMessage>
    );
  }
  if (!session.data) {
    return (
      <FullPageMessage>
        <Spinner size="lg" label="Loading" />
      </FullPageMessage>
    );
  }
  return <Outlet />;
}
