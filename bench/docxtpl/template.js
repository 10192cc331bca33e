// bench/docxtpl/template.js: docxtemplater's template of csecpol's
// policy, made at bench time from a DOCX csecpol rendered.
//
//   node bench/docxtpl/template.js FULL.docx TEMPLATE.docx
//
// FULL.docx is csecpol's rendering of bench/docxtpl/full-site.yaml, a
// site with every list.  Its fixed parts are taken as they are: styles,
// numbering (nine list instances, one for each list of the policy),
// settings, fonts, the content types, the package relationships and the
// page (w:sectPr).  The parts that hold site values are written here
// with {tags}, following templates/csec-policy.md provision by provision:
// the same paragraphs, styles, list levels and text; {#list}...{/list}
// loops whose tags stand alone in a paragraph (paragraphLoop), so that
// the paragraph between is repeated; {#field}...{/field} conditionals for
// the optional fields and {^x} for their absence.
//
// Where csecpol writes a hyperlink (w:hyperlink and a relationship for
// each target), the template has a HYPERLINK field with a {tag} in its
// instruction: docxtemplater's core fills text, and adds no relationship
// a document, but a field is a link in Word and LibreOffice all the same.
// fill.js lets docxtemplater read w:instrText (and the core properties'
// cp:version and dates) through its fileTypeConfig option.  docProps/
// app.xml says Application csecpol in both, so that the parts compare.
//
// bench/docxtpl/compare.js checks, in every run and for every site, that
// what docxtemplater made from this template says what csecpol's DOCX
// says, paragraph by paragraph.
"use strict";
const fs = require("fs");
const PizZip = require("pizzip");

const esc = (s) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

// Runs: plain text, bold text, and a link (a HYPERLINK field) whose
// target and text are template text.
const t = (s) => `<w:r><w:t xml:space="preserve">${esc(s)}</w:t></w:r>`;
const b = (s) =>
  `<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">${esc(s)}</w:t></w:r>`;
// csecpol marks each link left to right: a LEFT-TO-RIGHT MARK (U+200E)
// at the start of its text, in its first run (cli/render_docx.c), so that
// a number keeps its order after right-to-left text: so does the template.
const link = (target, text) =>
  `<w:r><w:fldChar w:fldCharType="begin"/></w:r>` +
  `<w:r><w:instrText xml:space="preserve"> HYPERLINK "${esc(target)}" </w:instrText></w:r>` +
  `<w:r><w:fldChar w:fldCharType="separate"/></w:r>` +
  `<w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t xml:space="preserve">\u200E${esc(text)}</w:t></w:r>` +
  `<w:r><w:fldChar w:fldCharType="end"/></w:r>`;
// A phone number: a tel: link when csecpol made one of it, else text
// (templates/csec-policy.md: {{#x_tel}}[{{x}}](tel:{{x_tel}}){{/x_tel}}).
const phone = (k) =>
  t(`{#${k}_tel}`) + link(`tel:{${k}_tel}`, `{${k}}`) +
  t(`{/${k}_tel}{^${k}_tel}{${k}}{/${k}_tel}`);

// Paragraphs.
const para = (ppr, runs) => `<w:p>${ppr ? `<w:pPr>${ppr}</w:pPr>` : "<w:pPr/>"}${runs}</w:p>`;
const p = (runs) => para("", runs);
const styled = (style, text) => para(`<w:pStyle w:val="${style}"/>`, t(text));
const li = (num, lvl, runs, last) =>
  para(
    `<w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="${lvl}"/>` +
      `<w:numId w:val="${num}"/></w:numPr>` +
      (last ? `<w:spacing w:after="160"/>` : ""),
    runs
  );
// A paragraph that holds a loop or condition tag alone: docxtemplater
// drops it (paragraphLoop).
const tag = (s) => p(t(s));
const block = (open, body, close) => tag(`{${open}}`) + body + tag(`{${close || "/" + open.slice(1)}}`);
// A list from a loop: csecpol gives the last item the space after a
// list, so each item is written twice, for {^last} and for {#last}.
const loop = (name, num, lvl, runs, spaced = true) =>
  block(
    `#${name}`,
    spaced
      ? block("^last", li(num, lvl, runs, false)) + block("#last", li(num, lvl, runs, true))
      : li(num, lvl, runs, false)
  );
const resource = (end = "") =>
  t("{name}{#phone} ") + phone("phone") +
  t("{/phone}{#description} ({description}){/description}{#url}, ") +
  link("{url}", "{url}") + t("{/url}" + end);
