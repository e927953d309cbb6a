/* Build of the AIPRICE Excel add-in: custom functions, task pane, assets. */
const fs = require("fs");
const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const { sources } = require("webpack");
const pkg = require("./package.json");
const { securityHeaders } = require("./scripts/serve");
const { DEV_BASE, CDN_OFFICE_JS, CDN_CUSTOM_FUNCTIONS_RUNTIME, WORKBENCH_STRICT_CSP, deploymentFrom, pageCsp } = require("./scripts/addin-url");

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

/**
 * functions.json as Excel reads it: every helpUrl under the add-in's address (the functions' JSDoc names
 * the development address, https://localhost:3000/help.html#..., and stays the single source), and
 * without `allowCustomDataForDataTypeAny`, which custom-functions-metadata always writes: it asks Excel
 * to pass data types (entity and formatted-number values) to `any` parameters as objects, which needs
 * CustomFunctionsRuntime 1.4; the AIPRICE functions read plain numbers and text, so Excel passes a data
 * type's plain value instead, and the add-in needs only CustomFunctionsRuntime 1.3 (docs/deploy.md).
 */
class FunctionsMetadataPlugin {
  constructor(base) {
    this.base = base;
  }
  apply(compiler) {
    compiler.hooks.thisCompilation.tap("FunctionsMetadataPlugin", (compilation) => {
      compilation.hooks.processAssets.tap({ name: "FunctionsMetadataPlugin", stage: compilation.constructor.PROCESS_ASSETS_STAGE_ADDITIONS + 1 }, () => {
        const asset = compilation.getAsset("functions.json");
        if (!asset) return;
        const metadata = JSON.parse(asset.source.source().toString());
        delete metadata.allowCustomDataForDataTypeAny;
        for (const f of metadata.functions) {
          if (!f.helpUrl) continue;
          if (!f.helpUrl.startsWith(DEV_BASE)) {
            compilation.errors.push(new Error(`${f.id}: @helpurl ${f.helpUrl} must start with ${DEV_BASE} (the build moves it under ADDIN_URL)`));
            continue;
          }
          f.helpUrl = this.base + f.helpUrl.slice(DEV_BASE.length);
        }
        compilation.updateAsset("functions.json", new sources.RawSource(JSON.stringify(metadata, null, 4)));
      });
    });
  }
}

/**
 * dist/manifest.xml for a deployment: manifest.xml (the development manifest, which stays as it is)
 * with every https://localhost:<port>/ address moved under ADDIN_URL and the AppDomain set to its
 * origin. Fails the build if any development address is left.
 */
