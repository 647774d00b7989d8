#!/usr/bin/env bash
# Installs the Debian 12 packages dossier needs to build, run and test. Idempotent: installs only
# what is missing. Runs apt-get directly as root, through sudo otherwise.
set -euo pipefail

RUNTIME=(
  tesseract-ocr tesseract-ocr-eng tesseract-ocr-rus tesseract-ocr-kaz tesseract-ocr-osd
  tesseract-ocr-script-cyrl opencv-data fonts-dejavu-core fonts-dejavu-extra fonts-ocr-b
  icc-profiles-free libcld2-0
)
BUILD=(
  build-essential cmake ninja-build pkg-config
  libtesseract-dev libleptonica-dev libopencv-dev libpodofo-dev libpoppler-cpp-dev libssl-dev
  libcld2-dev libexif-dev libjpeg-dev libpng-dev libtiff-dev libwebp-dev libheif-dev zlib1g-dev
  libicu-dev
  nlohmann-json3-dev libyaml-cpp-dev libcli11-dev libspdlog-dev libfmt-dev
)
TEST=(
  googletest libgtest-dev poppler-utils qpdf libnss3-tools openssl xxd python3 python3-jsonschema
  clang clang-format mupdf-tools python3-pdfminer
)

# Only for `make bench`: the comparison with ocrmypdf and the tools the bench scripts use.
BENCH=(ocrmypdf python3-img2pdf bc time fonts-wqy-zenhei python3-levenshtein)

case "${1:-all}" in
  bench) WANTED=("${RUNTIME[@]}" "${BUILD[@]}" "${TEST[@]}" "${BENCH[@]}") ;;
  runtime) WANTED=("${RUNTIME[@]}") ;;
  build) WANTED=("${RUNTIME[@]}" "${BUILD[@]}") ;;
  all) WANTED=("${RUNTIME[@]}" "${BUILD[@]}" "${TEST[@]}") ;;
  *) echo "usage: $0 [runtime|build|all|bench]" >&2; exit 2 ;;
esac

# The photo fixtures need one real face: the public-domain astronaut.png, taken out of Debian's
# python3-skimage package without installing it (that package pulls in ~130 others).
fetch_face_image() {
  local cached="$HOME/.cache/dossier/astronaut.png"
  if [ -n "${DOSSIER_FACE_IMAGE:-}" ] || [ -f "$cached" ] ||
     [ -f /usr/lib/python3/dist-packages/skimage/data/astronaut.png ]; then
    return 0
  fi
  echo "setup: fetching the test face image (astronaut.png from python3-skimage)"
  "$(dirname "$0")/../tests/fixtures/fetch-face-image.sh" "$cached" >/dev/null ||
    { echo "setup: could not fetch astronaut.png (apt-get download python3-skimage failed)" >&2; exit 1; }
}

missing=()
for package in "${WANTED[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#WANTED[@]} packages present"
  [ "${1:-all}" = runtime ] || fetch_face_image
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  echo "setup: missing packages and neither root nor sudo: ${missing[*]}" >&2
  echo "setup: install them as root: apt-get install ${missing[*]}" >&2
  exit 1
fi

if ! grep -qs "bookworm" /etc/os-release; then
  echo "setup: warning: this is not Debian 12 (bookworm); package names may differ" >&2
fi

echo "setup: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! "${SUDO[@]}" apt-get update -qq; then
  echo "setup: apt-get update failed (network or sources); cannot install: ${missing[*]}" >&2
  exit 1
fi
if ! "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
  echo "setup: apt-get install failed for: ${missing[*]}" >&2
  exit 1
fi
[ "${1:-all}" = runtime ] || fetch_face_image
echo "setup: done"
