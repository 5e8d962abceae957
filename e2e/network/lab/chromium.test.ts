import { afterAll, beforeAll, expect, it } from "vitest";
import { INTERNET_HOST_ADDRESSES, OFFICE_PLAN } from "./addressPlan.js";
import { Coturn, type IceServerConfig } from "./Coturn.js";
import { ChromiumInNamespace } from "./chromiumInNamespace.js";
import { describeAsRoot } from "./describeAsRoot.js";
import { type NetProbe, startNetProbe } from "./NetProbe.js";
import { NetworkLab } from "./NetworkLab.js";

const [WEB_ADDRESS] = INTERNET_HOST_ADDRESSES;
/** Any free port on the internet host; fixed so the origin is known before the server starts. */
const WEB_PORT = 8080;
const ORIGIN = `http://${WEB_ADDRESS}:${WEB_PORT}`;
const PAGE = "<!doctype html><title>lab</title><p id=greeting>hello from the internet namespace</p>";

describeAsRoot("network lab: Chromium in the office namespace", () => {
  let lab: NetworkLab;
  let web: NetProbe;
  let coturn: Coturn;
  let chromium: ChromiumInNamespace;

  beforeAll(async () => {
    // The office may only use TCP to the internet: the page loads, TURN must go over TCP or TLS.
    lab = await NetworkLab.create({ office: { egress: "tcp-only" } });
    web = await startNetProbe(lab.internet);
    await web.request("serveHttp", { address: WEB_ADDRESS, port: WEB_PORT, html: PAGE });
    coturn = await Coturn.start(lab.internet, { address: WEB_ADDRESS });
    chromium = await ChromiumInNamespace.create(lab.office.host, {
      secureOrigins: [ORIGIN],
      trustedSpkiHashes: [coturn.certificateSpkiHash],
    });
  });

  afterAll(async () => {
    await chromium?.dispose();
    await coturn?.dispose();
    await web?.dispose();
    await lab?.dispose();
  });

  it("loads a page from the internet host through the office NAT, as a secure context", async () => {
    const browser = await chromium.launch();
    const page = await browser.newPage();
    await page.goto(`${ORIGIN}/lab`);
    expect(await page.textContent("#greeting")).toBe("hello from the internet namespace");
    expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
    expect(await page.evaluate(() => typeof crypto.randomUUID)).toBe("function");
    const requests = await web.request("httpRequests", null);
    expect(requests.find((request) => request.path === "/lab")?.seenFrom.address).toBe(OFFICE_PLAN.publicAddress);
  });

  it("gets TURN relay candidates over TCP and over TLS (trusting coturn's certificate by its SPKI hash)", async () => {
    const browser = await chromium.launch();
    const page = await browser.newPage();
    await page.goto(`${ORIGIN}/turn`);
    const relayCandidates = (server: IceServerConfig) =>
      page.evaluate(async (iceServer) => {
        const connection = new RTCPeerConnection({ iceServers: [iceServer], iceTransportPolicy: "relay" });
        const candidates: string[] = [];
        const complete = new Promise<void>((resolve) => {
          connection.onicecandidate = (event) => {
            if (event.candidate) candidates.push(event.candidate.candidate);
            else resolve();
          };
        });
        connection.createDataChannel("probe");
        await connection.setLocalDescription(await connection.createOffer());
        await complete;
        connection.close();
        return candidates.filter((candidate) => candidate.includes(" typ relay "));
      }, server);
    expect(await relayCandidates(coturn.iceServer("office", ["tcp"]))).toHaveLength(1);
    expect(await relayCandidates(coturn.iceServer("office", ["tls"]))).toHaveLength(1);
  });
});
