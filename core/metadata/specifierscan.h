// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internal to the metadata module: packaging's Specifier regex (operator + version), used
// anchored by Specifier::parse and unanchored by the PEP 508 tokenizer.

#include <QStringView>

#include "core/metadata/specifier.h"

namespace Metadata::Detail {

struct SpecifierMatch {
    qsizetype end = -1; // one past the match; -1 when nothing matches
    Specifier::Operator op = Specifier::Operator::Equal;
    qsizetype versionStart = 0; // right after the operator
};

// Unanchored: the first operator (in packaging's alternation order) whose version matches.
SpecifierMatch matchSpecifierPrefix(QStringView text, qsizetype pos);
// Anchored: the whole text, with surrounding whitespace, is one specifier.
SpecifierMatch matchSpecifierExact(QStringView text);

} // namespace Metadata::Detail
