/**
 * The wire protocol version spoken between the browser, the gateway server and the agent.
 *
 * Every socket hello carries it; a peer that speaks another version gets
 * `PROTOCOL_MISMATCH` and is closed instead of guessing at messages it may misread.
 *
 * History:
 * - 1: first version. REST v1, signaling (hello/offer/answer/candidate/error),
 *      agent socket (hello/peer-offer/peer-answer/peer-candidate/bench relay),
 *      data-channel kinds `gangway.control.v1` and `gangway.pty.v1`.
 *   Additions that older peers ignore or never see: agent → server `peer-paths` (an older
 *   gateway answers INVALID_REQUEST and carries on), `Workspace.connections`, provider
 *   `turnUrls`, error code `NO_NETWORK_PATH` (browser-side only).
 */
export const PROTOCOL_VERSION = 1;
