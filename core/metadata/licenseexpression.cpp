// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/metadata/licenseexpression.h"

#include <QFile>
#include <QHash>
#include <QSet>

namespace Metadata {

namespace {

struct SpdxLists {
    QHash<QString, QString> licenses;   // lower-case id -> SPDX spelling (current and deprecated)
    QHash<QString, QString> exceptions; // lower-case id -> SPDX spelling
    QSet<QString> deprecated;           // lower-case ids
    QStringList licenseOrder;
    QStringList exceptionOrder;
};

QList<QString> readLines(const QString &path)
{
    QFile file(path);
    QList<QString> lines;
    if (!file.open(QIODevice::ReadOnly)) {
        qWarning("Slipway: cannot open bundled list %s", qPrintable(path));
        return lines;
    }
    for (const QByteArray &raw : file.readAll().split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (!line.isEmpty()) {
            lines.append(line);
        }
    }
    return lines;
}

const SpdxLists &spdxLists()
{
    static const SpdxLists lists = [] {
        SpdxLists result;
        for (const QString &id : readLines(QStringLiteral(":/slipway/data/spdx-license-ids.txt"))) {
            result.licenses.insert(id.toLower(), id);
            result.licenseOrder.append(id);
        }
        for (const QString &id : readLines(QStringLiteral(":/slipway/data/spdx-license-ids-deprecated.txt"))) {
            result.licenses.insert(id.toLower(), id);
            result.deprecated.insert(id.toLower());
            result.licenseOrder.append(id);
        }
        for (const QString &id : readLines(QStringLiteral(":/slipway/data/spdx-exceptions.txt"))) {
            result.exceptions.insert(id.toLower(), id);
            result.exceptionOrder.append(id);
        }
        return result;
    }();
    return lists;
}

// Python's repr() of a str, as packaging puts it in its messages.
QString pythonRepr(QStringView text)
{
    const QChar quote = text.contains(u'\'') && !text.contains(u'"') ? u'"' : u'\'';
    QString result(quote);
    for (const QChar c : text) {
        if (c == u'\\' || c == quote) {
            result += u'\\';
            result += c;
        } else if (c == u'\n') {
            result += QStringLiteral("\\n");
        } else if (c == u'\r') {
            result += QStringLiteral("\\r");
        } else if (c == u'\t') {
            result += QStringLiteral("\\t");
        } else if (c.unicode() < 0x20 || c.unicode() == 0x7f) {
            result += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        } else {
            result += c;
        }
    }
    result += quote;
    return result;
}

bool isOperator(const QString &token)
{
    return token == u"or" || token == u"and" || token == u"with" || token == u"(" || token == u")";
}

// packaging turns the token stream into a Python boolean expression (every id becomes False,
// WITH becomes `or`) and evaluates it; valid means it evaluates to False. That accepts exactly
// expr := term (op term)*, term := ID | "(" expr ")". It also refuses "(" right after
// anything but AND/OR (so "((MIT))" is invalid there, and here).
bool isValidSyntax(const QStringList &tokens)
{
    QStringList python;
    for (const QString &token : tokens) {
        if (!isOperator(token)) {
            python.append(QStringLiteral("id"));
        } else if (token == u"with") {
            python.append(QStringLiteral("or"));
        } else if (token == u"(" && !python.isEmpty() && python.constLast() != u"or" && python.constLast() != u"and") {
            return false;
        } else {
            python.append(token);
        }
    }
    // Recursive-descent check without recursion: track depth and whether a term is expected.
    int depth = 0;
    bool expectTerm = true;
    for (const QString &token : std::as_const(python)) {
        if (expectTerm) {
            if (token == u"id") {
                expectTerm = false;
            } else if (token == u"(") {
                ++depth;
            } else {
                return false;
            }
        } else {
            if (token == u"or" || token == u"and") {
                expectTerm = true;
            } else if (token == u")" && depth > 0) {
                --depth;
            } else {
                return false;
            }
        }
    }
    return !expectTerm && depth == 0;
}

bool isValidLicenseRefTail(QStringView text)
{
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        const bool ok = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'.' ||
                        u == u'-';
        if (!ok) {
            return false;
        }
    }
    return true;
}

std::unexpected<LicenseExpressionError> failure(LicenseExpressionError::Code code, const QString &message)
{
    return std::unexpected(LicenseExpressionError{code, message});
}

} // namespace

