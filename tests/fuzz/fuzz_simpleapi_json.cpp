// SPDX-License-Identifier: GPL-3.0-or-later
// PEP 691 JSON pages, the project list and the PyPI JSON API: hostile input never crashes, and
// what parses keeps the documented shape.
#include <QByteArrayView>
#include <QUrl>

#include <cstddef>
#include <cstdint>

#include "core/index/jsonapi.h"
#include "core/index/simpleapi.h"

namespace {

void check(bool condition)
{
    if (!condition) {
        __builtin_trap();
    }
}

bool isLowerHex(const QString &text)
{
    for (const QChar c : text) {
        if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f'))) {
            return false;
        }
    }
    return !text.isEmpty();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const QUrl pageUrl(QStringLiteral("https://index.example/simple/demo/"));
    const QByteArrayView body(reinterpret_cast<const char *>(data), qsizetype(size));
    if (const auto page = Index::SimpleApi::parseProjectJson(body, pageUrl)) {
        check(page->found && page->format == Index::PageFormat::Json);
        for (const Index::DistributionFile &file : page->files) {
            check(!file.filename.isEmpty());
            check(file.url.isValid() && !file.url.hasFragment());
            for (auto it = file.hashes.begin(); it != file.hashes.end(); ++it) {
                check(isLowerHex(it.value()));
            }
            check(!file.size || *file.size >= 0);
            check(file.yanked || file.yankedReason.isEmpty());
        }
    } else {
        check(!page.error().message.isEmpty());
    }
    if (const auto list = Index::SimpleApi::parseProjectListJson(body, pageUrl)) {
        for (const QString &name : list->names) {
            check(!name.isEmpty());
        }
    }
    if (const auto project = Index::JsonApi::parseProject(body, pageUrl)) {
        check(project->found);
        for (const Index::Release &release : project->releases) {
            for (const Index::ReleaseFile &file : release.files) {
                check(!file.filename.isEmpty());
            }
        }
        Q_UNUSED(project->highestVersion(true));
        Q_UNUSED(project->release(project->latestVersion));
    } else {
        check(!project.error().message.isEmpty());
    }
    return 0;
}
