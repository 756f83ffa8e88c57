'use strict';
/**
 * Stands in for `semver` in the function bundles (esbuild alias, see BUNDLE_SETTINGS). Its only
 * importer there is aws-xray-sdk-core's AWS SDK v2 patcher, which calls `gte(version, '2.7.15')`
 * when someone captures an SDK v2 (we capture v3 clients only); the full package is 28 KB minified.
 * Any other use fails loudly instead of answering wrongly.
 */
function parts(version) {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(String(version).trim());
  if (!match) throw new TypeError(`Invalid Version: ${version}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** `a >= b` on major.minor.patch (pre-release tags are not compared). */
function gte(a, b) {
  const left = parts(a);
  const right = parts(b);
  for (let i = 0; i < 3; i += 1) if (left[i] !== right[i]) return left[i] > right[i];
  return true;
}

module.exports = new Proxy(
  { gte },
  {
    get(target, name) {
      if (name in target || typeof name === 'symbol' || name === '__esModule' || name === 'default') return target[name];
      throw new Error(`semver.${String(name)} is not available in the function bundle (see infra/constructs/bundling/semver-gte.cjs)`);
    },
  },
);
