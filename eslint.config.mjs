// ESLint: the habits a reviewer would otherwise have to repeat. Formatting is Prettier's job.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import { importX } from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";

/** Where emulators and test support live: demo and test code that production code never imports. */
const TEST_ONLY = ["@/emulators/*", "@/emulators/**", "@/test/**", "**/emulators/**", "**/test/support/**"];

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      ".data*/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
      "lib/db/migrations/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  importX.flatConfigs.typescript,
  {
    settings: { "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })] },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "import-x/no-self-import": "error",
      "import-x/no-duplicates": "error",
      eqeqeq: ["error", "always", { null: "ignore" }],
      "no-console": ["error", { allow: ["warn", "error"] }],
      // Validators refuse control characters on purpose; the rule flags exactly those patterns.
      "no-control-regex": "off",
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: {
      globals: { module: "readonly", require: "readonly", process: "readonly", __dirname: "readonly" },
    },
  },
  {
    files: ["**/*.tsx", "components/**/*.ts"],
    plugins: { "react-hooks": reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // Production code: the console never ships an emulator or a test helper.
    files: [
      "lib/**/*.ts",
      "app/**/*.ts",
      "app/**/*.tsx",
      "components/**/*.ts",
      "components/**/*.tsx",
      "instrumentation.ts",
    ],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: TEST_ONLY, message: "Production code must not import emulators or test support." }] },
      ],
    },
  },
  {
    // Browser code imports only pure modules: nothing that talks to the database, reads secrets or
    // pulls node built-ins into the client bundle, and no zod — the BFF's schemas (the `input`
    // modules) answer with field errors; types from them are fine (erased).
    files: ["components/**/*.ts", "components/**/*.tsx"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: {
      "no-restricted-imports": "off",
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: TEST_ONLY, message: "Production code must not import emulators or test support." },
            {
              group: [
                "@/lib/db",
                "@/lib/db/*",
                "@/lib/auth/session",
                "@/lib/auth/sudo",
                "@/lib/env",
                "@/lib/log",
                "@/lib/crypto*",
                "node:*",
              ],
              message:
                "Client components import only pure modules (schemas, types, formatting); server work goes through the BFF.",
            },
            {
              group: ["zod", "zod/*", "@/lib/**/input", "@/lib/**/*-input"],
              allowTypeImports: true,
              message:
                "zod stays out of the browser bundle: import the rules module (limits, checks, choices) or only types.",
            },
          ],
        },
      ],
    },
  },
  {
    // Server code logs through lib/log.ts (structured JSON lines, credentials redacted), never console.*.
    files: ["lib/**/*.ts", "lib/**/*.tsx", "app/**/*.ts", "app/**/*.tsx", "instrumentation.ts"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: { "no-console": "error" },
  },
  {
    // Scripts and tests print their progress; a CLI's own report (audit:verify, the `npm start` banner) is plain text.
    files: ["scripts/**", "e2e/**", "emulators/**", "test/**", "**/*.test.ts", "**/*.test.tsx", "bench/**"],
    rules: { "no-console": "off" },
  },
);
