// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

namespace Dist {

/**
 * The `.dist-info/WHEEL` file of a wheel: email-style headers (`Wheel-Version: 1.0`,
 * `Generator`, `Root-Is-Purelib`, one `Tag` per expanded tag, `Build`). parse() never fails:
 * whatever is wrong is listed in issues (plain-language sentences) and the fields that could be
 * read are kept. A plain value type.
 */
struct WheelInfo {
    QString wheelVersion;
    QString generator;
    std::optional<bool> rootIsPurelib;
    QStringList tags;
    QString build;
    QList<std::pair<QString, QString>> fields; // every header in file order
    QStringList issues;

    [[nodiscard]] static WheelInfo parse(const QByteArray &bytes);
};

} // namespace Dist
