#!/usr/bin/env bash
# Installs what Trạm Học Số needs to build, run and test on Debian 12 (bookworm):
# Debian packages (WebKitGTK, Xvfb, Chromium, ...), the frontend's npm packages
# and the Go modules. Safe to run again: it only installs what is missing.
# Needs Go >= 1.22 (it fetches the toolchain go.mod asks for) and Node.js >= 20.19.
set -euo pipefail
cd "$(dirname "$0")/../.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

packages=(
  make build-essential pkg-config git ca-certificates
  libgtk-3-dev libwebkit2gtk-4.1-dev   # the Wails window (WebKitGTK 4.1)
  xvfb xdotool imagemagick x11-utils   # the real-window smoke test
  chromium                             # end-to-end tests (driven by playwright-core)
  fonts-dejavu-core                    # a fallback font for Chromium and WebKit
  espeak-ng                            # read-aloud (Vietnamese voice "vi"), app/speech
  postgresql                           # the collector's PostgreSQL tests (build/test/pg-cluster.sh)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  say "Installing Debian packages: ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "need root (or sudo) to install: ${missing[*]}"
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
fi

command -v go >/dev/null || die "Go is not installed: install Go 1.22 or newer (https://go.dev/doc/install)"
command -v node >/dev/null || die "Node.js is not installed: install Node.js 20.19 or newer"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || die "Node.js $(node --version) is too old: Vite needs 20.19 or newer"

# npm ci only when package-lock.json changed since the last install.
stamp=frontend/node_modules/.tramhocso-stamp
if [ ! -f "$stamp" ] || [ frontend/package-lock.json -nt "$stamp" ]; then
  say "Installing npm packages (npm ci)"
  (cd frontend && npm ci --no-audit --no-fund --loglevel=error)
  touch "$stamp"
fi

say "Downloading Go modules"
go mod download
