import { defineConfig, loadEnv } from "@medusajs/framework/utils"
import path from "path"
import { digitalFulfillment, hostConfig, localFiles, localNotifications } from "../scripts/lib/host-config"

// The demo store: a plain Medusa app that installs the plugin as a package
// (demo/node_modules/medusa-plugin-digital-delivery → the repository, built).
// `npm run demo` sets every variable below.
loadEnv(process.env.NODE_ENV || "development", process.cwd())

const demoDir = process.env.DEMO_DIR!
const port = process.env.PORT || "9000"
const backendUrl = `http://localhost:${port}`
const useResend = !!(process.env.RESEND_API_KEY && process.env.RESEND_FROM)
// DEMO_UPDATE_RETRY_DELAYS="2,5": seconds before each retry of a failed update email (the browser
// tests shorten the plugin's 60 s, 10 min, 1 h to see an email marked failed within a minute).
const retryDelays = process.env.DEMO_UPDATE_RETRY_DELAYS?.split(",").map(Number)

module.exports = defineConfig(
  hostConfig({
    secrets: { jwt: process.env.DEMO_JWT_SECRET!, cookie: process.env.DEMO_COOKIE_SECRET! },
    // `npm run demo -- --storefront` adds the example storefront's origin.
    cors: [backendUrl, process.env.DEMO_STOREFRONT_URL].filter(Boolean).join(","),
    admin: { backendUrl },
    plugin: {
      options: {
        secret: process.env.DIGITAL_DELIVERY_SECRET,
        backend_url: backendUrl,
        default_max_downloads: 5,
        default_validity_days: 30,
        ...(retryDelays ? { update_campaigns: { retry_delays_seconds: retryDelays } } : {}),
      },
    },
    fulfillments: [digitalFulfillment()],
    files: localFiles(path.join(demoDir, "uploads"), `${backendUrl}/static`),
    notifications: [
      useResend
        ? {
            resolve: "medusa-plugin-digital-delivery/providers/resend",
            id: "resend",
            options: { channels: ["email"], api_key: process.env.RESEND_API_KEY, from: process.env.RESEND_FROM },
          }
        : {
            // Keeps every email in .demo/outbox; the demo serves them at /demo/outbox.
            resolve: "./src/providers/outbox",
            id: "outbox",
            options: { channels: ["email"], dir: path.join(demoDir, "outbox") },
          },
      localNotifications(["feed"]),
    ],
  })
)
