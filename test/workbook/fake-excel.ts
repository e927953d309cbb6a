/**
 * A small Excel for unit tests of the Office.js calls, built on office-addin-mock: the request context
 * and the collections are OfficeMockObjects (so properties must be loaded and synced before they are
 * read, as in Office.js), every `context.sync()` is counted, and the commands queued in a batch are
 * carried out on an in-memory workbook only when the batch is synced, in the order they were queued.
 *
 * Cell input follows Excel's rules for what is typed or set through Range.formulas: a leading apostrophe
 * makes the rest text; a string starting with =, +, - or @ is a formula; a numeric string is a number.
 */
import { OfficeMockObject } from "office-addin-mock";
import { parseCell, parseRange, rangeAddress } from "../../src/workbook/a1";

export type FakeCell = { kind: "text"; value: string } | { kind: "number"; value: number } | { kind: "boolean"; value: boolean } | { kind: "formula"; formula: string } | { kind: "error"; value: string };

export interface FakeFormat {
  bold?: boolean;
  italic?: boolean;
  size?: number;
  color?: string;
  fill?: string;
  wrapText?: boolean;
}

export interface FakeChart {
  type: string;
  seriesBy: string;
  name?: string;
  title?: string;
  legendVisible?: boolean;
  series: { name?: string; values?: string; categories?: string; hidden?: boolean }[];
  position?: [string, string];
}

export interface FakeSheet {
  id: number;
  name: string;
  cells: Map<string, FakeCell>;
  numberFormats: Map<string, string>;
  formats: Map<string, FakeFormat>;
  names: Map<string, { address: string; comment?: string }>;
  charts: FakeChart[];
  columnWidths: Map<string, number>;
  hiddenColumns: Set<string>;
  /** Hidden rows, 1-based row numbers as Excel shows them. */
  hiddenRows: Set<number>;
  /** Protected (Review > Protect Sheet): Excel refuses to change it. */
  protected: boolean;
  deleted: boolean;
}

export interface FakeName {
  name: string;
  sheet: FakeSheet;
  address: string;
  comment?: string;
  visible: boolean;
  deleted: boolean;
}

/** What Excel does with one entry of Range.formulas. */
export function excelInput(v: unknown): FakeCell | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return { kind: "number", value: v };
  if (typeof v === "boolean") return { kind: "boolean", value: v };
  const s = String(v);
  if (s.startsWith("'")) return { kind: "text", value: s.slice(1) };
  if (/^[=+\-@]/.test(s) && s.length > 1) return { kind: "formula", formula: s.startsWith("=") ? s : `=${s}` };
  if (s.trim() !== "" && Number.isFinite(Number(s))) return { kind: "number", value: Number(s) };
  if (s === "") return null;
  return { kind: "text", value: s };
}

class ItemNotFound extends Error {
  code = "ItemNotFound";
}

function* cellsOf(address: string): Generator<{ key: string; i: number; j: number }> {
  const r = parseRange(address);
  for (let i = 0; i <= r.end.row - r.start.row; i++)
    for (let j = 0; j <= r.end.col - r.start.col; j++) {
      yield { key: rangeAddress({ start: { row: r.start.row + i, col: r.start.col + j }, end: { row: r.start.row + i, col: r.start.col + j } }), i, j };
    }
}

function dims(address: string): { rows: number; cols: number } {
  const r = parseRange(address);
  return { rows: r.end.row - r.start.row + 1, cols: r.end.col - r.start.col + 1 };
}

/** A formula with its references to `sheetName`'s rows moved (unqualified ones when `same`). */
export function shiftFormula(formula: string, same: boolean, sheetName: string, moved: (row: number) => number | null): string {
  const parts = formula.split('"');
  return parts
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(/(?<![A-Za-z0-9_.])((?:'(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!)?(\$?)([A-Z]{1,3})(\$?)(\d+)(?![A-Za-z0-9_(.])/g, (all, qualifier: string | undefined, d1: string, col: string, d2: string, row: string) => {
            const refers = qualifier ? qualifier.slice(0, -1).replace(/^'|'$/g, "").replace(/''/g, "'").toUpperCase() === sheetName.toUpperCase() : same;
            if (!refers) return all;
            const r = moved(Number(row) - 1);
            return r === null ? "#REF!" : `${qualifier ?? ""}${d1}${col}${d2}${r + 1}`;
          }),
    )
    .join('"');
}

