import type { RouteObject } from "react-router";
import { AppLayout } from "./components/layout/AppLayout";
import { FullPageMessage } from "./components/layout/FullPageMessage";
import { Spinner } from "./components/Spinner/Spinner";
import { RequireAdmin } from "./modules/auth/RequireAdmin";
import { RequireAuth } from "./modules/auth/RequireAuth";
import { LoginPage } from "./pages/LoginPage/LoginPage";
import { NotFoundPage } from "./pages/NotFoundPage/NotFoundPage";
import { ProvidersPage } from "./pages/ProvidersPage/ProvidersPage";
import { SetupPage } from "./pages/SetupPage/SetupPage";
import { NewTerminalSession } from "./pages/TerminalPage/NewTerminalSession";
import { WorkspacePage } from "./pages/WorkspacePage/WorkspacePage";
import { WorkspacesPage } from "./pages/WorkspacesPage/WorkspacesPage";

/** Every route of the SPA; shared by the browser router and the tests' memory router. */
export const routes: RouteObject[] = [
  { path: "/setup", element: <SetupPage /> },
  { path: "/login", element: <LoginPage /> },
  {
    element: <RequireAuth />,
    children: [
      {
        element: <AppLayout />,
        children: [
          { index: true, element: <WorkspacesPage /> },
          { path: "/workspaces/:workspaceId", element: <WorkspacePage /> },
          { element: <RequireAdmin />, children: [{ path: "/providers", element: <ProvidersPage /> }] },
          { path: "*", element: <NotFoundPage /> },
        ],
      },
      // The terminal is full-window: no navbar.
      { path: "/workspaces/:workspaceId/terminal", element: <NewTerminalSession /> },
      // xterm.js is loaded only by the page that needs it.
      {
        path: "/workspaces/:workspaceId/terminal/:sessionId",
        lazy: async () => ({ Component: (await import("./pages/TerminalPage/TerminalPage")).TerminalPage }),
        hydrateFallbackElement: (
          <FullPageMessage>
            <Spinner size="lg" label="Loading the terminal" />
          </FullPageMessage>
        ),
      },
    ],
  },
];
