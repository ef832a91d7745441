import { defineConfig } from "@medusajs/framework/utils"
import path from "path"
import { hostConfig, localNotifications, pluginRoot } from "../../../scripts/lib/host-config"

// One of the two (or more) instances of a scaled-out store the cluster tests
// start: shared PostgreSQL and Redis (event bus, workflow engine, locking,
// sessions, rate-limit counters), S3 storage. integration-tests/cluster sets the variables.
const redisUrl = process.env.REDIS_URL!

module.exports = defineConfig(
  hostConfig({
    secrets: "cluster",
    projectConfig: { redisUrl, workerMode: "shared" },
    plugin: {
      resolve: pluginRoot,
      options: {
        secret: "cluster-secret-0123456789abcdef0123456789abcdef",
        backend_url: process.env.BACKEND_URL,
        download_mode: process.env.DD_DOWNLOAD_MODE ?? "stream",
        rate_limit: { window_seconds: 60, downloads_per_ip: 1_000_000, downloads_per_grant: 100_000, logins_per_ip: 20 },
        // The campaign test's short lease (an instance killed mid-campaign), small batches.
        ...(process.env.DD_UPDATE_CAMPAIGNS ? { update_campaigns: JSON.parse(process.env.DD_UPDATE_CAMPAIGNS) } : {}),
      },
    },
    modules: [
      { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl } },
      { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl } } },
      {
        resolve: "@medusajs/medusa/locking",
        options: {
          providers: [{ resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", is_default: true, options: { redisUrl } }],
        },
      },
    ],
    files: {
      resolve: "@medusajs/medusa/file-s3",
      id: "s3",
      options: {
        file_url: `${process.env.S3_ENDPOINT}/${process.env.S3_BUCKET}`,
        endpoint: process.env.S3_ENDPOINT,
        bucket: process.env.S3_BUCKET,
        region: "us-east-1",
        access_key_id: "S3RVER",
        secret_access_key: "S3RVER",
        download_file_duration: 300,
        additional_client_config: { forcePathStyle: true },
      },
    },
    // The plugin's Resend provider against the suite's stand-in of Resend's API
    // (RESEND_BASE_URL), so the campaign test counts what reached "Resend".
    notifications: process.env.RESEND_BASE_URL
      ? [
          {
            resolve: path.join(pluginRoot, ".medusa/server/src/providers/resend"),
            id: "resend",
            options: { channels: ["email"], api_key: process.env.RESEND_API_KEY, from: "Cluster Store <store@example.com>", timeout_ms: 10_000 },
          },
        ]
      : [localNotifications()],
  })
)
