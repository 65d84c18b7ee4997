// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internal to the metadata module: one greedy scanner for the PEP 440 grammar that both
// packaging's Version regex and its Specifier regex use. The grammar has no real ambiguity
// (digit runs are never followed by a digit, separators before a label are optional in both
// places, and the longest label is the only one that can match), so a single greedy pass finds
// exactly what Python's backtracking regex finds, in linear time.

#include <QList>
#include <QStringView>

namespace Metadata::Detail {

struct VersionScanOptions {
    bool allowLocal = true;
    bool allowWildcard = false; // "==1.0.*" (only right after the release)
    int minReleaseParts = 1;    // 2 for "~="
};

struct VersionScan {
    bool matched = false;  // a version starts at the position
    qsizetype end = 0;     // one past the longest match
    QStringView epoch;     // digits, or empty
    QList<QStringView> release;
    bool hasPre = false;
    QStringView preLabel;  // as written ("alpha", "C", ...)
    QStringView preNumber; // digits, or empty
    bool hasPost = false;
    QStringView postNumber;
    bool hasDev = false;
    QStringView devNumber;
    bool hasLocal = false;
    QStringView local;     // after '+'
    bool wildcard = false;
};

// Matches at `pos` (no leading whitespace skipped). The 'v' prefix is accepted.
VersionScan scanVersion(QStringView text, qsizetype pos, const VersionScanOptions &options);

} // namespace Metadata::Detail