// A signer block's line: "Label:", a tab, the value; the block is kept
// on one page, a line to write on (underscores) set further down.
const LINE = "____________________________________";
const signerLine = (label, value, before, last) =>
  para(
    (last ? "" : "<w:keepNext/>") + `<w:keepLines/><w:tabs><w:tab w:val="left" w:pos="1440"/></w:tabs>` +
      `<w:spacing w:before="${before}" w:after="${last ? 240 : 0}"/>`,
    b(label) + "<w:r><w:tab/></w:r>" + t(value)
  );

function body() {
  return [
    styled("Title", "{policy_title}"),
    block(
      "#draft",
      p(b("DRAFT: not approved for use.") +
        t(" Each highlighted [missing: …] mark stands for a value the site file does not give yet, or one that still holds a placeholder such as TODO; fill them in before this policy is signed."))
    ),
    p(b("{site_name}") + t("{#site_address} · {site_address}{/site_address}{#site_phone} · ") +
      phone("site_phone") + t("{/site_phone}{#site_url} · ") + link("{site_url}", "{site_url}") +
      t("{/site_url}")),
    block("#policy_version", p(b("Version:") + t(" {policy_version}"))),
    block("#policy_effective_date", p(b("Effective date:") + t(" {policy_effective_date_long}"))),
    block("#policy_review_date", p(b("Next review:") + t(" {policy_review_date_long}"))),
    block("#policy_approved_by", p(b("Approved by:") + t(" {policy_approved_by}"))),
    styled("Heading2", "Purpose"),
    li(1, 0, t("The commercial sexual exploitation of children (CSEC) refers to when a person buys, sells or trades sexual acts (including pictures or videos) of children and teens under the age of 18 in exchange for anything of value. This includes but is not limited to:")),
    li(2, 1, t("Pornographic images of children: sexually explicit videos or photos of a child.")),
    li(2, 1, t("Prostitution involving youth under age 18: selling a child for sex acts.")),
    li(2, 1, t("Survival sex: sex in exchange for shelter, food, clothes, drugs or anything of value.")),
    li(1, 0, t("Any child under 18 years of age involved in commercial sex is considered a victim of sex trafficking and has the right to protection and services under the law.")),
    li(1, 0, t("Any child can be exploited, regardless of gender or sexual orientation.")),
    li(1, 0, t("All children in the care of youth serving organizations must be protected from harm, including the potential of harm caused by an inappropriate response to the disclosure of trauma.")),
    li(1, 0, t("Children who have been impacted by commercial sexual exploitation must receive appropriate care and follow-up to ensure their safety and healing."), true),
    styled("Heading2", "Procedures"),
    styled("Heading3", "Training"),
    p(t("All direct service staff will be trained on understanding the basics of CSEC as part of orientation. Training will include an overview of the available resources for CSEC victims (see resources listed below).")),
    styled("Heading3", "Prevention education"),
    p(t("Prior to the start of Prevention Education Programming, clinical staff and other appropriate personnel will be notified that the group is taking place. Appropriate measures should be taken to ensure safety. Staff may choose to describe the groups as empowerment groups.")),
    block("#has_prevention_notice", p(t("At {site_name_in_text}, this notice goes to:"))),
    loop("prevention_notice", 3, 0, t("{text}")),
    styled("Heading3", "Disclosure"),
    p(t("If a youth discloses that he/she is a victim of CSEC, appropriate personnel will be notified immediately. At {site_name_in_text}, the appropriate personnel are:")),
    loop("personnel", 4, 0,
      t("{role}{#name}: {name}{/name}{#phone}, ") + phone("phone") + t("{/phone}{#email}, {#email_ok}") +
      link("mailto:{email}", "{email}") + t("{/email_ok}{^email_ok}{email}{/email_ok}{/email}")),
    styled("Heading3", "Reporting abuse by a parent, guardian or caregiver"),
    p(t("If the exploiter is a parent, guardian, or caregiver, a report must be made to {abuse_report_agency} at ") +
      phone("abuse_report_phone") + t(" immediately.{#abuse_report_url} More information: ") +
      link("{abuse_report_url}", "{abuse_report_url}") + t(".{/abuse_report_url}")),
    styled("Heading3", "Other channels"),
    p(t("If the exploiter is not a parent, guardian, or caregiver, the site should seek assistance through another appropriate channel. Options include:")),
    li(5, 0, t("Local Resources:")),
    loop("state_hotlines", 6, 1, resource(), false),
    loop("local_resources", 6, 1, resource(), false),
    li(6, 1, phone("emergency") + t(" (Emergency)")),
    li(5, 0, t("National Resources:")),
    loop("national_resources", 7, 1, resource(".")),
    styled("Heading3", "Safety and recovery"),
    p(t("Steps will be taken to ensure the safety and recovery of the child.{#has_safety_steps} At {site_name_in_text}, these steps include:{/has_safety_steps}")),
    loop("safety_steps", 8, 0, t("{text}")),
    block("#policy_has_history", styled("Heading2", "Document history")),
    loop("policy_history", 9, 0,
      t("Version {version}, {date_long}: {summary_clause}{#approved_by} (approved by {approved_by}){/approved_by}.")),
    styled("Heading2", "Approval"),
    block("#policy_signers",
      signerLine("Signature:", LINE, 600) + signerLine("Name:", "{name}", 120) +
      signerLine("Title:", "{title}", 120) + signerLine("Date:", LINE, 360, true)),
    block("^policy_has_signers",
      signerLine("Signature:", LINE, 600) + signerLine("Name:", LINE, 360) +
      signerLine("Title:", LINE, 360) + signerLine("Date:", LINE, 360, true)),
  ].join("");
}

