#!/usr/bin/env bash
# An extra tier after `npm test`: independent tools read a sealed dossier back.
# pdfsig (poppler-utils) checks the seal; pdffonts lists whether every font is embedded.
# Installed with apt where it can be; where it cannot, the tier says so and passes.
set -uo pipefail
cd "$(dirname "$0")/.."
if ! command -v pdfsig >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  (timeout 300 apt-get update -qq && timeout 300 apt-get install -y -qq poppler-utils) >/dev/null 2>&1 ||
    echo "pdf-tools: could not install poppler-utils with apt"
fi
if ! command -v pdfsig >/dev/null 2>&1 || ! command -v openssl >/dev/null 2>&1; then
  echo "pdf-tools: skipped (pdfsig or openssl not installed)"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r test/fixtures/exhibits "$work/repo"
(
  cd "$work"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj "/CN=CI Root" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -keyout seal.key -out seal.csr -subj "/CN=CI Seal/O=casebuilder CI" 2>/dev/null
  openssl x509 -req -in seal.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out seal.pem -days 2 2>/dev/null
  openssl pkcs12 -export -inkey seal.key -in seal.pem -certfile ca.pem -out seal.p12 -passout pass:ci
)
passed=0
failed=0
check() { if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "pdf-tools: FAILED: $*"; fi; }
bin="$PWD/bin/casebuilder"
(cd "$work/repo" && CASEBUILDER_SEAL_PASSWORD=ci node "$bin" build --quiet --seal ../seal.p12 --pdfa) || failed=$((failed + 1))
pdf="$work/repo/dossiers/ex.pdf"
pdfsig "$pdf" | tee "$work/pdfsig.txt"
check grep -q "Signature Validation: Signature is Valid." "$work/pdfsig.txt"
check grep -q "Total document signed" "$work/pdfsig.txt"
pdffonts "$pdf" | tee "$work/pdffonts.txt"
# Every row of pdffonts has "yes" in its emb column (the fifth from the right).
check awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 } END { exit bad }' "$work/pdffonts.txt"
echo "pdf-tools: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
