// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/readme/anchorizer.h"


namespace Readme {

namespace {

bool isPermitted(char32_t c)
{
    if (c == U' ' || c == U'-') {
        return true;
    }
    switch (QChar::category(c)) {
    case QChar::Letter_Uppercase:
    case QChar::Letter_Lowercase:
    case QChar::Letter_Titlecase:
    case QChar::Letter_Modifier:
    case QChar::Letter_Other:
    case QChar::Mark_NonSpacing:
    case QChar::Mark_SpacingCombining:
    case QChar::Mark_Enclosing:
    case QChar::Number_DecimalDigit:
    case QChar::Number_Letter:
    case QChar::Number_Other:
    case QChar::Punctuation_Connector:
        return true;
    default:
        return false;
    }
}

} // namespace

QString Anchorizer::anchorize(const QString &headingText)
{
    const QString lower = headingText.toLower();
    QString id;
    id.reserve(lower.size());
    for (const char32_t c : lower.toUcs4()) {
        if (!isPermitted(c)) {
            continue;
        }
        if (c == U' ') {
            id += u'-';
        } else {
            id += QStringView(QChar::fromUcs4(c));
        }
    }

    int suffix = m_nextSuffix.value(id, 0);
    QString chosen;
    for (;;) {
        chosen = suffix == 0 ? id : id + u'-' + QString::number(suffix);
        if (!m_ids.contains(chosen)) {
            break;
        }
        ++suffix;
    }
    m_ids.insert(chosen);
    m_nextSuffix.insert(id, suffix + 1);
    return chosen;
}

} // namespace Readme
