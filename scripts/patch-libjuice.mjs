#!/usr/bin/env node
// Works around libjuice#355 in node-datachannel's prebuilt binary, until a release carries the
// fix (libjuice#356). See docs/networking.md, "TURN over TCP and TLS".
//
// libjuice answers every ICE connectivity check whose ICE-CONTROLLING and ICE-CONTROLLED values
// are equal with 400 ("Controlling and controlled attributes mismatch"). It reads an absent
// attribute as 0, so a check that carries a tie-breaker of 0 looks like one carrying neither.
// Chromium sends a tie-breaker of 0 in its checks through TURN over TCP and TLS, so browsers that
// may reach TURN only over TCP could never connect to an agent.
//
// The fix removes the two comparisons that mistake a zero for a missing attribute (each a 6-byte
// conditional jump that becomes a 6-byte no-op): the mismatch check, and the controlled side's
// check that a nomination (USE-CANDIDATE) comes with ICE-CONTROLLING. The role-conflict checks and
// the message-integrity check before them stay, so only the authenticated peer gets this far.
// Only builds whose SHA-256 is listed below are touched, at the listed offsets, after the original
// bytes there are verified. The same copy also sends the controlled agent's triggered check after
// 5 ms instead of 50 (see the third patch). See docs/adr/0008-fixed-libjuice-binary-for-tcp-turn.md.
// The fixed copy goes to node-datachannel's build/Release directory, which its loader tries
// before the prebuilt package; the package itself is left as npm installed it.
//
// Run by `npm install` (postinstall). It never fails the install: an unknown build is reported
// and left alone. `--check` exits non-zero unless the fixed binary is in place (for image builds;
// the tests check it themselves: agent/peer/libjuiceZeroTiebreaker.test.ts).

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * Known prebuilt binaries, and the places to change in agent_process_stun_binding (libjuice
 * src/agent.c): the two checks that read a zero tie-breaker as a missing attribute, and the
 * pacing of the triggered check.
 */
const KNOWN_BUILDS = {
  // node-datachannel 0.33.4, @node-datachannel/linux-x64-gnu (libdatachannel 0.24.5, libjuice 1.7.x)
  "936d991f99cc07a48a8327199ca5ba098411f8b873dfe1a456069f09d64c52ff": {
    label: "node-datachannel 0.33.4 linux-x64-gnu",
    patches: [
      {
        // `if (msg->ice_controlling == msg->ice_controlled)` -> 400 "attributes mismatch":
        // the je after `cmp %rcx,%rax` becomes nopw 0x0(%rax,%rax,1).
        offset: 0x48bf28,
        original: "0f8471060000",
        replacement: "660f1f440000",
      },
      {
        // Controlled role, `if (msg->use_candidate) { if (!msg->ice_controlling) -> 400 }`:
        // the je after `test %rax,%rax` becomes the same no-op, so the nomination counts.
        offset: 0x48bf53,
        original: "0f8492010000",
        replacement: "660f1f440000",
      },
      {
        // Not #355: the triggered check a controlled agent owes for a peer's check (the one
        // that completes ICE on the agent's side) waits STUN_PACING_TIME, 50 ms, before it is
        // sent: `mov $0x32,%edx` before agent_arm_transmission becomes `mov $0x5,%edx`, the
        // smallest pacing RFC 8445 (section 14.2) allows. A terminal opens ~45 ms sooner.
        offset: 0x48bfcc,
        original: "ba32000000",
        replacement: "ba05000000",
      },
    ],
  },
};

const check = process.argv.includes("--check");
const require = createRequire(import.meta.url);

function sha256(bytes) {
  return createHash("sha256").update(bytes).digest("hex");
}

function prebuiltPackage() {
  if (process.platform !== "linux") return null;
  if (process.arch === "x64") return "@node-datachannel/linux-x64-gnu";
  return null;
}

function main() {
  let datachannelDir;
  try {
    // dist/cjs/lib/index.cjs; the package's "exports" hides its package.json
    datachannelDir = join(dirname(require.resolve("node-datachannel")), "..", "..", "..");
  } catch {
    return report("node-datachannel is not installed; nothing to fix");
  }
  const target = join(datachannelDir, "build", "Release", "node_datachannel.node");
  const pkg = prebuiltPackage();
  if (pkg === null) return report(`no known prebuilt binary for ${process.platform}-${process.arch}; left alone`);
  let source;
  try {
    source = require.resolve(pkg, { paths: [datachannelDir] });
  } catch {
    return report(`${pkg} is not installed; left alone`);
  }
  const bytes = readFileSync(source);
  const build = KNOWN_BUILDS[sha256(bytes)];
  if (build === undefined) {
    if (existsSync(target)) rmSync(target);
    return report(
      `${source} is not a build this script knows; left alone (TURN over TCP/TLS from browsers needs libjuice#356)`,
    );
  }
  const fixed = Buffer.from(bytes);
  for (const patch of build.patches) {
    const at = bytes.subarray(patch.offset, patch.offset + patch.original.length / 2);
    if (at.toString("hex") !== patch.original) {
      if (existsSync(target)) rmSync(target);
      return report(`${build.label}: unexpected bytes at 0x${patch.offset.toString(16)}; left alone`);
    }
    Buffer.from(patch.replacement, "hex").copy(fixed, patch.offset);
  }
  const fixedHash = sha256(fixed);
  if (existsSync(target) && sha256(readFileSync(target)) === fixedHash) {
    return done(`${build.label}: libjuice#355 fix already in place`);
  }
  mkdirSync(dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, fixed, { mode: 0o755 });
  renameSync(temporary, target);
  return done(`${build.label}: libjuice#355 fix written to ${target}`);
}

function report(message) {
  console.log(`patch-libjuice: ${message}`);
  if (check) process.exitCode = 1;
}

function done(message) {
  console.log(`patch-libjuice: ${message}`);
}

main();
