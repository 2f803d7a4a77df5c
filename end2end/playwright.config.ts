import { defineConfig, devices } from "@playwright/test";

// The suite runs against the release build (a release-only step such as wasm-opt can break
// hydration while reporting success), started on a fresh SQLite database with the demo seed.
const port = Number(process.env.KEEPERS_E2E_PORT ?? 3137);
const dataDir = "../target/e2e";

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: process.env.CI ? 2 : 2,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    command: `rm -rf ${dataDir} && mkdir -p ${dataDir} && ../target/release/keepers serve --demo`,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      KEEPERS_DATABASE_URL: `sqlite://${dataDir}/keepers.db`,
      KEEPERS_ADDR: `127.0.0.1:${port}`,
      KEEPERS_SITE_ROOT: "../target/site",
      RUST_LOG: "warn",
    },
  },
});
