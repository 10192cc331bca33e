// bench/docxtpl/compare.js: checks that docxtemplater's documents say
// what csecpol's say.
//
//   node bench/docxtpl/compare.js CSECPOL_DIR DOCXTPL_DIR
//
// For each CSECPOL_DIR/<site>.docx, reads it and DOCXTPL_DIR/<site>.docx
// and compares, paragraph by paragraph, of the body, the header and the
// footer: the paragraph's properties as written (style, list and level,
// spacing, tabs, keeping with the next; the list instance by order of
// first appearance), and the text as runs of the same marks (bold, a link and its target, whether a hyperlink
// with a relationship or a HYPERLINK field); then the core and app
// properties csecpol fills (title, creator, keywords, version, dates,
// company).  Bytes differ (csecpol writes a hyperlink where the template
// has a field); what a reader sees must not.  Prints "N documents the
// same" and exits 0, or prints the first difference and exits 1.
// With --dump FILE.docx it prints what it compares of one document.
"use strict";
const fs = require("fs");
const path = require("path");
const PizZip = require("pizzip");

const unesc = (s) =>
  s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'").replace(/&amp;/g, "&");

function rels(zip) {
  const m = {};
  const f = zip.file("word/_rels/document.xml.rels");
  const x = f ? f.asText() : "";
  for (const r of x.matchAll(/<Relationship ([^>]*)\/>/g)) {
    const id = r[1].match(/Id="([^"]*)"/), t = r[1].match(/Target="([^"]*)"/);
    if (id && t) m[id[1]] = unesc(t[1]);
  }
  return m;
}

// The paragraphs of one part, each a line of text that says everything
// compared.
function paragraphs(xml, rel, lists) {
  const out = [];
  for (const pm of xml.matchAll(/<w:p>(.*?)<\/w:p>|<w:p\/>/gs)) {
    const p = pm[1] || "";
    const ppr = (p.match(/^<w:pPr>(.*?)<\/w:pPr>/s) || ["", ""])[1];
    // the paragraph's properties as written, but for which list
    // instance it is: numbered by order of first appearance
    const props = ppr.replace(/<w:numId w:val="([^"]*)"\/>/, (m, id) => {
      if (!(id in lists)) lists[id] = Object.keys(lists).length + 1;
      return `<w:numId list="${lists[id]}"/>`;
    });
    // the runs, as segments of text with their marks
    const segs = [];
    let target = null, field = 0, bold = false;
    const put = (s) => {
      const mark = (bold ? "b" : "") + (target !== null ? `[${target}]` : "");
      const last = segs[segs.length - 1];
      if (last && last.mark === mark) last.text += s;
      else segs.push({ mark, text: s });
    };
    const body = p.replace(/^<w:pPr>.*?<\/w:pPr>|^<w:pPr\/>/s, "");
    const tok = /<w:hyperlink [^>]*r:id="([^"]*)"[^>]*>|<\/w:hyperlink>|<w:fldChar w:fldCharType="([a-z]*)"\/>|<w:instrText[^>]*>([^<]*)<\/w:instrText>|<w:rPr>(.*?)<\/w:rPr>|<w:r>|<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:noBreakHyphen\/>|<w:tab\/>|<w:br\/>/gs;
    for (const m of body.matchAll(tok)) {
      const s = m[0];
      if (m[1] !== undefined) target = rel[m[1]] || `?${m[1]}`;
      else if (s === "</w:hyperlink>") target = null;
      else if (m[2] === "begin") field = 1;
      else if (m[2] === "separate") field = 2;
      else if (m[2] === "end") { field = 0; target = null; }
      else if (m[3] !== undefined) {
        const h = unesc(m[3]).match(/^\s*HYPERLINK\s+"([^"]*)"/);
        if (h) target = h[1];
      } else if (m[4] !== undefined) bold = /<w:b\/>/.test(m[4]);
      else if (s === "<w:r>") bold = false;
      else if (m[5] !== undefined) { if (field !== 1) put(unesc(m[5])); }
      else if (s === "<w:noBreakHyphen/>") put("\u2011");
      else if (s === "<w:tab/>") put("\t");
      else if (s === "<w:br/>") put("\n");
    }
    out.push(`${props} | ` + segs.map((g) => `<${g.mark}>${g.text}`).join(""));
  }
  return out;
}

function props(zip) {
  const core = zip.file("docProps/core.xml").asText();
  const app = zip.file("docProps/app.xml").asText();
  const el = (x, n) => (x.match(new RegExp(`<${n}(?: [^>]*)?>([^<]*)</${n}>`)) || ["", ""])[1];
  return ["dc:title", "dc:creator", "cp:keywords", "cp:version", "dcterms:created",
    "dcterms:modified"].map((n) => `${n}=${unesc(el(core, n))}`)
    .concat(`Company=${unesc(el(app, "Company"))}`);
}

function read(file) {
  const zip = new PizZip(fs.readFileSync(file));
  const rel = rels(zip), lists = {};
  const part = (n) => zip.file(n).asText();
  return [].concat(
    paragraphs(part("word/document.xml"), rel, lists).map((l) => `body ${l}`),
    paragraphs(part("word/header1.xml"), {}, {}).map((l) => `header ${l}`),
    paragraphs(part("word/footer1.xml"), {}, {}).map((l) => `footer ${l}`),
    props(zip));
}

function main() {
  const [a, b] = process.argv.slice(2);
  if (a === "--dump" && b) {
    // what is compared of one document, a line each
    console.log(read(b).join("\n"));
    return;
  }
  if (!a || !b) {
    console.error("usage: node bench/docxtpl/compare.js CSECPOL_DIR DOCXTPL_DIR\n" +
      "       node bench/docxtpl/compare.js --dump FILE.docx");
    process.exit(2);
  }
  const files = fs.readdirSync(a).filter((f) => f.endsWith(".docx")).sort();
  for (const f of files) {
    const x = read(path.join(a, f)), y = read(path.join(b, f));
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
      if (x[i] !== y[i]) {
        console.log(`${f}: line ${i + 1} differs\n  csecpol:       ${x[i]}\n  docxtemplater: ${y[i]}`);
        process.exit(1);
      }
    }
  }
  if (!files.length) {
    console.log(`no documents in ${a}`);
    process.exit(1);
  }
  console.log(`${files.length} documents the same`);
}

main();
