// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QSet>
#include <QString>

namespace Readme {

/**
 * Heading ids as comrak's header_ids extension makes them (comrak src/html/anchorizer.rs):
 * lower-case the heading text, keep only letters, marks, numbers, connector punctuation
 * ('_'), '-' and spaces, turn spaces into '-', and make each id unique in the document by
 * appending -1, -2, ... Use one Anchorizer per document. Not thread-safe; cheap to create.
 */
class Anchorizer final
{
public:
    [[nodiscard]] QString anchorize(const QString &headingText);

private:
    QSet<QString> m_ids;
    QHash<QString, int> m_nextSuffix;
};

} // namespace Readme