class DeploymentManifestPlugin {
  constructor(deployment) {
    this.deployment = deployment;
  }
  apply(compiler) {
    compiler.hooks.thisCompilation.tap("DeploymentManifestPlugin", (compilation) => {
      compilation.hooks.processAssets.tap({ name: "DeploymentManifestPlugin", stage: compilation.constructor.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        const file = path.join(__dirname, "manifest.xml");
        compilation.fileDependencies.add(file);
        const devOrigin = DEV_BASE.replace(/\/$/, "");
        const xmlText = (t) => t.replace(/&/g, "&amp;").replace(/'/g, "&apos;");
        const xml = fs
          .readFileSync(file, "utf8")
          .split(DEV_BASE)
          .join(xmlText(this.deployment.base))
          .split(`<AppDomain>${devOrigin}</AppDomain>`)
          .join(`<AppDomain>${this.deployment.origin}</AppDomain>`);
        if (/localhost/i.test(xml)) {
          compilation.errors.push(new Error("manifest.xml names a development address that the build cannot move under ADDIN_URL (every URL must start with " + DEV_BASE + ")"));
          return;
        }
        compilation.emitAsset("manifest.xml", new sources.RawSource(xml));
      });
    });
  }
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

// The schema's annotations are for people: the bundles leave them out (scripts/schema-annotations-loader.js).
const schemaRule = {
  test: /bid-template\.schema\.json$/,
  use: [{ loader: path.join(__dirname, "scripts", "schema-annotations-loader.js") }],
};

/*
 * The engine, the templates, the workbook and the pane's modules run nothing when imported (pure
 * functions and data; an entry module runs whatever it holds), so a module imported only for names a
 * bundle never uses is left out of it: the pane's first bundle carries no engine code it never calls.
 * Not so the module that installs the CustomFunctions global, nor src/functions (the workbench imports
 * the functions for their CustomFunctions.associate calls) and src/embedded.
 */
const pureSourceRule = {
  test: /[\\/]src[\\/](engine|templates|workbook|taskpane|replay)[\\/].*\.ts$/,
  exclude: /functions-global\.ts$/,
  sideEffects: false,
};

/**
 * An HTML page with its Content-Security-Policy and the address of office.js (or of the custom
 * functions runtime): local copies in development, Microsoft's CDN in a deployment.
 */
function page(name, template, deployment) {
  return new HtmlWebpackPlugin({
    filename: `${name}.html`,
    template,
    chunks: [name],
    templateParameters: {
      csp: pageCsp({ officeCdn: !!deployment, inlineStyles: name === "workbench" && !WORKBENCH_STRICT_CSP }),
      officeJs: deployment ? CDN_OFFICE_JS : "office-js/office.js",
      customFunctionsRuntime: deployment ? CDN_CUSTOM_FUNCTIONS_RUNTIME : "office-js/custom-functions-runtime.js",
    },
  });
}

// The add-in itself: everything Excel loads from https://localhost:<port>/, or from ADDIN_URL.
// A deployment build leaves the workbench out: Excel never loads it, and it bundles HyperFormula (GPL).
function addinConfig(dev, deployment, outputPath) {
  const entry = {
    functions: "./src/functions/functions.ts",
    taskpane: "./src/taskpane/taskpane.ts",
    // The task pane's Web Worker that reads a pilot history (src/taskpane/replay-worker.ts): loaded by
    // the pane only when the analyst picks a file; it loads its own chunks (ExcelJS) with importScripts.
    "replay-worker": { import: "./src/taskpane/replay-worker.ts", chunkLoading: "import-scripts" },
    // The pilot replay's views (src/taskpane/replay-view-entry.ts), added to the page by the pane when
    // the analyst picks a history file: a bundle of its own, so that taskpane.js stays as it was.
    "replay-view": "./src/taskpane/replay-view-entry.ts",
  };
  if (!deployment) {
    // The workbench (`npm start` without Excel, the end-to-end tests): the real task pane beside a grid
    // of the embedded workbook. It bundles HyperFormula (GPL-3.0), so it is a page of its own that
    // Excel never loads (manifest.xml names only taskpane.html and functions.html). Entries never
    // share chunks here (no splitChunks for initial chunks), so the formula engine stays out of
    // functions.js and taskpane.js (test/e2e/bundles.test.ts checks it).
    entry.workbench = "./src/workbench/workbench.ts";
  }
  return {
    name: "addin",
    context: __dirname,
    target: ["web", "es2019"],
    devtool: dev ? "source-map" : false,
    entry,
    output: {
      path: outputPath,
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
    // A chunk shared by chunks loaded on demand (the pane's validator and export share ajv's runtime)
    // is named after the chunks that use it, so the deployed files keep stable names.
    optimization: {
      splitChunks: {
        name: (module, chunks) =>
          chunks
            .map((c) => c.name)
            .sort()
            .join("~"),
      },
    },
    // Size hints for what Excel loads; the workbench page carries the formula engine by design, and the
    // pane's worker loads ExcelJS only to read an XLSX history.
    performance: { assetFilter: (file) => /\.(js|css)$/.test(file) && !file.startsWith("workbench") && !file.startsWith("replay-exceljs") },
    module: {
      rules: [tsRule, schemaRule, pureSourceRule],
      // ExcelJS's browser build is one prebuilt bundle: used as it is, not parsed for imports.
      noParse: /exceljs[\\/]dist[\\/]exceljs(\.min)?\.js$/,
    },
    plugins: [
      new CustomFunctionsMetadataPlugin({
        output: "functions.json",
        input: "./src/functions/functions.ts",
      }),
      new FunctionsMetadataPlugin(deployment ? deployment.base : DEV_BASE),
      page("functions", "./src/functions/functions.html", deployment),
      page("taskpane", "./src/taskpane/taskpane.html", deployment),
      ...(deployment ? [new DeploymentManifestPlugin(deployment)] : [page("workbench", "./src/workbench/workbench.html", null)]),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets", to: "assets" },
          { from: "src/taskpane/taskpane.css", to: "taskpane.css" },
          ...(deployment ? [] : [{ from: "src/workbench/workbench.css", to: "workbench.css" }]),
        ],
      }),
    ],
    devServer: {
      port,
      server: httpsServer(),
      // No wildcard CORS; framed only by the Office hosts (scripts/serve.js, as `npm start`'s server).
      // The Host header is checked (allowedHosts "auto": localhost and IP addresses only).
      headers: (req) => securityHeaders(req.headers.origin),
      allowedHosts: "auto",
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

/*
 * env (webpack --env): addinUrl=https://host/path/ (or the ADDIN_URL environment variable) for a
 * deployment build; dist=<folder> to write somewhere else than dist/ (the deployment test does).
 */
module.exports = (env = {}, argv = {}) => {
  const dev = argv.mode === "development";
  const deployment = deploymentFrom(env);
  const outputPath = path.resolve(__dirname, env.dist || process.env.AIPRICE_DIST || "dist");
  return addinConfig(dev, deployment, outputPath);
};
