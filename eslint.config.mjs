// ESLint (flat config): typescript-eslint's recommended rules, without type information so that it stays
// fast; eslint-config-prettier turns off the rules that are Prettier's business (npm run format).
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import globals from "globals";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig(
  { ignores: ["dist/", "lib/", "coverage/", "test-artifacts/", ".bench/", "node_modules/", "src/templates/bid-template.validator.ts"] },
  { linterOptions: { reportUnusedDisableDirectives: "error" } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_name` marks a parameter or binding kept for its position (a callback's signature, a destructured rest).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true }],
      // The repository's own CommonJS scripts and webpack config have no types; tests and benchmarks load
      // them with a typed require.
      "@typescript-eslint/no-require-imports": ["error", { allow: ["/scripts/[\\w.-]+\\.js$", "/webpack\\.config\\.js$"] }],
    },
  },
  {
    // Excel's metadata generator reads the declared types: `any[][]` is how a custom function says
    // "a value or a range of any type" (the shared layer in cells.ts coerces it).
    files: ["src/functions/functions.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // The HyperFormula plugin reads HyperFormula's internals (its AST, dependency graph and interpreter
    // state), which its package does not type; the plugin reads them defensively.
    files: ["src/embedded/hyperformula-aiprice.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["src/taskpane/**", "src/functions/**", "src/commands/**", "src/workbench/**", "test/e2e/**"],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  prettier,
);
