/** The gzipped size of the built functions bundle (what Excel downloads for the custom functions). */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { DIST } from "../test/support/load-functions";
import { Section } from "./sections";

export const bundleSize: Section = {
  name: "Bundle size",
  run() {
    const file = path.join(DIST, "functions.js");
    const raw = fs.readFileSync(file);
    const gzipped = zlib.gzipSync(raw, { level: 9 });
    return [
      {
        label: "dist/functions.js, gzipped (level 9)",
        value: gzipped.length / 1024,
        unit: "KB",
        target: 15,
        detail: `${(raw.length / 1024).toFixed(1)} KB minified, ${gzipped.length} bytes gzipped`,
      },
    ];
  },
};
