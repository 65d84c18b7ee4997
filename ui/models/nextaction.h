// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/**
 * The next sensible step for a project, from what the Overview knows: metadata problems first,
 * then building the current version, checking, the test registry, production. Pure.
 */
struct NextActionInput {
    int metadataErrors = 0;
    QString version;            // the static version; empty when dynamic or missing
    int distFiles = 0;          // files in dist/
    int distFilesOfVersion = 0; // of them, named with version (all of them when version is empty)
    int failingFiles = 0;       // of those, with the verdict error
    bool checking = false;      // verdicts still coming
    bool testConfigured = false;
    bool onTest = false;        // version already on the test registry
    bool onProduction = false;  // version already on the production registry
};

struct NextAction {
    QString text;   // the button: "Fix 2 metadata problems"
    QString reason; // one sentence: why this is next
    QString page;   // the page that does it ("Metadata", "Build & Check", "Release"); empty: nothing to do
};

[[nodiscard]] NextAction nextAction(const NextActionInput &input);
