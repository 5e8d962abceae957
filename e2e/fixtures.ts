import { test as base } from "@playwright/test";
import { GatewayApi } from "./support/api.js";
import { Gateway, type GatewayOptions } from "./support/gateway.js";

interface Fixtures {
  /** How the test's gateway is started; override with `test.use({ gatewayOptions })`. */
  gatewayOptions: GatewayOptions;
  /** A fresh real gateway (own data dir, own port) for each test. */
  gateway: Gateway;
  /** REST client for that gateway, not signed in. */
  api: GatewayApi;
}

export const test = base.extend<Fixtures>({
  gatewayOptions: [{}, { option: true }],
  gateway: async ({ gatewayOptions }, use, testInfo) => {
    const gateway = await Gateway.start(gatewayOptions);
    await use(gateway);
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach("gateway.log", { body: gateway.logs() });
      for (const [name, body] of await gateway.agentLogs()) await testInfo.attach(name, { body });
    }
    await gateway.stop();
  },
  api: async ({ gateway }, use) => {
    await use(new GatewayApi(gateway.url));
  },
  baseURL: async ({ gateway }, use) => {
    await use(gateway.url);
  },
});

export { expect } from "@playwright/test";
