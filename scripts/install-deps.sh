#!/usr/bin/env bash
# Installs the Debian 12 packages Slipway needs to build, run and test.
# Idempotent and quiet: prints nothing and touches nothing when all are present.
set -euo pipefail

packages=(
    # toolchain
    build-essential cmake ninja-build pkg-config git
    # libraries (see DEVELOPERS.md, stack)
    qt6-base-dev qt6-base-dev-tools libqt6svg6 libquazip1-qt6-dev libarchive-dev libssl-dev
    libtomlplusplus-dev qtkeychain-qt6-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libgumbo-dev libdeflate-dev
    # the test session: a real Secret Service inside dbus-run-session, offscreen and Xvfb rendering
    dbus gnome-keyring libsecret-tools xvfb xauth fonts-dejavu-core
    # the peers we compare against, the Python we drive, and the backends we build with
    python3 python3-venv python3-pip python3-docutils twine python3-build python3-readme-renderer
    python3-setuptools python3-wheel python3-hatchling flit python3-poetry-core python3-packaging
    # the macaroon library PyPI builds its tokens with (token decoding is checked against it)
    python3-pymacaroons
    coreutils time
    # packaging: the .deb (dpkg-shlibdeps), desktop entry and metainfo checks, icon rendering, zsh completion check
    dpkg-dev desktop-file-utils appstream librsvg2-bin zsh
)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$package")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
echo "Installing ${#missing[@]} missing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
