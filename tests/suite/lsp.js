// tests/suite/lsp.js: the JSON Schema of a site file in an editor's YAML
// server.  Starts yaml-language-server (as VS Code's YAML extension
// does, over the Language Server Protocol on standard input and
// output), opens a site file whose first line names the schema, as
// `csecpol init` writes it, and prints one "ok"/"not ok" line a check:
//
// - completion inside `site:` offers the keys of site.* in the field
//   table, and at the top the top-level keys;
// - a misspelt key is reported as a diagnostic on its line;
// - a malformed phone number and a state that is no USPS code are
//   reported, and a complete file has no diagnostic;
// - the scaffold `csecpol init` wrote (SCAFFOLD), opened as it is, is
//   checked against the schema its first line names: its "TODO: phone
//   number" placeholders are reported.
//
//   node lsp.js SERVER SCHEMA FIELDS.json SCAFFOLD
//
// SERVER is yaml-language-server's bin script, SCHEMA the schema file,
// FIELDS.json the output of `csecpol fields --format json` (the keys
// expected are read from it, not written here).
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");

const [server, schema, fieldsFile, scaffold] = process.argv.slice(2);
const fields = JSON.parse(fs.readFileSync(fieldsFile, "utf8")).map((f) => f.field);
const keysUnder = (prefix) =>
  fields
    .filter((f) => (prefix ? f.startsWith(prefix + ".") : true))
    .map((f) => (prefix ? f.slice(prefix.length + 1) : f))
    .filter((k) => !k.includes(".") && !k.includes("["))
    .sort();

const ok = (msg) => console.log("ok - " + msg);
const notOk = (msg, detail) => {
  console.log("not ok - " + msg);
  if (detail) for (const l of String(detail).split("\n").slice(0, 20)) console.log("#   " + l);
};

const child = spawn(process.execPath, [server, "--stdio"], {
  stdio: ["pipe", "pipe", "pipe"],
});
let stderr = "";
child.stderr.on("data", (d) => (stderr += d));

// ---- the protocol: Content-Length framed JSON-RPC -----------------------
let buf = Buffer.alloc(0);
let nextId = 1;
const pending = new Map();      // id -> resolve
const diagnostics = new Map();  // uri -> [resolve] waiting, or last list
const diagWaiters = new Map();

function send(msg) {
  const body = Buffer.from(JSON.stringify(Object.assign({ jsonrpc: "2.0" }, msg)));
  child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
  child.stdin.write(body);
}
function request(method, params) {
  const id = nextId++;
  send({ id, method, params });
  return new Promise((resolve) => pending.set(id, resolve));
}
function notify(method, params) {
  send({ method, params });
}
function onMessage(m) {
  if (m.id !== undefined && m.method === undefined) {
    const r = pending.get(m.id);
    if (r) {
      pending.delete(m.id);
      r(m.result !== undefined ? m.result : { error: m.error });
    }
    return;
  }
  if (m.method === "textDocument/publishDiagnostics") {
    const { uri, diagnostics: list } = m.params;
    diagnostics.set(uri, list);
    const w = diagWaiters.get(uri);
    if (w) {
      diagWaiters.delete(uri);
      w(list);
    }
    return;
  }
  if (m.id !== undefined) {
    // a request of the server's: settings, registrations
    if (m.method === "workspace/configuration")
      send({ id: m.id, result: m.params.items.map(() => settings.yaml) });
    else send({ id: m.id, result: null });
  }
}
child.stdout.on("data", (d) => {
  buf = Buffer.concat([buf, d]);
  for (;;) {
    const end = buf.indexOf("\r\n\r\n");
    if (end < 0) return;
    const head = buf.slice(0, end).toString();
    const len = Number(/Content-Length: *(\d+)/i.exec(head)[1]);
    if (buf.length < end + 4 + len) return;
    const body = buf.slice(end + 4, end + 4 + len).toString();
    buf = buf.slice(end + 4 + len);
    onMessage(JSON.parse(body));
  }
});

// Waits for the diagnostics of uri published after a change.
function diagnosticsOf(uri) {
  return new Promise((resolve) => diagWaiters.set(uri, resolve));
}

const settings = {
  yaml: { validate: true, completion: true, hover: true, schemas: {},
          schemaStore: { enable: false } },
};

const timer = setTimeout(() => {
  notOk("yaml-language-server answered within 60 seconds", stderr);
  child.kill();
  process.exit(0);
}, 60000);

const dir = path.dirname(path.resolve(schema));
const modeline = `# yaml-language-server: $schema=${path.resolve(schema)}\n`;
let version = 1;
function open(name, text) {
  const uri = "file://" + path.join(dir, name);
  const d = diagnosticsOf(uri);
  notify("textDocument/didOpen", {
    textDocument: { uri, languageId: "yaml", version: version++, text },
  });
  return { uri, d };
}

