/* Build of the AIPRICE Excel add-in: custom functions, task pane, assets. */
const fs = require("fs");
const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const pkg = require("./package.json");

const port = Number(process.env.npm_package_config_dev_server_port || pkg.config.dev_server_port || 3000);
const certDir = path.join(__dirname, ".certs");

// HTTPS for the dev server: the certificate made by the start script if present, else a self-signed one.
function httpsServer() {
  const key = path.join(certDir, "localhost.key");
  const cert = path.join(certDir, "localhost.crt");
  if (fs.existsSync(key) && fs.existsSync(cert)) {
    return { type: "https", options: { key: fs.readFileSync(key), cert: fs.readFileSync(cert) } };
  }
  return { type: "https" };
}

const tsRule = {
  test: /\.ts$/,
  exclude: /node_modules/,
  use: {
    loader: "ts-loader",
    options: {
      onlyCompileBundledFiles: true,
      // ES modules for webpack (tree shaking); tsconfig.json keeps commonjs for jest and ts-node.
      compilerOptions: { module: "es2020", noEmit: false, sourceMap: true },
    },
  },
};

// The add-in itself: everything Excel loads from https://localhost:<port>/.
function addinConfig(dev) {
  return {
    name: "addin",
    context: __dirname,
    target: ["web", "es2019"],
    devtool: dev ? "source-map" : false,
    entry: {
      functions: "./src/functions/functions.ts",
      taskpane: "./src/taskpane/taskpane.ts",
      // The workbench (`npm start` without Excel, the end-to-end tests): the real task pane beside a grid
      // of the embedded workbook. It bundles HyperFormula (GPL-3.0), so it is a page of its own that
      // Excel never loads (manifest.xml names only taskpane.html and functions.html). Entries never
      // share chunks here (no splitChunks for initial chunks), so the formula engine stays out of
      // functions.js and taskpane.js (test/e2e/bundles.test.ts checks it).
      workbench: "./src/workbench/workbench.ts",
    },
    output: {
      path: path.join(__dirname, "dist"),
      filename: "[name].js",
      // Chunks loaded on demand by the workbench (ExcelJS, for its "Download .xlsx") keep their names.
      chunkFilename: "[name].js",
      // When a second config (the CLI) also writes under dist/, keep its folder: clean: { keep: /^cli\// }
      clean: true,
      // Write every file on every build, so that a built file's time says when it was built (npm start
      // reuses dist/ only when no source is newer than the oldest built file).
      compareBeforeEmit: false,
    },
    resolve: { extensions: [".ts", ".js"] },
    // Size hints for what Excel loads; the workbench page carries the formula engine by design.
    performance: { assetFilter: (file) => /\.(js|css)$/.test(file) && !file.startsWith("workbench") },
    module: {
      rules: [tsRule],
      // ExcelJS's browser build is one prebuilt bundle: used as it is, not parsed for imports.
      noParse: /exceljs[\\/]dist[\\/]exceljs(\.min)?\.js$/,
    },
    plugins: [
      new CustomFunctionsMetadataPlugin({
        output: "functions.json",
        input: "./src/functions/functions.ts",
      }),
      new HtmlWebpackPlugin({
        filename: "functions.html",
        template: "./src/functions/functions.html",
        chunks: ["functions"],
      }),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["taskpane"],
      }),
      new HtmlWebpackPlugin({
        filename: "workbench.html",
        template: "./src/workbench/workbench.html",
        chunks: ["workbench"],
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets", to: "assets" },
          { from: "src/taskpane/taskpane.css", to: "taskpane.css" },
          { from: "src/workbench/workbench.css", to: "workbench.css" },
        ],
      }),
    ],
    devServer: {
      port,
      server: httpsServer(),
      headers: { "Access-Control-Allow-Origin": "*" },
      // No live-reload/HMR client: it would be injected into every entry, and functions.js
      // must hold only its own code (the JavaScript-only runtime has no DOM). Reload by hand.
      client: false,
      hot: false,
      liveReload: false,
      webSocketServer: false,
      // office.js and the custom functions runtime, served from node_modules (never copied to dist/).
      static: [
        {
          directory: path.join(__dirname, "node_modules/@microsoft/office-js/dist"),
          publicPath: "/office-js",
          watch: false,
        },
      ],
    },
  };
}

// LATER: the command-line bundle, a second config:
//   { name: "cli", target: "node", entry: { cli: "./src/cli/cli.ts" },
//     output: { path: path.join(__dirname, "dist/cli"), filename: "[name].js", clean: true }, ... }
// and return [addinConfig(dev), cliConfig(dev)] below.

module.exports = (env, argv) => {
  const dev = argv.mode === "development";
  return addinConfig(dev);
};
