#!/usr/bin/env bash
# Installs what the test suite runs besides Go: versitygw (the S3 server
# the store tests start), Debian's chromium (renders the export report),
# the warcio npm package (an independent WARC reader), unzip and openssl
# (bundle checks). Each is installed only when missing.
set -euo pipefail
GOBIN="$(go env GOPATH)/bin"
if [ ! -x "$GOBIN/versitygw" ] && ! command -v versitygw >/dev/null; then
	echo "installing versitygw v1.8.0 (a few minutes on a cold module cache)"
	go install github.com/versity/versitygw/cmd/versitygw@v1.8.0
fi
missing=()
command -v chromium >/dev/null || [ -x /usr/bin/chromium ] || missing+=(chromium)
command -v unzip >/dev/null || missing+=(unzip)
command -v openssl >/dev/null || missing+=(openssl)
command -v python3 >/dev/null || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
	echo "installing ${missing[*]} (Debian packages)"
	SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! command -v warcio >/dev/null; then
	echo "installing warcio 2.4.11 (npm)"
	npm install -g --silent warcio@2.4.11 >/dev/null
fi
