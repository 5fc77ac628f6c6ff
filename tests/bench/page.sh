#!/usr/bin/env bash
# The map page's benchmark: Lighthouse (web/node_modules, Debian's Chromium) on the built page
# served by `annuaire serve` over the m2A sample, desktop and mobile: performance and
# accessibility scores, and the load figures Lighthouse measures; then the first-load figures
# of tests/web/first-load.test.mjs (bytes before the first results, API call times).
# Usage: tests/bench/page.sh BUILD_DIR   (after cmake --build BUILD_DIR --target annuaire)
set -euo pipefail
build_dir=$(cd "${1:?usage: page.sh BUILD_DIR}" && pwd)
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
binary=$build_dir/annuaire
lighthouse=$source_dir/web/node_modules/.bin/lighthouse
[[ -x $binary ]] || { echo "missing: $binary (cmake --build $build_dir --target annuaire)" >&2; exit 1; }
[[ -x $lighthouse ]] || { echo "missing: Lighthouse (cd web && npm ci)" >&2; exit 1; }

(cd "$source_dir/web" && npm run --silent build >/dev/null)
export ANNUAIRE_SOURCE_DIR=$source_dir ANNUAIRE_BINARY=$binary ANNUAIRE_BUILD_DIR=$build_dir
node "$source_dir/tests/web/sample-db.mjs" >/dev/null

out=$build_dir/bench-page
mkdir -p "$out"
"$binary" serve --db "$build_dir/web-tests/m2a.db" --port 0 --web "$source_dir/web/dist" --rate-limit 0 \
  >"$out/serve.out" 2>"$out/serve.err" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
url=
for _ in $(seq 200); do
  url=$(sed -n 's|^listening on \(http://[^ ]*\)$|\1|p' "$out/serve.out")
  [[ -n $url ]] && break
  sleep 0.1
done
[[ -n $url ]] || { echo "annuaire serve did not start: $(cat "$out/serve.err")" >&2; exit 1; }
until [[ $(curl -s -o /dev/null -w '%{http_code}' "$url/api/v1/health") == 200 ]]; do sleep 0.1; done

flags="--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
for form in desktop mobile; do
  preset=()
  [[ $form == desktop ]] && preset=(--preset=desktop)
  "$lighthouse" "$url/" "${preset[@]}" --chrome-path=/usr/bin/chromium --chrome-flags="$flags" \
    --only-categories=performance,accessibility --output=json --output-path="$out/lighthouse-$form.json" \
    --quiet --locale=fr
  node -e '
    const report = require(process.argv[1]);
    const ms = id => Math.round(report.audits[id].numericValue);
    console.log(`${process.argv[2]}: performance ${Math.round(report.categories.performance.score * 100)}, ` +
      `accessibility ${Math.round(report.categories.accessibility.score * 100)}; ` +
      `FCP ${ms("first-contentful-paint")} ms, LCP ${ms("largest-contentful-paint")} ms, TBT ${ms("total-blocking-time")} ms, ` +
      `CLS ${report.audits["cumulative-layout-shift"].numericValue.toFixed(3)}, TTI ${ms("interactive")} ms, ` +
      `${Math.round(report.audits["total-byte-weight"].numericValue / 1024)} KB transferred`);
    const failed = Object.values(report.audits).filter(a => a.score !== null && a.score < 1 && report.categories.accessibility.auditRefs.some(r => r.id === a.id && r.weight > 0));
    for (const audit of failed) console.log(`  accessibility audit not passed: ${audit.id} (${audit.title})`);
  ' "$out/lighthouse-$form.json" "$form"
done
echo "reports: $out/lighthouse-desktop.json, $out/lighthouse-mobile.json"

# The first load as the page's test measures it.
node --test "$source_dir/tests/web/first-load.test.mjs" 2>&1 | sed -n 's/^# first load/first load/p'
