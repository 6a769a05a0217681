// Prints the manifest for one browser: the base manifest.json, that browser's patch, and the version
// from the workspace Cargo.toml (the one place it lives). Usage: node scripts/manifest.mjs chrome|firefox
import { readFileSync } from 'node:fs';

const browser = process.argv[2];
if (!['chrome', 'firefox'].includes(browser)) {
  console.error('usage: manifest.mjs chrome|firefox');
  process.exit(2);
}
const root = new URL('../', import.meta.url);
const base = JSON.parse(readFileSync(new URL('manifest.json', root), 'utf8'));
const patch = JSON.parse(readFileSync(new URL(`manifest.${browser}.json`, root), 'utf8'));
const cargo = readFileSync(new URL('Cargo.toml', root), 'utf8');
const version = /\[workspace\.package\][^[]*?\nversion\s*=\s*"([^"]+)"/.exec(cargo)?.[1];
if (!version) {
  console.error('manifest.mjs: no [workspace.package] version in Cargo.toml');
  process.exit(1);
}
// A patch key set to null removes the base key; objects merge one level deep.
const merged = { ...base, version };
for (const [key, value] of Object.entries(patch)) {
  if (value === null) delete merged[key];
  else if (typeof value === 'object' && !Array.isArray(value) && typeof merged[key] === 'object') {
    merged[key] = { ...merged[key], ...value };
  } else merged[key] = value;
}
process.stdout.write(JSON.stringify(merged, null, 2) + '\n');
