#!/usr/bin/env bash
# Installs code-server from the npm registry into a tools directory outside the repository,
# for the agent's `code-server` app (agent/apps/). Idempotent: a finished, verified install
# is left alone. Usage: scripts/install-code-server.sh (or `npm run code-server:install`).
#
#   GANGWAY_TOOLS_DIR   where tools go (default: $HOME/.cache/gangway); code-server lands in
#                       $GANGWAY_TOOLS_DIR/code-server-<version>
#
# Needs root (or the Debian packages below already present), Node 20, and the npm registry.
# Nothing is downloaded from GitHub: @vscode/ripgrep finds its archive in its cache.
set -euo pipefail

# The last release whose bundled VS Code server runs on Node 20.
readonly CODE_SERVER_VERSION=4.100.3
# Pinned by code-server's lib/vscode/npm-shrinkwrap.json; names its download cache.
readonly VSCODE_RIPGREP_VERSION=1.15.11
readonly RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
# Headers code-server's native modules compile against (its docs/npm.md lists them):
# kerberos needs krb5, native-keymap needs X11 and xkbfile, keytar needs libsecret.
readonly BUILD_PACKAGES=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev)
# A cold code-server start on 2 shared cores takes a few seconds; a minute means broken.
readonly VERIFY_TIMEOUT_SECONDS=60
# Written last, after the smoke test passed: its presence means "installed and working".
readonly MARKER=.gangway-installed

tools_dir="${GANGWAY_TOOLS_DIR:-$HOME/.cache/gangway}"
prefix="$tools_dir/code-server-$CODE_SERVER_VERSION"
entry="$prefix/node_modules/code-server/out/node/entry.js"

log() { echo "code-server:install: $*"; }

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" != 20 ]; then
  log "code-server $CODE_SERVER_VERSION needs Node 20, found $(node --version)" >&2
  exit 1
fi

# `--config /dev/null`: without it, code-server's first run writes ~/.config/code-server
# (with a generated password) and logs that before the version.
installed_version() {
  [ -f "$prefix/$MARKER" ] && [ -f "$entry" ] || return 1
  node "$entry" --config /dev/null --version 2>/dev/null | grep -Eo '^[0-9]+\.[0-9]+\.[0-9]+' | head -n 1
}

install_debian_packages() {
  local missing=()
  for package in "${BUILD_PACKAGES[@]}" ripgrep; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return
  log "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# @vscode/ripgrep's postinstall fetches ripgrep from GitHub unless its cache holds the
# archive; Debian's ripgrep binary, packed the same way (rg at the root), stands in.
seed_ripgrep_cache() {
  local cache_dir
  cache_dir="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-$VSCODE_RIPGREP_VERSION"
  [ -s "$cache_dir/$RIPGREP_ASSET" ] && return
  mkdir -p "$cache_dir"
  tar -czf "$cache_dir/$RIPGREP_ASSET.partial" -C "$(dirname "$(command -v rg)")" rg
  mv "$cache_dir/$RIPGREP_ASSET.partial" "$cache_dir/$RIPGREP_ASSET"
  log "seeded $cache_dir/$RIPGREP_ASSET from $(command -v rg)"
}

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# Starts the fresh install on loopback without a password and fetches its page.
verify() {
  local scratch port pid status=1
  scratch="$(mktemp -d)"
  port="$(free_port)"
  node "$entry" --bind-addr "127.0.0.1:$port" --auth none --disable-telemetry --disable-update-check \
    --config "$scratch/config.yaml" --user-data-dir "$scratch/data" --extensions-dir "$scratch/extensions" \
    "$scratch" >"$scratch/log" 2>&1 &
  pid=$!
  for _ in $(seq "$VERIFY_TIMEOUT_SECONDS"); do
    if curl -fsSL "http://127.0.0.1:$port/" 2>/dev/null | grep -q "workbench"; then
      status=0
      break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ "$status" -ne 0 ]; then
    log "the installed code-server did not serve its workbench; its log:" >&2
    cat "$scratch/log" >&2
  fi
  rm -rf "$scratch"
  return "$status"
}

if [ "$(installed_version || true)" = "$CODE_SERVER_VERSION" ]; then
  log "code-server $CODE_SERVER_VERSION already installed in $prefix"
  exit 0
fi

started=$SECONDS
install_debian_packages
seed_ripgrep_cache

log "installing code-server $CODE_SERVER_VERSION into $prefix (compiles native modules; minutes)"
rm -rf "$prefix"
mkdir -p "$prefix"
echo '{ "private": true }' >"$prefix/package.json"
# --unsafe-perm: code-server's postinstall refuses to run as root without it.
# npm_config_yes: node-pty's postinstall runs `npx node-gyp`, which would otherwise stop to
# ask whether it may fetch node-gyp (and, with no terminal, fail).
(cd "$prefix" && npm_config_yes=true npm install --unsafe-perm --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION")

verify
touch "$prefix/$MARKER"
log "installed and verified in $((SECONDS - started)) s: $entry"