function main() {
  const [full, out] = process.argv.slice(2);
  if (!full || !out) {
    console.error("usage: node bench/docxtpl/template.js FULL.docx TEMPLATE.docx");
    process.exit(2);
  }
  const src = new PizZip(fs.readFileSync(full));
  const part = (name) => {
    const f = src.file(name);
    if (!f) throw new Error(`${full}: no ${name}`);
    return f.asText();
  };
  const zip = new PizZip();
  for (const name of ["[Content_Types].xml", "_rels/.rels", "word/styles.xml",
    "word/numbering.xml", "word/settings.xml", "word/fontTable.xml"])
    zip.file(name, part(name));

  // document.xml: csecpol's root and page, the body written above
  const doc = part("word/document.xml");
  const head = doc.slice(0, doc.indexOf("<w:body>") + "<w:body>".length);
  const sect = doc.match(/<w:sectPr>.*<\/w:sectPr>/s);
  if (!sect) throw new Error(`${full}: word/document.xml has no w:sectPr`);
  zip.file("word/document.xml", head + body() + sect[0] + "</w:body></w:document>");

  // the relationships of the parts, without the hyperlinks
  const rels = part("word/_rels/document.xml.rels")
    .replace(/<Relationship [^>]*relationships\/hyperlink"[^>]*\/>/g, "");
  zip.file("word/_rels/document.xml.rels", rels);

  // header: csecpol's, the site's name in its first text and the
  // policy's title in its second.  csecpol sizes the two columns by the
  // lengths of the two (a long name wraps in its own column); a template
  // cannot (docxtemplater fills text, not attributes), so these keep the
  // widths of full-site.yaml's.
  const texts = [t("{site_name}"), t("{policy_title}")];
  let nth = 0;
  const hdr = part("word/header1.xml").replace(/<w:r><w:t>[^<]*<\/w:t><\/w:r>/g,
    (r) => (nth < texts.length ? texts[nth++] : r));
  if (nth !== texts.length) throw new Error(`${full}: word/header1.xml: not the header expected`);
  zip.file("word/header1.xml", hdr);
  // footer: "Version V · Effective D", then csecpol's page fields
  const ftr = part("word/footer1.xml").replace(
    /<w:r><w:t>[^<]*<\/w:t><\/w:r>/,
    t("{#policy_version}Version {policy_version}{/policy_version}{#policy_effective_date}" +
      "{#policy_version} · {/policy_version}Effective {policy_effective_date_long}{/policy_effective_date}"));
  zip.file("word/footer1.xml", ftr);

  // core and app properties, with tags where csecpol writes site values
  const core = part("docProps/core.xml")
    .replace(/<dc:creator>[^<]*/, "<dc:creator>{site_name}")
    .replace(/<dc:title>[^<]*/, "<dc:title>{policy_title}")
    .replace(/<cp:keywords>[^<]*/, "<cp:keywords>CSEC; policy; {site_state}")
    .replace(/<cp:version>[^<]*/, "<cp:version>{policy_version}")
    .replace(/(<dcterms:(created|modified)[^>]*>)[^<]*/g, "$1{policy_effective_date}T00:00:00Z");
  zip.file("docProps/core.xml", core);
  zip.file("docProps/app.xml",
    part("docProps/app.xml").replace(/<Company>[^<]*/, "<Company>{site_name}"));

  fs.writeFileSync(out, zip.generate({ type: "nodebuffer", compression: "DEFLATE" }));
}

main();
