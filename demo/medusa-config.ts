import { defineConfig, loadEnv } from "@medusajs/framework/utils"
import path from "path"

// The demo store: a plain Medusa app that installs the plugin as a package
// (demo/node_modules/medusa-plugin-digital-delivery → the repository, built).
// `npm run demo` sets every variable below.
loadEnv(process.env.NODE_ENV || "development", process.cwd())

const demoDir = process.env.DEMO_DIR!
const port = process.env.PORT || "9000"
const backendUrl = `http://localhost:${port}`
const useResend = !!(process.env.RESEND_API_KEY && process.env.RESEND_FROM)

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      jwtSecret: process.env.DEMO_JWT_SECRET!,
      cookieSecret: process.env.DEMO_COOKIE_SECRET!,
      storeCors: backendUrl,
      adminCors: backendUrl,
      authCors: backendUrl,
    },
  },
  admin: { backendUrl },
  plugins: [
    {
      resolve: "medusa-plugin-digital-delivery",
      options: {
        secret: process.env.DIGITAL_DELIVERY_SECRET,
        backend_url: backendUrl,
        default_max_downloads: 5,
        default_validity_days: 30,
      },
    },
  ],
  modules: [
    {
      resolve: "@medusajs/medusa/file",
      options: {
        providers: [
          {
            resolve: "@medusajs/medusa/file-local",
            id: "local",
            options: {
              upload_dir: path.join(demoDir, "uploads", "public"),
              private_upload_dir: path.join(demoDir, "uploads", "private"),
              backend_url: `${backendUrl}/static`,
            },
          },
        ],
      },
    },
    {
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [
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
          { resolve: "@medusajs/medusa/notification-local", id: "local", options: { channels: ["feed"] } },
        ],
      },
    },
  ],
})
