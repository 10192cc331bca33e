// bench/docxtpl/fill.js: docxtemplater filling the policy template for
// many sites in one warm Node process, the way its documentation has it
// done: the template read once; for each site its JSON read and parsed, a
// PizZip and a Docxtemplater made from the template's bytes (an instance
// renders once), render(), the package generated (DEFLATE) and written.
//
//   node bench/docxtpl/fill.js TEMPLATE.docx JSONDIR OUTDIR
//
// writes OUTDIR/<site>.docx for each JSONDIR/<site>.json and prints one
// line, "N WALL CPU": the documents made, the wall time the loop took
// (process.hrtime, from before the first site is read to after the last
// document is written: start-up and loading the modules are not in it)
// and the CPU time it took (process.cpuUsage, user + system), seconds.
// With BENCH_LOOP_LOG set it also appends that line to the file named.
"use strict";
const fs = require("fs");
const path = require("path");
const PizZip = require("pizzip");
const Docxtemplater = require("docxtemplater");

// docxtemplater fills the text of w:t and a few properties; the template
// has its links as HYPERLINK fields, whose target is the text of
// w:instrText, and csecpol writes cp:version and the dates in the core
// properties: docxtemplater reads tags there too when told.
function fileTypeConfig() {
  const c = Docxtemplater.FileTypeConfig.docx();
  c.tagsXmlTextArray = c.tagsXmlTextArray.concat(
    ["w:instrText", "cp:version", "dcterms:created", "dcterms:modified"]);
  return c;
}

function main() {
  const [template, jsondir, outdir] = process.argv.slice(2);
  if (!template || !jsondir || !outdir) {
    console.error("usage: node bench/docxtpl/fill.js TEMPLATE.docx JSONDIR OUTDIR");
    process.exit(2);
  }
  const tpl = fs.readFileSync(template);
  const sites = fs.readdirSync(jsondir).filter((f) => f.endsWith(".json")).sort();
  fs.mkdirSync(outdir, { recursive: true });
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  for (const f of sites) {
    const data = JSON.parse(fs.readFileSync(path.join(jsondir, f), "utf8"));
    const doc = new Docxtemplater(new PizZip(tpl), {
      paragraphLoop: true,
      fileTypeConfig: fileTypeConfig(),
    });
    doc.render(data);
    const out = doc.getZip().generate({ type: "nodebuffer", compression: "DEFLATE" });
    fs.writeFileSync(path.join(outdir, path.basename(f, ".json") + ".docx"), out);
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  const line = `${sites.length} ${s.toFixed(4)} ${((c.user + c.system) / 1e6).toFixed(4)}\n`;
  process.stdout.write(line);
  if (process.env.BENCH_LOOP_LOG) fs.appendFileSync(process.env.BENCH_LOOP_LOG, line);
}

main();