const lineOf = (text, needle) => text.split("\n").findIndex((l) => l.includes(needle));

(async () => {
  await request("initialize", {
    processId: process.pid,
    rootUri: "file://" + dir,
    capabilities: {
      textDocument: {
        completion: { completionItem: { snippetSupport: false } },
        publishDiagnostics: {},
      },
      workspace: { configuration: true },
    },
  });
  notify("initialized", {});
  notify("workspace/didChangeConfiguration", { settings });

  // ---- completion inside site: and at the top -------------------------
  const partial = modeline + "site:\n  name: Hope House\n  \n";
  const a = open("complete.yaml", partial);
  await a.d;
  const line = lineOf(partial, "name: Hope House") + 1;
  const res = await request("textDocument/completion", {
    textDocument: { uri: a.uri }, position: { line, character: 2 },
  });
  const items = (Array.isArray(res) ? res : (res && res.items) || []).map((i) => i.label);
  const wantSite = keysUnder("site").filter((k) => k !== "name");
  const missing = wantSite.filter((k) => !items.includes(k));
  if (items.length && !missing.length)
    ok(`completion under site: offers ${wantSite.join(", ")}`);
  else notOk(`completion under site: offers ${wantSite.join(", ")} (missing: ${missing.join(", ")})`,
             JSON.stringify(items));
  if (!items.includes("name"))
    ok("completion under site: leaves out the key already there");
  else notOk("completion under site: leaves out the key already there", JSON.stringify(items));
  if (!items.some((k) => keysUnder("").includes(k) && !wantSite.includes(k)))
    ok("completion under site: offers no top-level key");
  else notOk("completion under site: offers no top-level key", JSON.stringify(items));

  const top = modeline + "schema: 1\n\n";
  const b = open("top.yaml", top);
  await b.d;
  const res2 = await request("textDocument/completion", {
    textDocument: { uri: b.uri }, position: { line: lineOf(top, "schema: 1") + 1, character: 0 },
  });
  const items2 = (Array.isArray(res2) ? res2 : (res2 && res2.items) || []).map((i) => i.label);
  const wantTop = keysUnder("").filter((k) => k !== "schema");
  const missing2 = wantTop.filter((k) => !items2.includes(k));
  if (items2.length && !missing2.length) ok(`completion at the top offers ${wantTop.join(", ")}`);
  else notOk(`completion at the top offers every top-level key (missing: ${missing2.join(", ")})`,
             JSON.stringify(items2));

  // ---- diagnostics ------------------------------------------------------
  const base = fs.readFileSync(
    path.join(__dirname, "..", "fixtures", "schema", "base.yaml"), "utf8");
  const clean = open("clean.yaml", modeline + base);
  const cleanList = await clean.d;
  if (cleanList.length === 0) ok("a complete site file has no diagnostic");
  else notOk("a complete site file has no diagnostic", JSON.stringify(cleanList, null, 1));

  const cases = [
    ["a misspelt key", "  address: 12 Main Street, Fulton, NY", "  adress: 12 Main Street, Fulton, NY", /adress/],
    ["a malformed phone number", "  phone: (315) 592-4400", "  phone: 592-4400", /not a phone number/],
    ["a state that is no USPS code", "  state: NY", "  state: New York", /USPS/],
  ];
  for (const [what, from, to, re] of cases) {
    const text = modeline + base.replace(from, to);
    const name = what.replace(/[^a-z]+/g, "-") + ".yaml";
    const c = open(name, text);
    const list = await c.d;
    const line = lineOf(text, to);
    const hit = list.find((d) => d.range.start.line === line);
    if (hit && re.test(hit.message))
      ok(`${what} is reported on its line ${line + 1}: ${hit.message.split("\n")[0]}`);
    else notOk(`${what} is reported on its line ${line + 1}`, JSON.stringify(list, null, 1));
  }

  // ---- the line init writes --------------------------------------------
  const sc = fs.readFileSync(scaffold, "utf8");
  const s = open("scaffold.yaml", sc);
  const scList = await s.d;
  const todo = lineOf(sc, 'phone: "TODO: phone number"');
  if (sc.startsWith("# yaml-language-server: $schema=") &&
      scList.some((d) => d.range.start.line === todo && /not a phone number/.test(d.message)))
    ok(`the scaffold init writes names the schema: its placeholder phone on line ${todo + 1} is reported`);
  else notOk("the scaffold init writes names the schema, and its placeholder phone is reported",
             sc.split("\n")[0] + "\n" + JSON.stringify(scList, null, 1));

  clearTimeout(timer);
  await request("shutdown", null);
  notify("exit", null);
  child.stdin.end();
})().catch((e) => {
  notOk("the LSP session ran", e.stack + "\n" + stderr);
  child.kill();
});
