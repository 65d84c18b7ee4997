// SPDX-License-Identifier: GPL-3.0-or-later
// Release journals (.slipway/releases/*.json, hand-editable): any bytes either load or give an
// error with a message; what loads is written and read back, and the second reading is stable.
#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstddef>
#include <cstdint>

#include "core/release/releasejournal.h"

namespace {

void check(bool condition)
{
    if (!condition) {
        __builtin_trap();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray content(reinterpret_cast<const char *>(data), qsizetype(size));
    const QJsonDocument document = QJsonDocument::fromJson(content);
    if (!document.isObject()) {
        return 0;
    }
    const auto journal = Release::ReleaseJournal::fromJson(document.object());
    if (!journal) {
        check(!journal.error().message.isEmpty());
        return 0;
    }
    check(journal->stages.size() == Release::allStages().size());
    const QString fileName = journal->fileName();
    check(!fileName.contains(u'/') && !fileName.contains(u'\\') && !fileName.startsWith(u'.'));
    [[maybe_unused]] const auto next = journal->nextStage();
    const auto again = Release::ReleaseJournal::fromJson(journal->toJson());
    check(again.has_value());
    check(again->files.size() == journal->files.size());
    const auto third = Release::ReleaseJournal::fromJson(again->toJson());
    check(third.has_value());
    check(third->toJson() == again->toJson());
    return 0;
}
