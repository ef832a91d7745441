import path from "node:path"
import type { NextConfig } from "next"

// In this repository the example imports the plugin's typed client from its
// source (tsconfig.json "paths": medusa-plugin-digital-delivery/client →
// ../../src/client), so Turbopack may read files up to the repository's root.
// A store that installs the package (npm i medusa-plugin-digital-delivery)
// needs none of this.
const repositoryRoot = path.resolve(__dirname, "..", "..")

const nextConfig: NextConfig = {
  reactStrictMode: true,
  turbopack: { root: repositoryRoot },
  outputFileTracingRoot: repositoryRoot,
}

export default nextConfig
