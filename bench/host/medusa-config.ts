import { defineConfig } from "@medusajs/framework/utils"
import path from "path"
import { hostConfig, localFiles } from "../../scripts/lib/host-config"

// The store `npm run bench` measures: production mode, admin off, the built
// plugin as a package, file-local storage. scripts/bench.mjs sets the variables.
// BENCH_WITHOUT_PLUGIN=1: the same store without the plugin (the checkout
// figure's baseline; the plugin's tables may still exist in its database).
module.exports = defineConfig(
  hostConfig({
    secrets: "bench",
    projectConfig: { databaseDriverOptions: { pool: { min: 2, max: 20 } } },
    plugin: process.env.BENCH_WITHOUT_PLUGIN
      ? undefined
      : {
          options: {
            secret: "bench-secret-0123456789abcdef0123456789abcdef",
            backend_url: `http://localhost:${process.env.PORT}`,
            // The load comes from one address on purpose: the limits would answer 429.
            rate_limit: false,
          },
        },
    files: localFiles(path.join(process.env.BENCH_DATA_DIR!, "uploads")),
    // Emails go to a provider that accepts them and answers at once (the
    // campaign figure's "no-op provider"; bench host only).
    notifications: [{ resolve: "./src/modules/noop-notification", id: "noop", options: { channels: ["email"] } }],
  })
)
