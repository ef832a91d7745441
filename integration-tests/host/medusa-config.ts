import { defineConfig, loadEnv } from "@medusajs/framework/utils"
import path from "path"
import { digitalFulfillment, hostConfig, localFiles, pluginRoot } from "../../scripts/lib/host-config"
import { LINK_SECRET, RESEND_TEST_KEY } from "./constants"

// A throwaway host store that installs the plugin the way a real store does:
// by package path, loading the build in .medusa/server (npm test builds it first).
loadEnv(process.env.NODE_ENV || "test", process.cwd())

const storage = process.env.DD_TEST_STORAGE_DIR || path.join(pluginRoot, ".tmp", "storage")

module.exports = defineConfig(
  hostConfig({
    secrets: "test",
    plugin: {
      resolve: pluginRoot,
      options: {
        secret: LINK_SECRET,
        backend_url: "http://localhost:9000",
        default_max_downloads: 3,
        default_validity_days: 30,
        // Off unless a spec asks for it (DD_TEST_RATE_LIMIT, JSON): the load
        // tests send thousands of requests from one address on purpose.
        rate_limit: process.env.DD_TEST_RATE_LIMIT ? JSON.parse(process.env.DD_TEST_RATE_LIMIT) : false,
        ...(process.env.DD_TEST_MAX_UPLOAD_BYTES ? { max_upload_bytes: Number(process.env.DD_TEST_MAX_UPLOAD_BYTES) } : {}),
        // The campaign job's batch, lease and retry delays (JSON), e.g. retries without waiting.
        ...(process.env.DD_TEST_UPDATE_CAMPAIGNS ? { update_campaigns: JSON.parse(process.env.DD_TEST_UPDATE_CAMPAIGNS) } : {}),
      },
    },
    // The plugin's fulfillment provider, as a store registers it (README: Fulfillment).
    fulfillments: [digitalFulfillment(path.join(pluginRoot, ".medusa/server/src/providers/digital-fulfillment"))],
    files: localFiles(storage, "http://localhost:9000/static"),
    notifications: [
      {
        // The plugin's own Resend provider; tests point the SDK at a local
        // stand-in of Resend's API (RESEND_BASE_URL).
        resolve: path.join(pluginRoot, ".medusa/server/src/providers/resend"),
        id: "resend",
        options: { channels: ["email"], api_key: RESEND_TEST_KEY, from: "Digital Store <store@example.com>", timeout_ms: 5000 },
      },
    ],
  })
)
