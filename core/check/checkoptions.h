// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QtGlobal>

namespace Check {

// PyPI's default per-file upload limit (Warehouse MAX_FILESIZE = 100 MiB).
inline constexpr qint64 PyPiMaxFileSize = 100LL * 1024 * 1024;

// How a check runs. A plain value type.
struct CheckOptions {
    // Warnings count as errors (twine check --strict): the findings are reported with
    // severity error and fail the file.
    bool strict = false;
    // Above this size a file gets SW500 (PyPI's default limit; projects can have a raised one).
    qint64 maxFileSize = PyPiMaxFileSize;
    // Render reStructuredText descriptions through docutils (a Python child process). Off: an
    // RST description is reported as not verified (SW403).
    bool renderDescriptions = true;
    // Let Readme::validateRst prove ordinary reStructuredText descriptions clean, so that only
    // the others go through docutils (Python starts only if one does). Off: every RST
    // description goes through docutils (slipway check --docutils).
    bool nativeRst = true;
    // The Python interpreter that renders reStructuredText; empty means python3 on PATH.
    QString python;
    // Keep reStructuredText renderings between runs (RstCache), so that a description checked
    // before is not rendered again while Python, docutils and pygments are unchanged.
    bool useRenderCache = true;
    // Where; empty means RstCache::defaultDirectory().
    QString renderCacheDirectory;
};

} // namespace Check
