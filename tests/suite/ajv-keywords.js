// tests/suite/ajv-keywords.js: for ajv-cli (-c), the two keywords of
// yaml-language-server that the site-file schema uses for its messages
// (errorMessage, patternErrorMessage): annotations, which ajv's strict
// mode would otherwise refuse as unknown.
module.exports = (ajv) => {
  for (const keyword of ["errorMessage", "patternErrorMessage"])
    ajv.addKeyword({ keyword, schemaType: "string" });
  return ajv;
};
