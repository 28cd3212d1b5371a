// Run Material's own search worker (lunr, with the site's language pipeline) in Node against a built site.
// usage: node scripts/material_search.js SITE_DIR QUERY...   prints {query: [locations, best first]} as JSON.
// Used by tests/test_standorte.py to check that names are found however they are typed.
const fs = require("fs"), path = require("path"), vm = require("vm");
const site = process.argv[2];
const dir = path.join(site, "assets/javascripts");
const worker = fs.readdirSync(path.join(dir, "workers")).find(f => /^search\..*\.min\.js$/.test(f));
let handler;
const ctx = {
  console, setTimeout, clearTimeout,
  addEventListener: (type, fn) => { if (type === "message") handler = fn; },
  postMessage: msg => ctx.__last = msg,
  importScripts: (...urls) => urls.forEach(u => vm.runInContext(fs.readFileSync(path.join(dir, "lunr", u.replace(/^.*lunr\//, "")), "utf8"), ctx)),
};
ctx.self = ctx;
vm.createContext(ctx);
vm.runInContext(fs.readFileSync(path.join(dir, "workers", worker), "utf8"), ctx);
const index = JSON.parse(fs.readFileSync(path.join(site, "search/search_index.json"), "utf8"));
(async () => {
  await handler({ data: { type: 0, data: { config: index.config, docs: index.docs, options: { suggest: false } } } });
  await new Promise(r => setTimeout(r, 50));
  const out = {};
  for (const q of process.argv.slice(3)) {
    ctx.__last = null;
    await handler({ data: { type: 2, data: q } });
    await new Promise(r => setTimeout(r, 20));
    const items = (ctx.__last && ctx.__last.data.items) || [];
    out[q] = items.flat().map(i => i.location).slice(0, 20);
  }
  console.log(JSON.stringify(out, null, 1));
})();
