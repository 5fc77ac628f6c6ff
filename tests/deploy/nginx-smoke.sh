#!/usr/bin/env bash
# Runs nginx from deploy/nginx/annuaire.conf, inside Debian's own /etc/nginx/nginx.conf, on
# loopback in front of `annuaire serve` started from deploy/annuaire.service's ExecStart,
# over the m2A sample, and checks through it with curl what users and operators rely on.
# Only the settings the site marks SETTING (paths, ports, certificate) are replaced.
# Usage: nginx-smoke.sh ANNUAIRE_BINARY   (CTest: "deploy: nginx ...")
set -euo pipefail

binary=${1:?usage: nginx-smoke.sh ANNUAIRE_BINARY}
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
site_file=$source_dir/deploy/nginx/annuaire.conf
unit_file=$source_dir/deploy/annuaire.service
site_name=annuaire.example.org   # the site's server_name, kept: the certificate is made for it

for tool in nginx openssl curl ss gzip; do
  command -v "$tool" >/dev/null || { echo "missing: $tool (bash server/scripts/install-deps.sh --with-test-tools)" >&2; exit 1; }
done
curl --version | grep -q HTTP2 || { echo "this curl has no HTTP/2" >&2; exit 1; }
[[ -f /etc/nginx/nginx.conf ]] || { echo "missing: /etc/nginx/nginx.conf (Debian's nginx package)" >&2; exit 1; }
page_dir=$source_dir/web/dist
[[ -f $page_dir/index.html ]] ||
  { echo "missing: web/dist, the built page (cd web && npm ci && npm run build)" >&2; exit 1; }

work=$(mktemp -d)
chmod 755 "$work"   # nginx's workers run as nobody when the test runs as root
server_pid=
nginx_pid=
failures=0

