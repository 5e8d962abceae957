/**
 * Providers end to end: the real gateway, the real SPA in Chromium, and a FAKE Kubernetes API
 * server. There is no Kubernetes cluster on the test machine, so the cluster is
 * server/test/fakes/FakeKubernetes.ts (in a child process, e2e/support/fakeCluster.ts): HTTPS
 * with a self-signed certificate (the CA the admin pastes is really checked), one namespace,
 * one token, an RBAC table granting exactly the Role of docs/providers.md, and a pretend
 * kubelet that marks pods Running. It runs no container, so no agent ever dials the gateway
 * from a pod (in a real cluster the pod would dial GANGWAY_ACCESS_URL; this gateway is on
 * loopback and sets none) and a workspace placed there stays "starting". That is enough for
 * what is tested here: the pod the gateway created for the member's workspace, on that provider.
 */
import type { ProviderDetails } from "../protocol/rest.js";
import { test as base, expect } from "./fixtures.js";
import { NewWorkspaceDialog } from "./pages/NewWorkspaceDialog.js";
import { ProvidersPage } from "./pages/ProvidersPage.js";
import { GatewayApi } from "./support/api.js";
import { FakeCluster } from "./support/fakeCluster.js";

const ADMIN = { username: "ada", password: "correct-horse-battery" };
const MEMBER = { username: "grace", password: "staple-battery-horse" };
const PROVIDER = { name: "EU West cluster", region: "eu-west-1" };
const CHOICE = `${PROVIDER.name} — ${PROVIDER.region}`;
const REGION_TURN = [
  "turn:turn.eu-west-1.example.org:3478?transport=udp",
  "turns:turn.eu-west-1.example.org:5349?transport=tcp",
];

/**
 * One fake cluster per worker, torn down after every test's gateway: a gateway stopping its
 * workspaces on exit deletes their pods, so the cluster must still answer then.
 */
const test = base.extend<object, { cluster: FakeCluster }>({
  cluster: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern; there are none
    async ({}, use) => {
      const cluster = await FakeCluster.start();
      await use(cluster);
      await cluster.stop();
    },
    { scope: "worker" },
  ],
});

