#!/bin/sh
# deps.sh: installs the Debian and npm packages a target needs, only those that are missing.
# usage: deps.sh build|test|bench
set -eu
mode=${1:-build}
pkgs="gcc make pkg-config libmicrohttpd-dev libsqlite3-dev libmd4c-dev libsodium-dev libyaml-dev zlib1g-dev libmagic-dev libcurl4-openssl-dev libssl-dev libjansson-dev libxml2-dev libzip-dev"
case "$mode" in
test) pkgs="$pkgs libcriterion-dev clang libclang-rt-14-dev clang-format libxml2-utils curl sqlite3 chromium epubcheck pandoc poppler-utils nginx-light python3 openssl dpkg-dev debhelper lintian systemd time wget" ;;
bench) pkgs="$pkgs libmd4c-html0-dev nginx-light wrk curl pandoc time sqlite3 hugo" ;;
esac
missing=''
# Node.js may come from elsewhere than Debian (with its own npm): ask for the commands.
if [ "$mode" = test ] || [ "$mode" = bench ]; then
	command -v node >/dev/null 2>&1 || missing="$missing nodejs"
	command -v npm >/dev/null 2>&1 || missing="$missing npm"
fi
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "deps: installing$missing"
	sudo=''
	[ "$(id -u)" = 0 ] || sudo=sudo
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
fi
# The tests and the benchmarks (the SMTP sink) use npm packages: npm ci again whenever a package named in tests/package.json is missing.
if { [ "$mode" = test ] || [ "$mode" = bench ]; } && ! (cd tests && node -e '
	const deps = Object.keys(require("./package.json").devDependencies);
	const fs = require("fs");
	process.exit(deps.every((d) => fs.existsSync("node_modules/" + d + "/package.json")) ? 0 : 1);
' 2>/dev/null); then
	echo "deps: installing npm packages for tests"
	(cd tests && npm ci --no-audit --no-fund --loglevel=error)
fi
exit 0
