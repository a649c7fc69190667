import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { allocates, startCoturn, turnPassword, type RunningCoturn } from '@videoloket/signaling/testing/coturn';
import { ownServerRun, type E2eRun } from './support/run';
import { expectInboundMedia, readStats } from './support/browser';
import { createCitizenNetwork, linkOriginArgs, serverOnLink, type CitizenNetwork } from './support/netns';
import { freeTcpPort } from './support/server';
import { admittedCallAcrossLink } from './support/switching';

// Issue 16, "Strict firewall": a citizen on a network that drops all UDP and every TCP port
// but the web server's and TURN/TLS's. The server, its SFU and coturn run in the root
// namespace on the address of the citizen's link; the citizen's Chromium runs in its own
// namespace (e2e/support/netns.ts). With TURN the call connects through coturn over TLS;
// without it the citizen is told that the network blocks video calls.

/** One strict network, its server (with or without TURN) and a Chromium inside the network. */
function strictNetworkRun(withTurn: boolean): { run: E2eRun; network: () => CitizenNetwork; coturn: () => RunningCoturn | undefined; citizenBrowser: () => Browser } {
  let network: CitizenNetwork | undefined;
  let coturn: RunningCoturn | undefined;
  let citizenBrowser: Browser | undefined;
  let port = 0;
  beforeAll(async () => {
    network = await createCitizenNetwork({ label: withTurn ? 'turn' : 'noturn' });
    if (withTurn) coturn = await startCoturn({ listenIp: network.hostAddress, peerIp: network.hostAddress });
    port = await freeTcpPort();
  });
  // Registered after the hooks above, so it runs after them (ownServerRun reads env in its beforeAll).
  const run = ownServerRun(() => ({
    // The server is reached on the link's root-side address (the citizen) and on localhost (the clerk).
    ...serverOnLink(network!, port),
    // The shortest lifetime the config allows: the browser fetches new credentials after 24 s, within the test.
    ...(coturn ? { TURN_URLS: coturn.urls.join(','), TURN_SECRET: coturn.secret, TURN_CREDENTIAL_TTL_SECONDS: '30' } : { TURN_URLS: 'none' }),
  }));
  beforeAll(async () => {
    await network!.strictFirewall({ allowTcpPorts: [port, ...(coturn ? [coturn.tlsPort] : [])] });
    citizenBrowser = await network!.launchBrowser([
      ...linkOriginArgs(network!, port),
      // Chromium checks TURN/TLS certificates: accept the test coturn's key, and only that one.
      ...(coturn ? [`--ignore-certificate-errors-spki-list=${coturn.spki}`] : []),
    ]);
  });
  afterAll(async () => {
    await network?.close();
    await coturn?.stop();
  });
  return { run, network: () => network!, coturn: () => coturn, citizenBrowser: () => citizenBrowser! };
}

function admittedCitizen(run: E2eRun, citizenBrowser: Browser, publicUrl: string, name: string) {
  return admittedCallAcrossLink(run.browser, run.server, citizenBrowser, publicUrl, name, 'Strikt netwerk');
}

describe('a citizen behind a firewall that lets only HTTP and TURN/TLS through', () => {
  const { run, network, coturn, citizenBrowser } = strictNetworkRun(true);

  it('the firewall is real: from the citizen\'s network coturn answers over TLS only', async () => {
    const turn = coturn()!;
    const probe = `${Math.floor(Date.now() / 1000) + 60}:probe`;
    // From the root namespace coturn works over UDP; the citizen's namespace is what the rules cut.
    expect(await allocates(turn, 'udp', probe, turnPassword(turn.secret, probe))).toBe(true);
    const tcpConnect = (port: number) => network().exec('timeout', ['5', 'bash', '-c', `exec 3<>/dev/tcp/${turn.listenIp}/${port}`]);
    await expect(tcpConnect(turn.port)).rejects.toThrow();
    await tcpConnect(turn.tlsPort);
  });

  it('the call connects, relayed through TURN over TLS in both directions', async () => {
    const { clerk, citizen, close } = await admittedCitizen(run, citizenBrowser(), `http://${network().hostAddress}:${run.server.port}`, 'Hanne');
    await expectInboundMedia(citizen, 60_000);
    await expectInboundMedia(clerk, 60_000);
    const { selectedPaths } = await readStats(citizen);
    // Both transports (send and receive) chose a relay candidate reached over TLS.
    expect(selectedPaths).toEqual([
      { localCandidateType: 'relay', protocol: 'udp', relayProtocol: 'tls' },
      { localCandidateType: 'relay', protocol: 'udp', relayProtocol: 'tls' },
    ]);
    expect(await citizen.getByTestId('network-blocks-calls').count()).toBe(0);

    // Before the credentials expire the page fetches new ones and moves its relays to them
    // (ICE restart); media keeps flowing through TURN/TLS.
    const refreshed = () => (window as unknown as { __videoloketMarks?: Record<string, number> }).__videoloketMarks?.iceServersRefreshed !== undefined;
    await citizen.waitForFunction(refreshed, undefined, { timeout: 90_000, polling: 1000 });
    await expectInboundMedia(citizen, 60_000);
    await expectInboundMedia(clerk, 60_000);
    expect((await readStats(citizen)).selectedPaths.map((p) => p.relayProtocol)).toEqual(['tls', 'tls']);
    await close();
  });
});

describe('the same firewall without TURN', () => {
  const { run, network, citizenBrowser } = strictNetworkRun(false);

  it('the citizen is told, in an alert, that the network blocks video calls', async () => {
    const { citizen, close } = await admittedCitizen(run, citizenBrowser(), `http://${network().hostAddress}:${run.server.port}`, 'Pieter');
    const alert = citizen.getByRole('alert').filter({ hasText: 'Uw netwerk blokkeert videogesprekken' });
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.getAttribute('data-testid')).toBe('network-blocks-calls');
    // Still in the call (chat and documents go over HTTP), and no media came through.
    expect(await citizen.getByTestId('in-call').isVisible()).toBe(true);
    expect((await readStats(citizen)).inboundVideoFramesDecoded).toBe(0);
    await close();
  });
});
