/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  // Writes the generated sources git does not hold (the template validator) before any test loads them.
  globalSetup: "<rootDir>/test/support/generated-sources.js",
  // ts-jest transpiles only (tsconfig.json sets isolatedModules); `tsc --noEmit` does the type check.
  transform: { "^.+\\.ts$": "ts-jest" },
  moduleFileExtensions: ["ts", "js", "json"],
  moduleNameMapper: { "^office-addin-manifest$": "<rootDir>/test/stubs/office-addin-manifest.js" },
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/dist/"],
  testTimeout: 60000,
};