export class FakeExcel {
  sheets: FakeSheet[] = [];
  names: FakeName[] = [];
  syncs = 0;
  runs = 0;
  /** Every sheet a batch wrote cells or formats to, by name at the time. */
  touched = new Set<string>();
  /** Make the next batch fail when it reaches a command of this kind (once). */
  failOn: "chart" | "delete-sheet" | "clear" | null = null;

  fail(message: string): never {
    this.failOn = null;
    throw new Error(message);
  }
  active: FakeSheet | null = null;
  private nextId = 1;

  addSheet(name: string, cells: Record<string, string | number | boolean> = {}): FakeSheet {
    const sheet: FakeSheet = {
      id: this.nextId++,
      name,
      cells: new Map(),
      numberFormats: new Map(),
      formats: new Map(),
      names: new Map(),
      charts: [],
      columnWidths: new Map(),
      hiddenColumns: new Set(),
      hiddenRows: new Set(),
      protected: false,
      deleted: false,
    };
    for (const [a, v] of Object.entries(cells)) {
      const c = excelInput(v);
      if (c) sheet.cells.set(a, c);
    }
    this.sheets.push(sheet);
    return sheet;
  }

  sheet(name: string): FakeSheet | undefined {
    return this.sheets.find((s) => s.name.toUpperCase() === name.toUpperCase());
  }

  /** A name's formula as Excel reports it (it follows the sheet's renames; #REF! once the sheet is gone). */
  nameFormula(n: FakeName): string {
    if (n.sheet.deleted) return "=#REF!";
    return this.cellFormula(n.sheet, n.address);
  }

  /** ='Sheet'!$A$1 */
  cellFormula(sheet: FakeSheet, address: string): string {
    const a = parseCell(address);
    return `='${sheet.name.replace(/'/g, "''")}'!${rangeAddress({ start: a, end: a }).replace(/^([A-Z]+)(\d+)$/, "$$$1$$$2")}`;
  }

  /**
   * Inserts (count > 0) or deletes (count < 0) whole rows at `row` (0-based), as Excel does: the cells
   * and formats below move, and every reference to them, in any sheet's formulas and in names, follows;
   * a reference into deleted rows becomes #REF!.
   */
  shiftRows(target: FakeSheet, row: number, count: number): void {
    const moved = (r: number): number | null => {
      if (count > 0) return r >= row ? r + count : r;
      if (r >= row && r < row - count) return null;
      return r >= row - count ? r + count : r;
    };
    const moveKeys = <T>(map: Map<string, T>): Map<string, T> => {
      const out = new Map<string, T>();
      for (const [k, v] of map) {
        const a = parseCell(k);
        const r = moved(a.row);
        if (r !== null) out.set(rangeAddress({ start: { row: r, col: a.col }, end: { row: r, col: a.col } }), v);
      }
      return out;
    };
    target.cells = moveKeys(target.cells);
    target.formats = moveKeys(target.formats);
    target.numberFormats = moveKeys(target.numberFormats);
    target.hiddenRows = new Set(
      [...target.hiddenRows]
        .map((r) => moved(r - 1))
        .filter((r): r is number => r !== null)
        .map((r) => r + 1),
    );
    for (const sheet of this.sheets) {
      for (const [k, c] of sheet.cells) {
        if (c.kind === "formula") sheet.cells.set(k, { kind: "formula", formula: shiftFormula(c.formula, sheet === target, target.name, moved) });
      }
      for (const [n, v] of sheet.names) {
        if (sheet !== target) continue;
        const a = parseCell(v.address);
        const r = moved(a.row);
        if (r !== null) sheet.names.set(n, { ...v, address: rangeAddress({ start: { row: r, col: a.col }, end: { row: r, col: a.col } }) });
        else sheet.names.delete(n);
      }
    }
    for (const n of this.names) {
      if (n.sheet !== target) continue;
      const a = parseCell(n.address);
      const r = moved(a.row);
      if (r === null) n.deleted = true;
      else n.address = rangeAddress({ start: { row: r, col: a.col }, end: { row: r, col: a.col } });
    }
  }

