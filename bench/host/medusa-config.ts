import { defineConfig } from "@medusajs/framework/utils"
import path from "path"

// The store `npm run bench` measures: production mode, admin off, the built
// plugin as a package, file-local storage. scripts/bench.mjs sets the variables.
// BENCH_WITHOUT_PLUGIN=1: the same store without the plugin (the checkout
// figure's baseline; the plugin's tables may still exist in its database).
const dataDir = process.env.BENCH_DATA_DIR!
const plugin = {
  resolve: "medusa-plugin-digital-delivery",
  options: {
    secret: "bench-secret-0123456789abcdef0123456789abcdef",
    backend_url: `http://localhost:${process.env.PORT}`,
    // The load comes from one address on purpose: the limits would answer 429.
    rate_limit: false,
  },
}

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    databaseDriverOptions: { pool: { min: 2, max: 20 } },
    http: {
      jwtSecret: "bench-jwt-secret",
      cookieSecret: "bench-cookie-secret",
      storeCors: "*",
      adminCors: "*",
      authCors: "*",
    },
  },
  admin: { disable: true },
  plugins: process.env.BENCH_WITHOUT_PLUGIN ? [] : [plugin],
  modules: [
    {
      resolve: "@medusajs/medusa/file",
      options: {
        providers: [
          {
            resolve: "@medusajs/medusa/file-local",
            id: "local",
            options: {
              upload_dir: path.join(dataDir, "uploads", "public"),
              private_upload_dir: path.join(dataDir, "uploads", "private"),
            },
          },
        ],
      },
    },
    {
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [{ resolve: "@medusajs/medusa/notification-local", id: "local", options: { channels: ["email"] } }],
      },
    },
  ],
})