std::expected<LicenseExpression, LicenseExpressionError> LicenseExpression::parse(QStringView expression)
{
    const QString raw = expression.toString();
    const auto invalid = [&raw] {
        return failure(LicenseExpressionError::Code::Invalid,
                       QStringLiteral("Invalid license expression: %1").arg(pythonRepr(raw)));
    };
    if (raw.isEmpty()) {
        return invalid();
    }
    QString padded = raw;
    padded.replace(u'(', QStringLiteral(" ( ")).replace(u')', QStringLiteral(" ) "));
    // str.split() with no argument: any whitespace, no empty parts.
    QStringList original;
    QString current;
    for (const QChar c : std::as_const(padded)) {
        if (c.isSpace()) {
            if (!current.isEmpty()) {
                original.append(current);
                current.clear();
            }
        } else {
            current += c;
        }
    }
    if (!current.isEmpty()) {
        original.append(current);
    }

    static const QString refPrefix = QStringLiteral("licenseref-");
    QHash<QString, QString> licenseRefs;
    for (const QString &token : std::as_const(original)) {
        if (token.toLower().startsWith(refPrefix)) {
            licenseRefs.insert(token.toLower(), QStringLiteral("LicenseRef-") + token.mid(refPrefix.size()));
        }
    }
    QStringList tokens;
    tokens.reserve(original.size());
    for (const QString &token : std::as_const(original)) {
        tokens.append(token.toLower());
    }
    if (!isValidSyntax(tokens)) {
        return invalid();
    }

    const SpdxLists &lists = spdxLists();
    LicenseExpression result;
    QStringList normalized;
    for (const QString &token : std::as_const(tokens)) {
        if (isOperator(token)) {
            normalized.append(token.toUpper());
            continue;
        }
        if (!normalized.isEmpty() && normalized.constLast() == u"WITH") {
            const auto exception = lists.exceptions.constFind(token);
            if (exception == lists.exceptions.cend()) {
                return failure(LicenseExpressionError::Code::UnknownException,
                               QStringLiteral("Unknown license exception: %1").arg(pythonRepr(token)));
            }
            normalized.append(*exception);
            result.m_exceptionIds.append(*exception);
            continue;
        }
        QString id = token;
        QString suffix;
        if (id.endsWith(u'+')) {
            id.chop(1);
            suffix = QStringLiteral("+");
        }
        if (id.startsWith(refPrefix)) {
            if (!isValidLicenseRefTail(QStringView(id).mid(refPrefix.size()))) {
                return failure(LicenseExpressionError::Code::InvalidLicenseRef,
                               QStringLiteral("Invalid licenseref: %1").arg(pythonRepr(id)));
            }
            // The map is keyed by whole tokens; "LicenseRef-x+" is there under its own key.
            const QString ref = licenseRefs.value(id, licenseRefs.value(token));
            QString spelled = ref.isEmpty() ? QStringLiteral("LicenseRef-") + id.mid(refPrefix.size()) : ref;
            if (spelled.endsWith(u'+') && !suffix.isEmpty()) {
                spelled.chop(1);
            }
            normalized.append(spelled + suffix);
            result.m_licenseRefs.append(spelled);
            continue;
        }
        const auto license = lists.licenses.constFind(id);
        if (license == lists.licenses.cend()) {
            return failure(LicenseExpressionError::Code::UnknownLicense,
                           QStringLiteral("Unknown license: %1").arg(pythonRepr(id)));
        }
        normalized.append(*license + suffix);
        result.m_licenseIds.append(*license);
        if (lists.deprecated.contains(id) && !result.m_deprecatedIds.contains(*license)) {
            result.m_deprecatedIds.append(*license);
        }
    }
    result.m_canonical = normalized.join(u' ');
    result.m_canonical.replace(QStringLiteral("( "), QStringLiteral("(")).replace(QStringLiteral(" )"), QStringLiteral(")"));
    return result;
}

QStringList LicenseExpression::knownLicenseIds()
{
    return spdxLists().licenseOrder;
}

QStringList LicenseExpression::knownExceptionIds()
{
    return spdxLists().exceptionOrder;
}

bool LicenseExpression::isDeprecatedLicenseId(QStringView id)
{
    return spdxLists().deprecated.contains(id.toString().toLower());
}

} // namespace Metadata
