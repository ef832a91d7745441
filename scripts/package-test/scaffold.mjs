// One fresh store per Medusa version, as a store owner would have it: the
// package.json `create-medusa-app` writes (medusajs/dtc-starter apps/backend, at
// that exact version) + the tarball, the starter's tsconfig.json, and the
// README's medusa-config.ts (plugin, file-local with private_upload_dir, the
// Resend provider pointed at a local stand-in of Resend's API).
import crypto from "node:crypto"
import fs from "node:fs"
import path from "node:path"
import { freePort } from "../embedded-postgres.mjs"
import { run, StepError, tempDir } from "./process.mjs"

export const PLUGIN = "medusa-plugin-digital-delivery"

/** The version in a name: 2.21.2 → 2-21-2 (or 2_21_2). */
export const slug = (version, sep = "-") => version.replace(/\W/g, sep)

/**
 * A store's folder (with logs/), port, admin user, database name and
 * environment; `medusa` runs its own CLI, `run` any command in its folder,
 * each logged to logs/<log>.
 */
export async function newStore(version, { pg, fakeResend }) {
  const host = tempDir(`dd-package-${version}-`)
  const logs = path.join(host, "logs")
  fs.mkdirSync(logs)
  const port = await freePort(0)
  const backendUrl = `http://localhost:${port}`
  const dbName = `medusa_${slug(version, "_")}`
  const env = {
    ...process.env,
    DATABASE_URL: pg.url(dbName),
    PORT: String(port),
    MEDUSA_BACKEND_URL: backendUrl,
    STORE_CORS: backendUrl,
    ADMIN_CORS: backendUrl,
    AUTH_CORS: backendUrl,
    JWT_SECRET: crypto.randomBytes(24).toString("hex"),
    COOKIE_SECRET: crypto.randomBytes(24).toString("hex"),
    DIGITAL_DELIVERY_SECRET: crypto.randomBytes(32).toString("hex"),
    RESEND_API_KEY: fakeResend.apiKey,
    RESEND_BASE_URL: fakeResend.url,
    MEDUSA_DISABLE_TELEMETRY: "true",
    NODE_ENV: "development",
  }
  delete env.npm_config_legacy_peer_deps
  delete env.npm_config_force
  const store = {
    version,
    host,
    logs,
    backendUrl,
    env,
    admin: { email: "admin@example.com", password: `pw-${crypto.randomBytes(8).toString("hex")}` },
    dbName,
    log: (name) => path.join(logs, name),
    run: (cmd, args, log, what) => run(cmd, args, { cwd: host, env, logFile: store.log(log), what }),
    // `npx medusa …`, without npx's extra process: the store's own CLI.
    medusaBin: path.join(host, "node_modules", ".bin", "medusa"),
    medusa: (args, log) => store.run(store.medusaBin, args, log, `\`medusa ${args[0]}\``),
  }
  return store
}

/** Writes the store's package.json (with the tarball), medusa-config.ts, tsconfig.json and .gitignore. */
export async function writeStore(store, tarball) {
  const pkg = await hostPackageJson(store.version, tarball, store.host)
  fs.writeFileSync(path.join(store.host, "package.json"), JSON.stringify(pkg, null, 2) + "\n")
  fs.writeFileSync(path.join(store.host, "medusa-config.ts"), MEDUSA_CONFIG)
  fs.writeFileSync(path.join(store.host, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 2) + "\n")
  fs.writeFileSync(path.join(store.host, ".gitignore"), "node_modules\n.medusa\n")
  return `@medusajs/ui ${pkg.dependencies["@medusajs/ui"]}, react-router-dom ${pkg.dependencies["react-router-dom"]}`
}

/**
 * The store's package.json: what `create-medusa-app` writes (medusajs/dtc-starter,
 * apps/backend/package.json, a commit that pins 2.18.0), at `version`. The starter
 * pins the Admin's UI libraries to the versions @medusajs/dashboard uses, so they
 * are read from the dashboard's package.json at that version.
 */
