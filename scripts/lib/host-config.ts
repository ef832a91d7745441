import type { InputConfigModules, InputConfigWithArrayModules } from "@medusajs/framework/types"
import path from "path"

// What the repository's four host stores (integration-tests/host,
// integration-tests/cluster/host, bench/host, demo/) have in common. Each
// host's medusa-config.ts passes `defineConfig(hostConfig({ ... }))` only what
// makes it differ: how it loads the plugin and its options, where files go,
// which notification providers, Redis modules. Medusa loads medusa-config.ts
// with ts-node (or Jest's transform), which compiles this file too; the
// package test's stores (scripts/test-package.mjs) do not use it.

type Provider = { resolve: string; id: string; options?: Record<string, unknown> }

export type HostOptions = {
  databaseUrl?: string
  /** `${secrets}-jwt-secret` / `${secrets}-cookie-secret`, or both given. */
  secrets: string | { jwt: string; cookie: string }
  /** Store, Admin and auth CORS (all three the same). */
  cors?: string
  /** The Admin dashboard: off unless given. */
  admin?: InputConfigWithArrayModules["admin"]
  /** The plugin as a store installs it: by package name unless `resolve` says otherwise. */
  plugin?: { resolve?: string; options: Record<string, unknown> }
  files: Provider
  notifications: Provider[]
  /**
   * Fulfillment providers besides Medusa's manual one (kept): the plugin's
   * `digital` provider, so delivered orders read "delivered" (README: Fulfillment).
   */
  fulfillments?: Provider[]
  /** Any other module (Redis event bus, workflow engine, locking…). */
  modules?: InputConfigModules
  /** More of projectConfig (Redis, worker mode, pool size); `http` comes from `secrets` and `cors`. */
  projectConfig?: Partial<Omit<NonNullable<InputConfigWithArrayModules["projectConfig"]>, "http">>
}

/** The repository's root (where the plugin's package.json and build are). */
export const pluginRoot = path.resolve(__dirname, "..", "..")

export function hostConfig(host: HostOptions): InputConfigWithArrayModules {
  const secrets = typeof host.secrets === "string" ? { jwt: `${host.secrets}-jwt-secret`, cookie: `${host.secrets}-cookie-secret` } : host.secrets
  const cors = host.cors ?? "*"
  return {
    projectConfig: {
      databaseUrl: host.databaseUrl ?? process.env.DATABASE_URL,
      ...host.projectConfig,
      http: { jwtSecret: secrets.jwt, cookieSecret: secrets.cookie, storeCors: cors, adminCors: cors, authCors: cors },
    },
    admin: host.admin ?? { disable: true },
    plugins: host.plugin ? [{ resolve: host.plugin.resolve ?? "medusa-plugin-digital-delivery", options: host.plugin.options }] : [],
    modules: [
      ...(host.modules ?? []),
      { resolve: "@medusajs/medusa/file", options: { providers: [host.files] } },
      { resolve: "@medusajs/medusa/notification", options: { providers: host.notifications } },
      ...(host.fulfillments
        ? [{ resolve: "@medusajs/medusa/fulfillment", options: { providers: [{ resolve: "@medusajs/medusa/fulfillment-manual", id: "manual" }, ...host.fulfillments] } }]
        : []),
    ],
  }
}

/**
 * Medusa's file-local provider. Private files live outside the public static
 * directory: they are never served as static files.
 */
export function localFiles(dir: string, backendUrl?: string): Provider {
  return {
    resolve: "@medusajs/medusa/file-local",
    id: "local",
    options: {
      upload_dir: path.join(dir, "public"),
      private_upload_dir: path.join(dir, "private"),
      ...(backendUrl ? { backend_url: backendUrl } : {}),
    },
  }
}

/** The plugin's fulfillment provider for digital goods, from `resolve` (a package path or the build's folder). */
export function digitalFulfillment(resolve = "medusa-plugin-digital-delivery/providers/digital-fulfillment"): Provider {
  return { resolve, id: "digital" }
}

/** Medusa's notification-local provider (logs what it would send). */
export function localNotifications(channels: string[] = ["email"]): Provider {
  return { resolve: "@medusajs/medusa/notification-local", id: "local", options: { channels } }
}