cleanup() {
  local status=$?
  if [[ -n $nginx_pid ]] && kill -0 "$nginx_pid" 2>/dev/null; then
    kill -QUIT "$nginx_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$nginx_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$nginx_pid" 2>/dev/null || true
  fi
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  wait 2>/dev/null || true
  if ((status != 0 || failures != 0)); then
    for log in error.log access.log serve.err; do
      [[ -s $work/$log ]] && { echo "--- $log (last 30 lines)"; tail -n 30 "$work/$log"; }
    done
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() { echo "error: $*" >&2; exit 1; }

# A port below the range the kernel picks client ports from (these would clash with our
# listener while their connection lasts), used by no socket at all.
free_port() {
  local port first_ephemeral
  read -r first_ephemeral _ </proc/sys/net/ipv4/ip_local_port_range
  ((first_ephemeral > 11000)) || first_ephemeral=32768
  while :; do
    port=$((10000 + RANDOM % (first_ephemeral - 10000)))
    [[ -z $(ss -Htan "sport = :$port") ]] && { echo "$port"; return; }
  done
}

# --- The sample database, made the way the e2e tests make it --------------------------------
db=$work/annuaire.db
"$binary" import --db "$db" --no-progress --territory "$source_dir/data/territories/m2a.json" \
  "$source_dir/data/sample/PS_LibreAcces_Personne_activite_m2a_sample.txt" >"$work/import.out"
"$binary" geocode --db "$db" --ban "$source_dir/data/sample/adresses-68-m2a-generated.csv.gz" >"$work/geocode.out"
"$binary" declare --db "$db" "$source_dir/data/sample/declarations-m2a-generated.json" >"$work/declare.out"

# --- The server, from the unit's ExecStart ---------------------------------------------------
exec_start=$(sed -n 's/^ExecStart=//p' "$unit_file")
[[ $(wc -l <<<"$exec_start") == 1 && -n $exec_start ]] || die "expected one ExecStart= in $unit_file"
read -r -a serve_args <<<"$exec_start"
[[ ${serve_args[0]} == /usr/local/bin/annuaire && ${serve_args[1]} == serve ]] ||
  die "ExecStart should run /usr/local/bin/annuaire serve: $exec_start"
for ((i = 2; i < ${#serve_args[@]}; ++i)); do
  case ${serve_args[i]} in
    /var/lib/annuaire/annuaire.db) serve_args[i]=$db ;;
    /var/cache/annuaire/*) serve_args[i]=$work/${serve_args[i]##*/} ;;
    8080) [[ ${serve_args[i - 1]} == --port ]] && serve_args[i]=0 ;;
  esac
done
[[ " ${serve_args[*]} " == *" --port 0 "* && " ${serve_args[*]} " == *" --db $db "* ]] ||
  die "ExecStart should name --db /var/lib/annuaire/annuaire.db and --port 8080: $exec_start"
# Added for the test: the page too (to compare its headers with nginx's), limits that nginx's
# must not hide (exports: nginx's only; API: low enough to reach in a burst).
serve_args=("$binary" "${serve_args[@]:1}" --web "$page_dir" --threads 2
            --export-rate-limit 60000 --max-exports 8 --rate-limit 1 --rate-burst 20)
"${serve_args[@]}" >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
api_port=
for _ in $(seq 300); do
  api_port=$(sed -n 's|^listening on http://127\.0\.0\.1:\([0-9]*\)$|\1|p' "$work/serve.out")
  [[ -n $api_port ]] && break
  kill -0 "$server_pid" 2>/dev/null || die "annuaire serve exited: $(cat "$work/serve.err")"
  sleep 0.1
done
[[ -n $api_port ]] || die "annuaire serve did not say it was listening"
for _ in $(seq 300); do   # listening at once, answering once its index is there
  # from 127.0.0.99: nothing taken from 127.0.0.1's rate-limit bucket, which the test measures
  [[ $(curl -s --interface 127.0.0.99 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$api_port/api/v1/health") == 200 ]] && break
  sleep 0.1
done

# --- A certificate for the site's name, made now ----------------------------------------------
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
  -subj "/CN=$site_name" -addext "subjectAltName=DNS:$site_name" \
  -keyout "$work/privkey.pem" -out "$work/fullchain.pem" 2>"$work/openssl.err" || die "openssl: $(cat "$work/openssl.err")"

# --- The page as it is installed: a copy of the built page ------------------------------------
mkdir -p "$work/www"
cp -r "$page_dir/." "$work/www/"
chmod -R a+rX "$work/www"
script=$(grep -oE 'src="/assets/[^"]+\.js"' "$page_dir/index.html" | sed -E 's/^src="(.*)"$/\1/')
[[ -n $script ]] || die "web/dist/index.html names no script under /assets/"

# --- The site, its settings replaced ----------------------------------------------------------
write_site() {
  mkdir -p "$work/acme"
  # IPv6 listeners are dropped: the sandbox may have no ::1.
  sed -e "s|^\(\s*\)listen 80;|\1listen 127.0.0.1:$http_port;|" \
      -e "s|^\(\s*\)listen 443 ssl http2;|\1listen 127.0.0.1:$https_port ssl http2;|" \
      -e '/^\s*listen \[::\]:/d' \
      -e "s|server 127.0.0.1:8080;|server 127.0.0.1:$api_port;|" \
      -e "s|/etc/letsencrypt/live/$site_name/|$work/|" \
      -e "s|root /var/www/annuaire/web;|root $work/www;|" \
      -e "s|root /var/www/letsencrypt;|root $work/acme;|" \
      -e "s|/var/log/nginx/annuaire.access.log|$work/access.log|" \
      "$site_file" >"$work/annuaire.conf"
  # Every line replaced must be one the site marks as a setting, and each setting must be found.
  local changed expected
  changed=$(diff --old-line-format='%L' --new-line-format='' --unchanged-line-format='' "$site_file" "$work/annuaire.conf" || true)
  if grep -v SETTING <<<"$changed" | grep -q .; then
    die "the test replaced lines the site does not mark SETTING: $(grep -v SETTING <<<"$changed")"
  fi
  for expected in "listen 127.0.0.1:$http_port;" "listen 127.0.0.1:$https_port ssl http2;" "server 127.0.0.1:$api_port;" \
                  "ssl_certificate $work/fullchain.pem;" "ssl_certificate_key $work/privkey.pem;" "root $work/www;" \
                  "access_log $work/access.log annuaire;"; do
    grep -qF "$expected" "$work/annuaire.conf" || die "the site file no longer has the setting the test replaces with: $expected"
  done
}

# --- Debian's nginx.conf, its system paths replaced; the site included where sites-enabled is --
write_main_config() {
  mkdir -p "$work/tmp"
  sed -e '/^\s*user\s/d' \
      -e "s|^\(\s*\)worker_processes .*|\1worker_processes 1;|" \
      -e "s|^\(\s*\)pid .*|\1pid $work/nginx.pid;|" \
      -e "s|^\(\s*\)error_log .*|\1error_log $work/error.log;|" \
      -e "s|^\(\s*\)access_log .*|\1access_log $work/access-default.log;|" \
      -e '/include \/etc\/nginx\/modules-enabled\//d' \
      -e '/include \/etc\/nginx\/conf\.d\//d' \
      -e "s|include /etc/nginx/sites-enabled/\*;|include $work/annuaire.conf;|" \
      -e "s|^http {|http {\n\tclient_body_temp_path $work/tmp/body;\n\tproxy_temp_path $work/tmp/proxy;\n\tfastcgi_temp_path $work/tmp/fastcgi;\n\tuwsgi_temp_path $work/tmp/uwsgi;\n\tscgi_temp_path $work/tmp/scgi;|" \
      /etc/nginx/nginx.conf >"$work/nginx.conf"
  grep -qF "include $work/annuaire.conf;" "$work/nginx.conf" || die "/etc/nginx/nginx.conf has no 'include /etc/nginx/sites-enabled/*;'"
  echo "daemon off;" >>"$work/nginx.conf"
}

# curl as a client at a loopback address of its own (each check is another client for the
# per-address limits); --resolve sends the site's name to our nginx, and the certificate is
# checked against it. client_options sets `options` for one transfer of a multi-transfer curl.
client_options() {
  options=(-sS --max-time 30 --interface "$1" --cacert "$work/fullchain.pem"
           --resolve "$site_name:$https_port:127.0.0.1" --resolve "$site_name:$http_port:127.0.0.1")
}
client() {
  local options
  client_options "$1"
  shift
  curl "${options[@]}" "$@"
}

# Started once more on other ports if another program took one of them in the meantime.
write_main_config
for attempt in 1 2 3; do
  http_port=$(free_port)
  https_port=$(free_port)
  while [[ $https_port == "$http_port" ]]; do https_port=$(free_port); done
  write_site
  nginx -t -c "$work/nginx.conf" -p "$work/" -e "$work/error.log" 2>"$work/nginx-t.err" ||
    die "nginx -t refused the site: $(cat "$work/nginx-t.err")"
  nginx -c "$work/nginx.conf" -p "$work/" -e "$work/error.log" 2>"$work/nginx.err" &
  nginx_pid=$!
  for _ in $(seq 100); do
    client 127.0.0.1 -o /dev/null "https://$site_name:$https_port/" 2>/dev/null && break 2
    kill -0 "$nginx_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$nginx_pid" 2>/dev/null && die "nginx does not answer: $(cat "$work/nginx.err" "$work/error.log" 2>/dev/null)"
  wait "$nginx_pid" || true
  nginx_pid=
  { grep -q 'Address already in use' "$work/nginx.err" "$work/error.log" 2>/dev/null && ((attempt < 3)); } ||
    die "nginx exited: $(cat "$work/nginx.err" "$work/error.log" 2>/dev/null)"
  rm -f "$work/error.log"
done
base=https://$site_name:$https_port

# --- Checks ----------------------------------------------------------------------------------
check_failed=
fail() { echo "    $*"; check_failed=1; }
header_of() { grep -i "^$2:" "$1" | head -n 1 | cut -d' ' -f2- | tr -d '\r'; }
run_check() {
  local name=$1
  shift
  check_failed=
  "$@" || check_failed=1
  if [[ -n $check_failed ]]; then
    echo "FAIL: $name" | tee -a "$work/results"
    failures=$((failures + 1))
  else
    echo "ok:   $name" | tee -a "$work/results"
  fi
}

nginx_starts_without_warnings() {
  if grep -E '\[(warn|emerg|alert|crit|error)\]' "$work/nginx-t.err" "$work/nginx.err" "$work/error.log" 2>/dev/null; then
    fail "nginx logged the above at start"
  fi
}

https_with_http2() {
  local answer
  answer=$(client 127.0.0.2 --http2 -o /dev/null -w '%{http_version} %{http_code}' "$base/") || { fail "curl: no answer"; return; }
  [[ $answer == "2 200" ]] || fail "expected HTTP/2 and 200, got '$answer'"
}

page_and_assets_from_disk() {
  client 127.0.0.3 -D "$work/page.h" -o "$work/page.html" "$base/" || { fail "no page"; return; }
  cmp -s "$work/page.html" "$page_dir/index.html" || fail "/ is not web/dist/index.html"
  # A fiche's URL is the page too.
  client 127.0.0.3 -o "$work/fiche.html" "$base/praticien/10012345678" || { fail "no fiche page"; return; }
  cmp -s "$work/fiche.html" "$page_dir/index.html" || fail "/praticien/ID is not web/dist/index.html"
  # The account pages, a claim's status and the console are pages of their own.
  local route
  for route in compte compte/mot-de-passe compte/fiche/10012345678 attribution/suivi; do
    client 127.0.0.3 -o "$work/route.html" "$base/$route" || { fail "no page at /$route"; return; }
    cmp -s "$work/route.html" "$page_dir/compte.html" || fail "/$route is not web/dist/compte.html"
  done
  for route in admin admin/journal; do
    client 127.0.0.3 -o "$work/route.html" "$base/$route" || { fail "no page at /$route"; return; }
    cmp -s "$work/route.html" "$page_dir/admin.html" || fail "/$route is not web/dist/admin.html"
  done
  local assets asset
  assets=$(grep -oE '(src|href)="/[^":]+"' "$work/page.html" | sed -E 's/^(src|href)="\/(.*)"$/\2/')
  [[ $(wc -l <<<"$assets") -ge 3 ]] || fail "expected the page to reference its script, style and icon: $assets"
  for asset in $assets; do
    local status
    status=$(client 127.0.0.3 -o "$work/asset" -w '%{http_code} %{content_type}' "$base/$asset")
    case $asset in
      *.js) [[ $status == "200 application/javascript" || $status == "200 text/javascript"* ]] || fail "$asset: $status" ;;
      *.css) [[ $status == "200 text/css"* ]] || fail "$asset: $status" ;;
      *) [[ $status == 200* ]] || fail "$asset: $status" ;;
    esac
    cmp -s "$work/asset" "$page_dir/$asset" || fail "$asset differs from web/dist/$asset"
  done
  # Answered by nginx from disk: no upstream status in its log for the page or its assets.
  if grep -E "^127\.0\.0\.3 .* upstream=[0-9]" "$work/access.log"; then fail "the above went to the server"; fi
  grep -qE '^127\.0\.0\.3 .*"GET / HTTP/[0-9.]+" 200 .* upstream=- ' "$work/access.log" || fail "no log line for the page"
}

# The page's security headers, compared with those the server sends for the same files.
page_headers_match_the_server() {
  local path name ours theirs
  for path in / /favicon.svg "$script"; do
    client 127.0.0.4 -o /dev/null -D "$work/nginx.h" "$base$path" || { fail "no answer for $path"; continue; }
    curl -sS -o /dev/null -D "$work/server.h" "http://127.0.0.1:$api_port$path" || { fail "the server did not answer $path"; continue; }
    for name in Content-Security-Policy X-Frame-Options X-Content-Type-Options Referrer-Policy; do
      ours=$(header_of "$work/nginx.h" "$name")
      theirs=$(header_of "$work/server.h" "$name")
      [[ -n $ours && $ours == "$theirs" ]] || fail "$path $name: nginx '$ours', server '$theirs'"
    done
    [[ -n $(header_of "$work/nginx.h" Strict-Transport-Security) ]] || fail "$path: no Strict-Transport-Security"
  done
  # A file with a content hash in its name is kept for good, as the server says.
  [[ $(header_of "$work/nginx.h" Cache-Control) == "$(header_of "$work/server.h" Cache-Control)" ]] ||
    fail "$script: Cache-Control: nginx '$(header_of "$work/nginx.h" Cache-Control)', server '$(header_of "$work/server.h" Cache-Control)'"
  [[ $(header_of "$work/nginx.h" Cache-Control) == "public, max-age=31536000, immutable" ]] ||
    fail "$script: Cache-Control '$(header_of "$work/nginx.h" Cache-Control)'"
  client 127.0.0.4 -o /dev/null -D "$work/nginx.h" "$base/favicon.svg"
  [[ $(header_of "$work/nginx.h" Cache-Control) == max-age=3600 ]] || fail "/favicon.svg: Cache-Control '$(header_of "$work/nginx.h" Cache-Control)'"
  client 127.0.0.4 -o /dev/null -D "$work/nginx.h" "$base/"
  [[ $(header_of "$work/nginx.h" Cache-Control) == no-cache ]] || fail "/: Cache-Control '$(header_of "$work/nginx.h" Cache-Control)'"
}

assets_gzipped_by_nginx() {
  client 127.0.0.5 -H 'Accept-Encoding: gzip' -D "$work/gz.h" -o "$work/app.js.gz" "$base$script" || { fail "no answer"; return; }
  [[ $(header_of "$work/gz.h" Content-Encoding) == gzip ]] || fail "$script not compressed"
  gzip -dc <"$work/app.js.gz" | cmp -s - "$page_dir$script" || fail "$script does not gunzip to web/dist$script"
  client 127.0.0.5 -D "$work/plain.h" -o /dev/null "$base$script"
  [[ -z $(header_of "$work/plain.h" Content-Encoding) ]] || fail "compressed for a client that did not ask"
}

api_through_the_proxy() {
  local status
  status=$(client 127.0.0.6 -o "$work/health.json" -w '%{http_code} %{content_type}' "$base/api/v1/health")
  [[ $status == "200 application/json"* ]] || fail "health: $status"
  grep -q '"data_version"' "$work/health.json" || fail "health: $(head -c 300 "$work/health.json")"
  # Compressed once, by the server: one gunzip gives the JSON.
  status=$(client 127.0.0.6 -H 'Accept-Encoding: gzip' -D "$work/search.h" -o "$work/search.gz" -w '%{http_code}' \
    "$base/api/v1/practitioners?q=kine%20mulhouse&per_page=5")
  [[ $status == 200 ]] || fail "search: $status"
  [[ $(grep -ci '^Content-Encoding:' "$work/search.h") == 1 && $(header_of "$work/search.h" Content-Encoding) == gzip ]] ||
    fail "search: expected one Content-Encoding: gzip: $(grep -i '^Content-Encoding:' "$work/search.h" | tr -d '\r')"
  [[ $(grep -ci '^Vary:' "$work/search.h") -le 1 ]] || fail "search: Vary repeated (compressed twice?)"
  gzip -dc <"$work/search.gz" >"$work/search.json" 2>/dev/null || fail "search: body is not gzip"
  { grep -q '"items":\[{' "$work/search.json" && grep -q '"total":' "$work/search.json"; } ||
    fail "search: $(head -c 300 "$work/search.json")"
  # Revalidation passes through: the ETag, then 304.
  local etag
  etag=$(header_of "$work/search.h" ETag)
  [[ -n $etag ]] || { fail "search: no ETag"; return; }
  status=$(client 127.0.0.6 -H 'Accept-Encoding: gzip' -H "If-None-Match: $etag" -o /dev/null -w '%{http_code}' \
    "$base/api/v1/practitioners?q=kine%20mulhouse&per_page=5")
  [[ $status == 304 ]] || fail "If-None-Match $etag: $status"
}

api_errors_pass_through() {
  local path status
  for path in /api/v1/practitioners/000000000 /api/v1/no-such-endpoint; do
    status=$(client 127.0.0.7 -o "$work/error.json" -w '%{http_code} %{content_type}' "$base$path")
    [[ $status == "404 application/json"* ]] || fail "$path: $status"
    grep -q '"error":{"code":"not_found"' "$work/error.json" || fail "$path: $(head -c 300 "$work/error.json")"
  done
}

# With keep-alive, requests from many client connections share a few connections to the
# server; without it each would leave a connection behind (in TIME-WAIT for a minute).
upstream_connections() {
  ss -Htan "( sport = :$api_port or dport = :$api_port )" | awk -v port=":$api_port" '
    $1 != "LISTEN" { local = $4; peer = $5; print (local ~ port "$" ? peer : local) }' | sort -u
}
keeps_upstream_connections_alive() {
  local before after i new
  before=$(upstream_connections)
  for i in $(seq 15); do
    client 127.0.0.8 -o /dev/null "$base/api/v1/health?n=$i" || fail "request $i failed"
  done
  after=$(upstream_connections)
  new=$(comm -13 <(echo "$before") <(echo "$after") | grep -c . || true)
  ((new <= 2)) || fail "15 client connections opened $new connections to the server"
}

export_burst_refused_by_nginx() {
  local i status statuses=
  for i in $(seq 10); do
    status=$(client 127.0.0.9 -o "$work/export.$i" -w '%{http_code}' "$base/api/v1/export?format=csv&q=kine")
    statuses+="$status "
  done
  [[ $statuses == "200 "* ]] || fail "the first export was refused: $statuses"
  [[ $statuses == *"429 "* ]] || fail "no 429 in a burst of 10 exports: $statuses"
  head -n 1 "$work/export.1" | grep -q ';last_name;first_name;' || fail "the export is not a CSV: $(head -c 200 "$work/export.1")"
  for i in $(seq 10); do
    if [[ $(cut -d' ' -f"$i" <<<"$statuses") == 429 ]]; then
      grep -q '"error":{"code":"too_many_requests"' "$work/export.$i" || fail "429 body: $(head -c 200 "$work/export.$i")"
      break
    fi
  done
  # Refused by nginx itself, before the server (whose export limit is set high here).
  grep -qE '^127\.0\.0\.9 .*export.* 429 .* upstream=- ' "$work/access.log" || fail "no 429 answered by nginx alone in the log"
  if grep -E '^127\.0\.0\.9 .*export.* 429 .* upstream=[0-9]' "$work/access.log"; then fail "the server refused the above"; fi
}

# The server allows each client 20 API requests at once, then 1 a second. One client sends 40
# at once, each claiming another address in X-Real-IP and X-Forwarded-For, and a second client
# one request right after, all from one curl so that the limit has no time to refill: the
# server must see through the claims (429s) and tell the second client apart (200).
client_address_reaches_the_server() {
  local transfers=() options i statuses
  for i in $(seq 40); do
    client_options 127.0.0.10
    transfers+=("${options[@]}" -w '%{http_code}\n' -H "X-Real-IP: 10.1.2.$i" -H "X-Forwarded-For: 10.1.2.$i"
                -o /dev/null "$base/api/v1/health?burst=$i" --next)
  done
  client_options 127.0.0.11
  transfers+=("${options[@]}" -w '%{http_code}\n' -o /dev/null "$base/api/v1/health?other-client")
  statuses=$(curl "${transfers[@]}" 2>/dev/null || true)
  [[ $(wc -l <<<"$statuses") == 41 ]] || { fail "expected 41 answers: $(tr '\n' ' ' <<<"$statuses")"; return; }
  head -n 40 <<<"$statuses" | grep -qx 429 ||
    fail "40 requests at once from one client, each naming another address, were all answered: the server believed the client's headers"
  grep -qE '^127\.0\.0\.10 .* 429 .* upstream=429 ' "$work/access.log" || fail "the 429s did not come from the server"
  [[ $(tail -n 1 <<<"$statuses") == 200 ]] ||
    fail "another client was refused ($(tail -n 1 <<<"$statuses")) right after the first: the server saw one address for both"
}

http_redirects_to_https() {
  client 127.0.0.12 -o /dev/null -D "$work/redirect.h" "http://$site_name:$http_port/?q=kine" || { fail "no answer on http"; return; }
  grep -q '^HTTP/1.1 301' "$work/redirect.h" || fail "status: $(head -n 1 "$work/redirect.h")"
  [[ $(header_of "$work/redirect.h" Location) == "https://$site_name/?q=kine" ]] ||
    fail "Location: $(header_of "$work/redirect.h" Location)"
}

server_down_answers_json() {
  kill -TERM "$server_pid"
  local code=0
  wait "$server_pid" || code=$?
  server_pid=
  ((code == 0)) || fail "annuaire serve exited with $code on SIGTERM"
  local status
  status=$(client 127.0.0.13 -o "$work/down.json" -w '%{http_code} %{content_type}' "$base/api/v1/health")
  [[ $status == "503 application/json"* ]] || fail "server stopped: $status"
  grep -q '"error":{"code":"unavailable"' "$work/down.json" || fail "body: $(head -c 200 "$work/down.json")"
}

run_check "nginx starts from the site file with no warning" nginx_starts_without_warnings
run_check "answers over HTTPS with HTTP/2, with a certificate for the site's name" https_with_http2
run_check "serves the page and every file it references from disk, not through the server" page_and_assets_from_disk
run_check "gives the page and its files the server's security headers, HSTS, and cache lifetimes by kind" page_headers_match_the_server
run_check "compresses the page's files for clients that accept gzip" assets_gzipped_by_nginx
run_check "proxies health and a search, compressed once (by the server), with revalidation" api_through_the_proxy
run_check "passes the server's JSON 404s through" api_errors_pass_through
run_check "keeps connections to the server alive across client connections" keeps_upstream_connections_alive
run_check "refuses a burst of exports from one address with its own JSON 429" export_burst_refused_by_nginx
run_check "names each client to the server, whose rate limits are then per client and not spoofable" client_address_reaches_the_server
run_check "redirects plain HTTP to HTTPS" http_redirects_to_https
run_check "answers in JSON with 503 when the server is down, and the server stops cleanly on SIGTERM" server_down_answers_json

echo "$(grep -c '^ok:' "$work/results" || true) passed, $failures failed"
((failures == 0))