  /** Excel.run: a fresh request context per batch. */
  run = async <T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> => {
    this.runs++;
    const context = this.context();
    return batch(context as unknown as Excel.RequestContext);
  };

  private context(): OfficeMockObject {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the mocks' methods and accessors below have a `this` of their own
    const fake = this;
    const queue: (() => void)[] = [];
    const mocks: OfficeMockObject[] = [];
    const rangeInfo = new WeakMap<object, { sheet: () => FakeSheet; address: string }>();
    /** An object whose properties are read only after load() and sync(), as in Office.js. */
    const loadable = (data: Record<string, unknown>): OfficeMockObject => {
      const m = new OfficeMockObject(data, "excel" as never);
      mocks.push(m);
      return m;
    };

    /** A worksheet proxy: `adding` queues the sheet's creation; otherwise it is looked up by name at sync. */
    const sheetProxy = (resolveAtSync: () => FakeSheet, adding: boolean, existing?: FakeSheet) => {
      let resolved: FakeSheet | null = null;
      const sheet = () => {
        if (!resolved) resolved = resolveAtSync();
        return resolved;
      };
      if (adding) queue.push(() => void sheet());
      const range = (address?: string, readOnly = false) => {
        if (address === undefined) return wholeSheet();
        const rowSpan = /^(\d+):(\d+)$/.exec(address);
        if (rowSpan) return wholeRows(Number(rowSpan[1]) - 1, Number(rowSpan[2]) - 1);
        // Values to load come from the sheet as it is (nothing else in these batches writes before reading).
        const snapshot = existing ?? null;
        const { rows, cols } = dims(address.includes(":") && /^[A-Z]+:[A-Z]+$/.test(address) ? "A1" : address);
        const values: unknown[][] = [];
        const types: string[][] = [];
        const formulas: unknown[][] = [];
        for (let i = 0; i < rows; i++) {
          values.push([]);
          types.push([]);
          formulas.push(Array.from({ length: cols }, () => ""));
        }
        if (snapshot && !/^[A-Z]+:[A-Z]+$/.test(address)) {
          for (const { key, i, j } of cellsOf(address)) {
            const c = snapshot.cells.get(key);
            const [v, t] = !c ? ["", "Empty"] : c.kind === "text" ? [c.value, "String"] : c.kind === "number" ? [c.value, "Double"] : c.kind === "boolean" ? [c.value, "Boolean"] : c.kind === "error" ? [c.value, "Error"] : [0, "Double"];
            values[i][j] = v;
            types[i][j] = t;
            formulas[i][j] = !c ? "" : c.kind === "formula" ? c.formula : c.kind === "error" ? c.value : c.value;
          }
        }
        // A range written may be read too (Range.formulas as Excel gives it: a text without its apostrophe);
        // only formulas set on it, not the ones loaded, are written.
        // Range.clear: its cells' contents and formats go (a calculation sheet rewritten by an update).
        const clear = () =>
          queue.push(() => {
            refuseIfProtected();
            for (const { key } of cellsOf(address)) {
              sheet().cells.delete(key);
              sheet().formats.delete(key);
              sheet().numberFormats.delete(key);
            }
            fake.touched.add(sheet().name);
          });
        const mock = new OfficeMockObject(readOnly ? { values, valueTypes: types, formulas } : { values, valueTypes: types, formulas, format: { font: {}, fill: {} }, clear }, "excel" as never);
        mocks.push(mock);
        rangeInfo.set(mock, { sheet, address });
        if (!readOnly) queue.push(() => fake.applyRange(sheet(), address, mock, formulas));
        return mock;
      };
      /** Whole rows ("5:7"): inserted or deleted as Excel does, or hidden. */
      const wholeRows = (first: number, last: number) => ({
        insert() {
          queue.push(() => {
            refuseIfProtected();
            fake.shiftRows(sheet(), first, last - first + 1);
            fake.touched.add(sheet().name);
          });
        },
        delete() {
          queue.push(() => {
            refuseIfProtected();
            fake.shiftRows(sheet(), first, -(last - first + 1));
            fake.touched.add(sheet().name);
          });
        },
        set rowHidden(v: boolean) {
          queue.push(() => {
            for (let r = first; r <= last; r++) {
              if (v) sheet().hiddenRows.add(r + 1);
              else sheet().hiddenRows.delete(r + 1);
            }
          });
        },
      });
      const refuseIfProtected = () => {
        if (sheet().protected) fake.fail(`AccessDenied: "${sheet().name}" is protected`);
      };
      /** Worksheet.getRange() without an address: the whole sheet (what an update clears). */
      const wholeSheet = () => {
        const format = {
          set useStandardWidth(v: boolean) {
            if (v) queue.push(() => sheet().columnWidths.clear());
          },
        };
        return {
          format,
          clear(applyTo: string = "All") {
            queue.push(() => {
              if (fake.failOn === "clear") fake.fail("GeneralException: the sheet could not be cleared");
              refuseIfProtected();
              const s = sheet();
              if (applyTo === "All" || applyTo === "Contents") s.cells.clear();
              if (applyTo === "All" || applyTo === "Formats") {
                s.formats.clear();
                s.numberFormats.clear();
              }
              fake.touched.add(s.name);
            });
          },
          set columnHidden(v: boolean) {
            queue.push(() => {
              if (!v) sheet().hiddenColumns.clear();
            });
          },
        };
      };
      const chartsAdd = (type: string, source: object, seriesBy: string) => {
        type Item = { name?: string; values?: string; categories?: string; hidden?: boolean };
        const items: Item[] = [{ values: rangeInfo.get(source)!.address }];
        const seriesProxy = (item: Item) => ({
          set name(v: string) {
            item.name = v;
          },
          setXAxisValues(r: object) {
            item.categories = rangeInfo.get(r)!.address;
          },
          setValues(r: object) {
            item.values = rangeInfo.get(r)!.address;
          },
          format: {
            fill: {
              clear() {
                item.hidden = true;
              },
            },
            line: {
              set lineStyle(v: string) {
                if (v === "None") item.hidden = true;
              },
            },
          },
        });
        const chart = {
          name: undefined as string | undefined,
          title: { text: undefined as string | undefined },
          legend: { visible: undefined as boolean | undefined },
          series: {
            getItemAt(k: number) {
              if (k >= items.length) throw new Error(`no series ${k}`);
              return seriesProxy(items[k]);
            },
            add(name: string) {
              const item: Item = { name };
              items.push(item);
              return seriesProxy(item);
            },
          },
          position: undefined as [string, string] | undefined,
          setPosition(a: string, b: string) {
            this.position = [a, b];
          },
        };
        queue.push(() => {
          if (fake.failOn === "chart") fake.fail("InvalidArgument: the chart could not be added");
          sheet().charts.push({
            type,
            seriesBy,
            name: chart.name,
            title: chart.title.text,
            legendVisible: chart.legend.visible,
            series: items.map((i) => ({ ...i })),
            position: chart.position,
          });
        });
        return chart;
      };
      const current = existing ?? null;
      const proxy = {
        isNullObject: false,
        getRange: range,
        getRangeByIndexes(row: number, col: number, rows: number, cols: number) {
          return range(rangeAddress({ start: { row, col }, end: { row: row + rows - 1, col: col + cols - 1 } }), true);
        },
        /** The rectangle from A1's corner of the cells in use (rows and columns as Excel counts them). */
        getUsedRange() {
          let rows = 0;
          let cols = 0;
          for (const k of current?.cells.keys() ?? []) {
            const a = parseCell(k);
            rows = Math.max(rows, a.row + 1);
            cols = Math.max(cols, a.col + 1);
          }
          return loadable({ rowIndex: 0, rowCount: Math.max(1, rows), columnIndex: 0, columnCount: Math.max(1, cols) });
        },
        protection: loadable({ protected: current?.protected ?? false }),
        names: {
          items: [...(current?.names.entries() ?? [])].map(([name, n]) => ({ name, formula: fake.cellFormula(current!, n.address) })),
          load() {
            return this;
          },
          getItem(name: string) {
            return {
              set formula(f: string) {
                queue.push(() => {
                  const s = sheet();
                  const n = s.names.get(name.toUpperCase());
                  if (!n) throw new ItemNotFound(`ItemNotFound: no name ${name} on ${s.name}`);
                  const m = /!(\$?[A-Z]+\$?\d+)$/.exec(f);
                  if (!m) throw new Error(`InvalidArgument: ${f}`);
                  s.names.set(name.toUpperCase(), { ...n, address: m[1].replace(/\$/g, "") });
                });
              },
              delete() {
                queue.push(() => {
                  const s = sheet();
                  if (!s.names.delete(name.toUpperCase())) throw new ItemNotFound(`ItemNotFound: no name ${name} on ${s.name}`);
                });
              },
            };
          },
          add(name: string, r: object, comment?: string) {
            queue.push(() => {
              const s = sheet();
              if (s.names.has(name.toUpperCase())) throw new Error(`InvalidArgument: the name ${name} exists`);
              s.names.set(name.toUpperCase(), { address: rangeInfo.get(r)!.address, comment });
            });
          },
        },
        charts: {
          items: (current?.charts ?? []).map((c) => ({ name: c.name })),
          load() {
            return this;
          },
          add: chartsAdd,
          getItem(name: string) {
            return {
              delete() {
                queue.push(() => {
                  const s = sheet();
                  const k = s.charts.findIndex((c) => c.name === name);
                  if (k < 0) throw new ItemNotFound(`ItemNotFound: no chart ${name} on ${s.name}`);
                  s.charts.splice(k, 1);
                });
              },
            };
          },
        },
        delete() {
          queue.push(() => {
            if (fake.failOn === "delete-sheet") fake.fail("AccessDenied: the sheet is protected");
            const s = sheet();
            s.deleted = true;
            fake.sheets = fake.sheets.filter((x) => x !== s);
          });
        },
        activate() {
          queue.push(() => {
            fake.active = sheet();
          });
        },
        load() {
          return proxy;
        },
        set name(v: string) {
          queue.push(() => {
            if (fake.sheets.some((s) => s !== sheet() && s.name.toUpperCase() === v.toUpperCase())) throw new Error(`InvalidArgument: a sheet named ${v} exists`);
            sheet().name = v;
          });
        },
        set position(p: number) {
          queue.push(() => {
            const s = sheet();
            fake.sheets = fake.sheets.filter((x) => x !== s);
            fake.sheets.splice(Math.min(p, fake.sheets.length), 0, s);
          });
        },
      };
      return proxy;
    };

    const byName = (name: string) => () => {
      const s = fake.sheet(name);
      if (!s) throw new ItemNotFound(`ItemNotFound: no sheet named ${name}`);
      return s;
    };

    const context = new OfficeMockObject(
      {
        workbook: {
          worksheets: {
            items: this.sheets.map((s, i) => ({
              name: s.name,
              position: i,
              protection: { protected: s.protected },
              charts: { items: s.charts.map((c) => ({ name: c.name })) },
              names: { items: [...s.names.values()].map((n, k) => ({ name: [...s.names.keys()][k], formula: this.cellFormula(s, n.address) })) },
            })),
            load: function (this: OfficeMockObject) {
              return OfficeMockObject.prototype.load.call(this, "items");
            },
            add(name: string) {
              return sheetProxy(() => {
                if (fake.sheet(name)) throw new Error(`InvalidArgument: a sheet named ${name} exists`);
                return fake.addSheet(name);
              }, true);
            },
            getItem(name: string) {
              return sheetProxy(byName(name), false, fake.sheet(name));
            },
            getItemOrNullObject(name: string) {
              const existing = fake.sheet(name);
              const p = sheetProxy(byName(name), false, existing);
              p.isNullObject = !existing;
              return p;
            },
          },
          names: {
            items: this.names.filter((n) => !n.deleted).map((n) => ({ name: n.name, formula: this.nameFormula(n), comment: n.comment ?? "", visible: n.visible })),
            load: function (this: OfficeMockObject) {
              return OfficeMockObject.prototype.load.call(this, "items");
            },
            add(name: string, r: object, comment?: string) {
              const item = { visible: true };
              queue.push(() => {
                if (fake.names.some((n) => !n.deleted && n.name.toUpperCase() === name.toUpperCase())) throw new Error(`InvalidArgument: the name ${name} exists`);
                const info = rangeInfo.get(r)!;
                fake.names.push({ name, sheet: info.sheet(), address: info.address, comment, visible: item.visible, deleted: false });
              });
              return new Proxy(item, {
                set(target, prop, value) {
                  queue.push(() => {
                    const n = fake.names.find((x) => x.name === name && !x.deleted);
                    if (n && prop === "visible") n.visible = value;
                    if (n && prop === "comment") n.comment = value;
                  });
                  return Reflect.set(target, prop, value);
                },
              });
            },
            getItem(name: string) {
              const find = () => {
                const n = fake.names.find((x) => !x.deleted && x.name.toUpperCase() === name.toUpperCase());
                if (!n) throw new ItemNotFound(`ItemNotFound: no name ${name}`);
                return n;
              };
              return {
                getRange() {
                  const n = find();
                  const a = parseCell(n.address);
                  return loadable({ rowIndex: a.row, columnIndex: a.col });
                },
                delete() {
                  queue.push(() => {
                    find().deleted = true;
                  });
                },
                set comment(value: string) {
                  queue.push(() => {
                    find().comment = value;
                  });
                },
              };
            },
            getItemOrNullObject(name: string) {
              const n = fake.names.find((x) => !x.deleted && x.name.toUpperCase() === name.toUpperCase());
              return {
                isNullObject: !n,
                formula: n ? fake.nameFormula(n) : undefined,
                load() {
                  return this;
                },
                delete() {
                  queue.push(() => {
                    if (n) n.deleted = true;
                  });
                },
              };
            },
          },
        },
        sync: async function (this: OfficeMockObject) {
          fake.syncs++;
          const ops = queue.splice(0);
          for (const op of ops) op(); // an error stops the batch here, as in Excel: what came before stays done
          for (const m of mocks.splice(0)) await m.sync();
          await OfficeMockObject.prototype.sync.call(this);
        },
      },
      "excel" as never,
    );
    return context;
  }

