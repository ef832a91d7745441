const { loadEnv } = require("@medusajs/utils")
loadEnv("test", process.cwd())

const suites = {
  unit: ["<rootDir>/src/**/__tests__/**/*.unit.spec.ts"],
  modules: ["<rootDir>/src/modules/*/__tests__/**/*.spec.ts"],
  http: ["<rootDir>/integration-tests/http/**/*.spec.ts"],
}
const type = process.env.TEST_TYPE || "unit"

module.exports = {
  transform: {
    "^.+\\.[jt]s$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript", decorators: true }, target: "es2021" } },
    ],
  },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "json"],
  // The HTTP suites load the built plugin from .medusa/server, like a host app would.
  // The example storefront (its own node_modules and .next build) is no part of any suite.
  modulePathIgnorePatterns: type === "http" ? ["<rootDir>/demo/", "<rootDir>/examples/"] : ["<rootDir>/.medusa/", "<rootDir>/demo/", "<rootDir>/examples/"],
  testMatch: suites[type],
  testPathIgnorePatterns: type === "modules" ? ["\\.unit\\.spec\\.ts$"] : [],
  setupFiles: ["<rootDir>/integration-tests/setup.js"],
  testTimeout: 120000,
}