test("an admin adds a Kubernetes provider; members place workspaces on it until it is cordoned", async ({
  api,
  browser,
  cluster,
  context,
  gateway,
  page,
}) => {
  await api.setup(ADMIN.username, ADMIN.password);
  await api.createUser(MEMBER.username, MEMBER.password, "member");
  await api.signIn(context);

  // The admin adds the cluster through the UI and tests the connection.
  await page.goto("/");
  const providers = new ProvidersPage(page);
  await providers.openFromNavbar();
  const { url, namespace, token, ca, agentImage } = cluster.info;
  const form = await providers.fillKubernetesProvider({
    ...PROVIDER,
    apiServer: url,
    namespace,
    token,
    caCertificate: ca,
    agentImage,
    turnUrls: REGION_TURN,
  });
  await form.getByText("How do I get these?").click();
  await expect(form.getByRole("figure", { name: "setup commands" })).toContainText(`NS=${namespace}`);
  await providers.submit(form);

  const result = await providers.testConnection(PROVIDER.name);
  await expect(result.getByTestId("test-result")).toHaveAttribute("data-ok", "true");
  await expect(result).toContainText("All 14 checks passed");
  await expect(result.locator("li[data-passed=false]")).toHaveCount(0);
  await expect(result.getByRole("listitem").filter({ hasText: "reach API server" })).toContainText(url);
  await result.getByRole("button", { name: "Close" }).click();
  await expect(providers.row(PROVIDER.name)).toContainText("Ready");
  const provider = (await api.providers()).providers.find((p) => p.name === PROVIDER.name) as ProviderDetails;
  expect(provider).toMatchObject({
    kind: "kubernetes",
    status: "ready",
    settings: { hasToken: true },
    turnUrls: REGION_TURN,
  });
  await expect(providers.turnServers(PROVIDER.name)).toHaveText(REGION_TURN);

  // A member cannot manage providers: no navbar item, an "only admins" page, 403 from the API.
  const member = new GatewayApi(gateway.url);
  await member.login(MEMBER.username, MEMBER.password);
  const memberContext = await browser.newContext({ baseURL: gateway.url });
  await member.signIn(memberContext);
  const memberPage = await memberContext.newPage();
  await memberPage.goto("/");
  const nav = memberPage.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Workspaces" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Providers" })).toHaveCount(0);
  await memberPage.goto("/providers");
  await expect(memberPage.getByRole("heading", { name: "Only admins can open this page" })).toBeVisible();
  for (const response of [
    await memberPage.request.get(`/api/v1/providers/${provider.id}`),
    await memberPage.request.post(`/api/v1/providers/${provider.id}/cordon`, { data: { reason: "mine now" } }),
  ]) {
    expect(response.status()).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: "FORBIDDEN" } });
  }

  // The member creates a workspace on the cluster: the gateway makes its pod there.
  await memberPage.goto("/");
  const newWorkspace = new NewWorkspaceDialog(memberPage);
  await newWorkspace.open();
  await expect(newWorkspace.providers()).toHaveCount(2);
  await expect(newWorkspace.provider("local")).toBeChecked();
  await expect(newWorkspace.provider(CHOICE)).toBeEnabled();
  await newWorkspace.create("analysis", CHOICE);
  const workspaceRow = memberPage.getByTestId("workspace-row-analysis");
  await expect(workspaceRow).toContainText(PROVIDER.name);
  await expect(workspaceRow).toContainText("Starting");
  const [workspace] = (await member.workspaces()).workspaces;
  expect(workspace).toMatchObject({ name: "analysis", providerId: provider.id, providerName: PROVIDER.name });
  await expect
    .poll(async () => (await cluster.pods()).map((pod) => pod.labels["gangway/workspace-id"]))
    .toContain(workspace?.id);

  // The admin cordons the cluster: it disappears from the member's choices.
  await page.reload();
  await expect(providers.row(PROVIDER.name).getByTestId("workspace-count")).toHaveText("1");
  await providers.cordon(PROVIDER.name, "Node pool upgrade");
  await expect(providers.row(PROVIDER.name)).toContainText("Cordoned");
  await expect(providers.row(PROVIDER.name)).toContainText("Node pool upgrade");

  await newWorkspace.open();
  await expect(newWorkspace.provider(CHOICE)).toHaveCount(0);
  await expect(newWorkspace.providers()).toHaveCount(1);
  await newWorkspace.cancel();
  await memberContext.close();
});

test("an admin sets the built-in provider's TURN servers in the form, and clears them", async ({
  api,
  context,
  page,
}) => {
  await api.setup(ADMIN.username, ADMIN.password);
  await api.signIn(context);
  await page.goto("/providers");
  const providers = new ProvidersPage(page);
  const local = async () => (await api.providers()).providers.find((p) => p.kind === "local") as ProviderDetails;
  const { name } = await local();
  expect((await local()).turnUrls).toEqual([]);

  // A URL the protocol refuses is shown at its line, and nothing is saved.
  let dialog = await providers.fillTurnServers(name, `${REGION_TURN[0]}\n\nhttps://turn.example.org`);
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(providers.turnField(dialog)).toHaveAccessibleDescription(/^Line 3: must be a TURN URL/);
  expect((await local()).turnUrls).toEqual([]);

  // One URL a line, blank lines and spaces ignored: the gateway stores exactly the list.
  await providers.turnField(dialog).fill(`  ${REGION_TURN[0]}\n\n${REGION_TURN[1]}  \n`);
  await providers.saveChanges(dialog);
  await expect(providers.turnServers(name)).toHaveText(REGION_TURN);
  expect((await local()).turnUrls).toEqual(REGION_TURN);

  // An emptied field clears them.
  dialog = await providers.fillTurnServers(name, "");
  await providers.saveChanges(dialog);
  await expect(providers.turnServers(name)).toHaveCount(0);
  expect((await local()).turnUrls).toEqual([]);
});
