// ESLint flat config, close to Medusa's own: eslint:recommended + typescript-eslint
// recommended, `_`-prefixed names may be unused, react-hooks for the admin extension.
// Not type-checked (no parserOptions.project), so `npm run lint` stays fast.
import js from "@eslint/js"
import tseslint from "typescript-eslint"
import reactHooks from "eslint-plugin-react-hooks"
import globals from "globals"

export default tseslint.config(
  {
    // Installed packages, build output (.medusa/ also holds generated .d.ts types),
    // scratch and data folders: what .gitignore ignores, plus docs and bench results.
    ignores: [
      "**/node_modules/",
      ".medusa/",
      "**/.medusa/",
      ".cache/",
      ".demo/",
      ".tmp/",
      "static/",
      "uploads/",
      "coverage/",
      "docs/",
      "bench/results/",
      "bench/host/static/",
      // The example storefront's build output and Next's generated types file.
      "**/.next/",
      "examples/*/next-env.d.ts",
    ],
  },
  {
    files: ["**/*.{ts,tsx,js,mjs,cjs}"],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: { globals: globals.node },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
      ],
    },
  },
  {
    // CommonJS files run by Jest as they are (jest.config.js, integration-tests/setup.js).
    files: ["**/*.{js,cjs}"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["**/__tests__/**", "integration-tests/**/*.spec.ts"],
    languageOptions: { globals: globals.jest },
  },
  {
    // Tests and their helpers poke at JSON bodies, mocks and container services: typing
    // each one adds noise, not safety. Production code (src/ outside __tests__) has no `any`.
    files: ["**/__tests__/**", "integration-tests/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // The admin extension runs in the browser, bundled by Vite; the example
    // storefront's components run in the browser too (and on the Next.js server).
    files: ["src/admin/**/*.{ts,tsx}", "examples/nextjs-storefront/src/**/*.{ts,tsx}"],
    languageOptions: { globals: globals.browser },
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      // v7's "recommended" also brings the React Compiler rules. Not enabled: they run the
      // compiler on every admin file (about 12 of 21 s of lint time), the admin is not
      // built with the compiler, and they found one pattern only, set-state-in-effect
      // (resetting a drawer's form when its grant/asset changes, or filling the settings
      // form once). The one case with a visible cost (the deliveries page fetching the
      // new filter at the old page offset) was fixed; the others are correct as written.
    },
  },
)