async function hostPackageJson(version, tarball, dir) {
  const out = await run("npm", ["view", `@medusajs/dashboard@${version}`, "dependencies", "--json"], {
    cwd: dir,
    env: process.env,
    logFile: path.join(dir, "logs", "npm-view.log"),
    what: `\`npm view @medusajs/dashboard@${version}\``,
  })
  const dashboard = JSON.parse(out)
  const pinned = (name) => {
    if (!dashboard[name]) throw new StepError(`@medusajs/dashboard@${version} no longer depends on ${name}; update the host template in this script.`)
    return dashboard[name]
  }
  return {
    name: `medusa-store-${slug(version)}`,
    version: "0.0.1",
    description: "A starter for Medusa projects.",
    private: true,
    license: "MIT",
    scripts: {
      build: "medusa build",
      start: "medusa start",
      dev: "medusa develop",
      predeploy: "medusa db:migrate",
    },
    dependencies: {
      "@medusajs/admin-sdk": version,
      "@medusajs/admin-shared": version,
      "@medusajs/caching": version,
      "@medusajs/cli": version,
      "@medusajs/dashboard": version,
      "@medusajs/draft-order": version,
      "@medusajs/framework": version,
      "@medusajs/medusa": version,
      "@medusajs/ui": pinned("@medusajs/ui"),
      "@tanstack/react-query": pinned("@tanstack/react-query"),
      "react-i18next": pinned("react-i18next"),
      "react-router-dom": pinned("react-router-dom"),
      zod: pinned("zod"),
      [PLUGIN]: `file:${tarball}`,
    },
    devDependencies: {
      "@medusajs/test-utils": version,
      "@swc/core": "^1.7.28",
      "@swc/jest": "^0.2.36",
      "@types/jest": "^29.5.13",
      "@types/node": "^20.12.11",
      "@types/react": "^18.3.2",
      "@types/react-dom": "^18.2.25",
      jest: "^29.7.0",
      "prop-types": "^15.8.1",
      react: "^18.3.1",
      "react-dom": "^18.3.1",
      "ts-node": "^10.9.2",
      typescript: "^5.6.2",
      vite: "^5.4.14",
      yalc: "^1.0.0-pre.53",
    },
    engines: { node: ">=20" },
    // npm 11 runs no dependency install script without an entry here (NOTES.md).
    allowScripts: {
      "@swc/core": true,
      esbuild: true,
      "@medusajs/telemetry": false,
      "msgpackr-extract": false,
      protobufjs: false,
    },
  }
}

/** medusa-config.ts as the README tells a store owner to write it, on the starter's config. */
const MEDUSA_CONFIG = `import { loadEnv, defineConfig } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: process.env.STORE_CORS!,
      adminCors: process.env.ADMIN_CORS!,
      authCors: process.env.AUTH_CORS!,
      jwtSecret: process.env.JWT_SECRET,
      cookieSecret: process.env.COOKIE_SECRET,
    },
  },
  admin: { backendUrl: process.env.MEDUSA_BACKEND_URL },
  plugins: [
    {
      resolve: "${PLUGIN}",
      options: {
        secret: process.env.DIGITAL_DELIVERY_SECRET, // openssl rand -hex 32
        backend_url: process.env.MEDUSA_BACKEND_URL, // public URL used in emailed links
        default_max_downloads: 5,
        default_validity_days: 30,
      },
    },
  ],
  modules: [
    // With the local file provider, keep private files out of the public static dir:
    {
      resolve: "@medusajs/medusa/file",
      options: {
        providers: [
          {
            resolve: "@medusajs/medusa/file-local",
            id: "local",
            options: { private_upload_dir: "private-uploads" },
          },
        ],
      },
    },
    // Delivered orders read "Delivered" in Medusa's Orders list:
    {
      resolve: "@medusajs/medusa/fulfillment",
      options: {
        providers: [
          { resolve: "@medusajs/medusa/fulfillment-manual", id: "manual" },
          { resolve: "${PLUGIN}/providers/digital-fulfillment", id: "digital" },
        ],
      },
    },
    {
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [
          {
            resolve: "${PLUGIN}/providers/resend",
            id: "resend",
            options: {
              channels: ["email"],
              api_key: process.env.RESEND_API_KEY,
              from: "My Store <store@example.com>",
            },
          },
        ],
      },
    },
  ],
})
`

/** The starter's tsconfig.json (`medusa build` compiles with it). */
const TSCONFIG = {
  compilerOptions: {
    target: "ES2021",
    esModuleInterop: true,
    module: "Node16",
    moduleResolution: "Node16",
    emitDecoratorMetadata: true,
    experimentalDecorators: true,
    skipLibCheck: true,
    skipDefaultLibCheck: true,
    declaration: false,
    sourceMap: false,
    inlineSourceMap: true,
    outDir: "./.medusa/server",
    rootDir: "./",
    jsx: "react-jsx",
    forceConsistentCasingInFileNames: true,
    resolveJsonModule: true,
    checkJs: false,
    strictNullChecks: true,
  },
  "ts-node": { swc: true },
  include: ["**/*", ".medusa/types/*"],
  exclude: ["node_modules", ".medusa/server", ".medusa/admin", ".cache"],
}
