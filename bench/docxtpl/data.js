// bench/docxtpl/data.js: the data docxtemplater fills its template with,
// one JSON file a site, made from what csecpol itself resolved.
//
//   node bench/docxtpl/data.js CSECPOL OUTDIR SITE.yaml...
//
// For each site file it runs `CSECPOL explain --format json SITE.yaml`
// (every value the policy uses, after `extends` and csecpol's defaults)
// and writes
// OUTDIR/<site>.json.  The values are shaped for docxtemplater's default
// parser, which reads plain keys, not dotted paths: site.name becomes
// site_name, lists stay lists of objects.  Beside them it adds what
// csecpol's template derives (templates/csec-policy.md, cli/schema.c):
// <phone>_tel, the tel: URI of a phone number; <date>_long, the date as
// people read it; email_ok; has_<list>; the history's summary_clause;
// and `last` on the last item of each list (csecpol gives that paragraph
// the space after a list, which docxtemplater can only choose by data).
// In a phone number shown as a link, '-' is U+2011 and ' ' U+00A0 (what
// csecpol writes as <w:noBreakHyphen/> and a no-break space).  None of
// this is timed: the benchmark's loop reads these files.
"use strict";
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");

// `csecpol explain --format json`: [{path, value, ...}], one a value,
// made into the tree the paths describe.
function fromExplain(text, file) {
  const root = {};
  for (const e of JSON.parse(text)) {
    if (typeof e.value !== "string") continue; // an empty value: nothing to show
    // site.name, personnel[2].phone, prevention_notice[1]
    const parts = e.path.match(/[^.[\]]+|\[\d+\]/g);
    if (!parts) throw new Error(`${file}: cannot read the path ${e.path}`);
    let o = root;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      const k = p[0] === "[" ? Number(p.slice(1, -1)) - 1 : p;
      if (i === parts.length - 1) o[k] = e.value;
      else o = o[k] === undefined ? (o[k] = parts[i + 1][0] === "[" ? [] : {}) : o[k];
    }
  }
  return root;
}

// The tel: URI csecpol makes of a phone number (csp_phone_parse in
// cli/value.c) for the valid numbers the benchmark's sites hold: letters
// by the keypad, +1 and ten digits, an extension as ;ext=, or the
// three-digit N11 and 988 numbers as they are.
const KEYPAD = "22233344455566677778889999";
function tel(s) {
  let m = s.match(/^(.*?)[,;]?\s*(?:extension|ext\.|ext|x)\s*(\d+)\s*$/i);
  let ext = "";
  if (m && m[1].replace(/[^0-9A-Za-z]/g, "").length >= 10) {
    s = m[1];
    ext = m[2];
  }
  let d = "";
  for (const c of s.replace(/^\s*\+/, "")) {
    if (/[0-9]/.test(c)) d += c;
    else if (/[A-Za-z]/.test(c)) d += KEYPAD[c.toUpperCase().charCodeAt(0) - 65];
  }
  if (!ext && d.length === 3 && ((d[1] === "1" && d[2] === "1" && d[0] >= "2") || d === "988"))
    return d;
  if (d.length === 11 && d[0] === "1") d = d.slice(1);
  if (d.length !== 10 || d[0] < "2" || d[3] < "2") return undefined;
  return "+1" + d + (ext ? ";ext=" + ext : "");
}

// csp_email_ok: an address that makes a sound mailto: link.
function emailOk(s) {
  return /^[A-Za-z0-9._+'\-\u0080-\uffff]+@[A-Za-z0-9\-\u0080-\uffff]+(\.[A-Za-z0-9\-\u0080-\uffff]+)*\.[^.]{2,}$/.test(s) &&
    !/^\.|\.@|\.\.|@[.-]|-\.|\.-/.test(s);
}

// Adds <key>_tel (and shows '-' as U+2011) for each phone field of o.
function phones(o, keys) {
  for (const k of keys) {
    if (typeof o[k] !== "string") continue;
    const t = tel(o[k]);
    if (t) {
      o[k + "_tel"] = t;
      o[k] = o[k].replace(/-/g, "\u2011").replace(/ /g, "\u00a0");
    }
  }
  return o;
}

// csp_date_long: 2026-08-01 is August 1, 2026.
const MONTHS = ["January", "February", "March", "April", "May", "June", "July",
  "August", "September", "October", "November", "December"];
function dateLong(s) {
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(s || "");
  return m ? `${MONTHS[Number(m[2]) - 1]} ${Number(m[3])}, ${m[1]}` : s;
}

// S_clause in cli/schema.c: a summary without its closing full stop.
function clause(s) {
  s = s.replace(/[ \t\r\n]+$/, "");
  return /[^.]\.$|^\.$/.test(s) ? s.slice(0, -1) : s;
}

function lastFlag(list) {
  if (list.length) list[list.length - 1].last = true;
  return list;
}

function shape(v) {
  const site = v.site || {}, policy = v.policy || {}, ab = v.abuse_report || {};
  const d = {
    draft: false,
    policy_title: policy.title,
    site_name: site.name,
    site_name_in_text: site.name_in_text || site.name,
    site_state: site.state,
    site_address: site.address,
    site_phone: site.phone,
    site_url: site.url,
    policy_version: policy.version,
    policy_effective_date: policy.effective_date,
    policy_effective_date_long: dateLong(policy.effective_date),
    policy_review_date: policy.review_date,
    policy_review_date_long: dateLong(policy.review_date),
    policy_approved_by: policy.approved_by,
    abuse_report_agency: ab.agency,
    abuse_report_phone: ab.phone,
    abuse_report_url: ab.url,
    emergency: v.emergency,
  };
  phones(d, ["site_phone", "abuse_report_phone", "emergency"]);
  const texts = (l) => lastFlag((l || []).map((text) => ({ text })));
  const resources = (l) => (l || []).map((r) => phones({ ...r }, ["phone"]));
  d.personnel = lastFlag((v.personnel || []).map((p) => {
    const q = phones({ ...p }, ["phone"]);
    if (q.email && emailOk(q.email)) q.email_ok = true;
    return q;
  }));
  d.prevention_notice = texts(v.prevention_notice);
  d.has_prevention_notice = d.prevention_notice.length > 0;
  d.state_hotlines = resources(v.state_hotlines);
  d.local_resources = resources(v.local_resources);
  d.national_resources = lastFlag(resources(v.national_resources));
  d.safety_steps = texts(v.safety_steps);
  d.has_safety_steps = d.safety_steps.length > 0;
  d.policy_history = lastFlag((policy.history || []).map((h) =>
    ({ ...h, date_long: dateLong(h.date), summary_clause: clause(h.summary || "") })));
  d.policy_has_history = d.policy_history.length > 0;
  d.policy_signers = (policy.signers || []).map((g) => ({ ...g }));
  d.policy_has_signers = d.policy_signers.length > 0;
  return d;
}

function main() {
  const [csecpol, outdir, ...sites] = process.argv.slice(2);
  if (!csecpol || !outdir || !sites.length) {
    console.error("usage: node bench/docxtpl/data.js CSECPOL OUTDIR SITE.yaml...");
    process.exit(2);
  }
  fs.mkdirSync(outdir, { recursive: true });
  for (const s of sites) {
    const text = execFileSync(csecpol, ["explain", "--format", "json", s], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    const json = JSON.stringify(shape(fromExplain(text, s)));
    fs.writeFileSync(path.join(outdir, path.basename(s, ".yaml") + ".json"), json + "\n");
  }
}

if (require.main === module) main();
module.exports = { fromExplain, tel, emailOk, shape };
