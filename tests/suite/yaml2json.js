// tests/suite/yaml2json.js: YAML site files as JSON, for ajv-cli.
//
//   node yaml2json.js IN.yaml OUT.json [IN.yaml OUT.json ...]
//
// ajv-cli reads YAML with js-yaml's YAML 1.1 schema, which makes an
// unquoted 2026-12-01 a Date, not the text csecpol reads; so the files
// are read here with the `yaml` package (the parser yaml-language-server
// uses): as YAML 1.1, so that an unquoted yes or on is a boolean, as
// csecpol's yaml-word rule treats it, but with no timestamps.  A file
// that is not YAML (or a second document) writes no OUT and is named on
// standard error; the exit status is then 1.
const fs = require("fs");
const YAML = require("yaml");

let status = 0;
const args = process.argv.slice(2);
for (let i = 0; i + 1 < args.length; i += 2) {
  const [src, dst] = [args[i], args[i + 1]];
  try {
    const doc = YAML.parseDocument(fs.readFileSync(src, "utf8"), {
      version: "1.1",
      customTags: (tags) =>
        tags.filter((t) => t.tag !== "tag:yaml.org,2002:timestamp"),
    });
    if (doc.errors.length) throw doc.errors[0];
    const value = doc.toJS();
    fs.writeFileSync(dst, JSON.stringify(value === undefined ? null : value,
                                         null, 2) + "\n");
  } catch (e) {
    process.stderr.write(`${src}: not YAML: ${e.message}\n`);
    status = 1;
  }
}
process.exit(status);
