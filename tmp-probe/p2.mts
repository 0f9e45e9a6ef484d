import { loadSuite, suiteInfo } from "/work/main/server/compare/suite";
const s = loadSuite("suites/default.ro.yaml");
console.log(JSON.stringify(suiteInfo(s), null, 1));
