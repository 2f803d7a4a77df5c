# Shared by scripts/run and scripts/test: install what the build needs, if it is missing.
# Each step says what it does; anything that cannot be installed stops with a clear message.

CARGO_LEPTOS_VERSION="0.3.10"

say()  { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
die()  { printf '\n\033[31mkeepers: %s\033[0m\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

is_root() { [ "$(id -u)" = "0" ]; }

apt_install() {
  if is_root && have apt-get; then
    say "Installing $* from Debian's packages"
    if [ -z "${KEEPERS_APT_UPDATED:-}" ]; then
      DEBIAN_FRONTEND=noninteractive apt-get update -qq || die "apt-get update failed"
      export KEEPERS_APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null || die "could not install $*"
  else
    return 1
  fi
}

ensure_rust() {
  have cargo || die "the Rust toolchain (cargo) is not on PATH; install it from https://rustup.rs"
  export PATH="$HOME/.cargo/bin:$PATH"
}

ensure_wasm_target() {
  if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
    say "Adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_cargo_leptos() {
  if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    say "Installing cargo-leptos $CARGO_LEPTOS_VERSION (about 15 minutes, once)"
    # no_downloads: use the tools on PATH instead of fetching binaries at build time.
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
  fi
}

# The wasm-bindgen CLI must match the wasm-bindgen library in Cargo.lock exactly.
ensure_wasm_bindgen() {
  local want have_version
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  [ -n "$want" ] || die "could not read the wasm-bindgen version from Cargo.lock"
  # `|| true`: on a fresh machine wasm-bindgen is missing, and under `set -e -o pipefail` the
  # failed pipeline would end the script before the install below.
  have_version=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have_version" != "$want" ]; then
    say "Installing wasm-bindgen-cli $want (about 2 minutes, once)"
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

ensure_node() {
  if ! have npm; then
    apt_install nodejs npm || die "Node.js and npm are needed (for wasm-opt and the browser tests); install them and run this again"
  fi
}

# end2end/node_modules holds Playwright and binaryen's wasm-opt. Debian's wasm-opt (108) builds a
# release bundle that fails in the browser, so ours goes first on PATH.
ensure_node_modules() {
  ensure_node
  if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ ! -d end2end/node_modules/@playwright/test ] \
     || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    say "Installing the end-to-end test tools (Playwright, wasm-opt)"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
  export PATH="$PWD/end2end/node_modules/.bin:$PATH"
}

ensure_chromium() {
  if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then return; fi
  if [ ! -x /usr/bin/chromium ]; then
    apt_install chromium || die "Chromium is needed for the browser tests: install Debian's chromium package (or set CHROMIUM_PATH) and run this again"
  fi
  export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
}

# A cold build leaves gigabytes of compiler output for the kernel to write back. While it does,
# SQLite's fsync (synchronous = FULL) waits behind that writeback, sometimes for more than 30
# seconds, and a test's request times out. This was reproduced: dirty pages plus a flush under
# way made a request wait past the client's 30 s. Flushing once, before the tests start, gives
# them a quiet disk. It takes seconds.
settle_disk() {
  say "Writing the build's output to disk before the tests start"
  sync
}

build_release() {
  ensure_wasm_target
  ensure_cargo_leptos
  ensure_wasm_bindgen
  ensure_node_modules
  say "Building Keepers (release)"
  # --split: each staff island (`#[island(lazy)]`) becomes its own WASM file, fetched only by
  # the pages that show it; the candidate's screening form stays in the main file, so a
  # candidate downloads one WASM file and none of the HR and trainer screens.
  cargo leptos build --release --split
}