  private applyRange(sheet: FakeSheet, address: string, mock: OfficeMockObject, loaded: unknown[][]): void {
    const m = mock as unknown as {
      formulas?: unknown[][];
      numberFormat?: unknown[][];
      columnHidden?: boolean;
      format: { font: Record<string, unknown>; fill: Record<string, unknown>; columnWidth?: number; wrapText?: boolean };
    };
    const wholeColumn = /^([A-Z]+):\1$/.exec(address);
    if (wholeColumn) {
      if (typeof m.format.columnWidth === "number") sheet.columnWidths.set(wholeColumn[1], m.format.columnWidth);
      if (m.columnHidden === true) sheet.hiddenColumns.add(wholeColumn[1]);
      return;
    }
    const { rows, cols } = dims(address);
    const check = (grid: unknown[][], what: string) => {
      if (grid.length !== rows || grid.some((r) => r.length !== cols)) {
        throw new Error(`InvalidArgument: ${what} for ${address} must be ${rows} x ${cols}`);
      }
    };
    let wrote = false;
    if (Array.isArray(m.formulas) && m.formulas !== loaded) {
      check(m.formulas, "formulas");
      for (const { key, i, j } of cellsOf(address)) {
        const v = m.formulas[i][j];
        if (v === null) continue;
        const c = excelInput(v);
        if (c) sheet.cells.set(key, c);
        else sheet.cells.delete(key);
      }
      wrote = true;
    }
    if (m.numberFormat !== undefined) {
      check(m.numberFormat, "numberFormat");
      for (const { key, i, j } of cellsOf(address)) {
        const f = m.numberFormat[i][j];
        if (f !== null && f !== undefined) sheet.numberFormats.set(key, String(f));
      }
      wrote = true;
    }
    const font = m.format.font;
    const style: FakeFormat = {};
    if (typeof font.bold === "boolean") style.bold = font.bold;
    if (typeof font.italic === "boolean") style.italic = font.italic;
    if (typeof font.size === "number") style.size = font.size;
    if (typeof font.color === "string") style.color = font.color;
    if (typeof m.format.fill.color === "string") style.fill = m.format.fill.color as string;
    if (typeof m.format.wrapText === "boolean") style.wrapText = m.format.wrapText;
    if (Object.keys(style).length > 0) {
      for (const { key } of cellsOf(address)) sheet.formats.set(key, { ...sheet.formats.get(key), ...style });
      wrote = true;
    }
    if (wrote) this.touched.add(sheet.name);
  }
}
