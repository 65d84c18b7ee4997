// SPDX-License-Identifier: GPL-3.0-or-later
// PEP 503 HTML pages through gumbo: hostile input never crashes or hangs, and every file
// found has a name and a URL without its hash fragment.
#include <QByteArrayView>
#include <QUrl>

#include <cstddef>
#include <cstdint>

#include "core/index/simpleapi.h"

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
    static const QUrl pageUrl(QStringLiteral("https://index.example/simple/demo/"));
    const QByteArrayView body(reinterpret_cast<const char *>(data), qsizetype(size));
    if (const auto page = Index::SimpleApi::parseProjectHtml(body, pageUrl)) {
        check(page->found && page->format == Index::PageFormat::Html);
        for (const Index::DistributionFile &file : page->files) {
            check(!file.filename.isEmpty());
            check(file.url.isValid() && !file.url.hasFragment());
            check(file.hashes.size() <= 1);
            check(file.yanked || file.yankedReason.isEmpty());
        }
    } else {
        check(!page.error().message.isEmpty());
    }
    if (const auto list = Index::SimpleApi::parseProjectListHtml(body, pageUrl)) {
        for (const QString &name : list->names) {
            check(!name.isEmpty());
        }
    }
    return 0;
}
