import { Link } from "react-router";
import { EmptyState } from "../../components/EmptyState/EmptyState";
import { usePageTitle } from "../../hooks/usePageTitle";

export function NotFoundPage() {
  usePageTitle("Not found");
  return (
    <EmptyState
      title="There is nothing at this address"
      description="The page may have moved, or the link was mistyped."
      action={<Link to="/">Go to your workspaces</Link>}
    />
  );
}
