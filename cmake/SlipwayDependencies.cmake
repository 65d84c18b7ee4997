# Every third-party library Slipway uses, found once. All come from Debian 12 packages
# (scripts/install-deps.sh installs them).
find_package(Qt6 6.4 REQUIRED COMPONENTS Core Network Concurrent Widgets Test)
find_package(QuaZip-Qt6 REQUIRED)
find_package(LibArchive REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(Qt6Keychain REQUIRED)
find_package(PkgConfig REQUIRED)
# cmark-gfm and gumbo ship pkg-config files only.
pkg_check_modules(CMARK_GFM REQUIRED IMPORTED_TARGET libcmark-gfm)
pkg_check_modules(GUMBO REQUIRED IMPORTED_TARGET gumbo)
