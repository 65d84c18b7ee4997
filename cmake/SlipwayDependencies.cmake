# Every third-party library Slipway uses, found once. All come from Debian 12 packages
# (scripts/install-deps.sh installs them).
find_package(Qt6 6.4 REQUIRED COMPONENTS Core Network Concurrent Widgets Test)
find_package(QuaZip-Qt6 REQUIRED)
find_package(LibArchive REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(Qt6Keychain REQUIRED)
find_package(PkgConfig REQUIRED)
# cmark-gfm, gumbo and libdeflate ship pkg-config files only.
pkg_check_modules(CMARK_GFM REQUIRED IMPORTED_TARGET libcmark-gfm)
pkg_check_modules(GUMBO REQUIRED IMPORTED_TARGET gumbo)
pkg_check_modules(LIBDEFLATE IMPORTED_TARGET libdeflate)
if(NOT LIBDEFLATE_FOUND)
    message(FATAL_ERROR "libdeflate was not found (Debian: apt install libdeflate-dev, or run scripts/install-deps.sh); "
                        "core/dist inflates archive members with it.")
endif()
