// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/util/buildidentity.h"

#include <cstring>

#include <elf.h>
#include <link.h>

namespace Util {

namespace {

struct Search {
    ElfW(Addr) address = 0; // an address inside the binary we look for
    QByteArray buildId;
};

// The NT_GNU_BUILD_ID note in one PT_NOTE segment, or empty.
QByteArray buildIdInNotes(const char *notes, size_t size)
{
    size_t offset = 0;
    while (offset + sizeof(ElfW(Nhdr)) <= size) {
        ElfW(Nhdr) header;
        std::memcpy(&header, notes + offset, sizeof header);
        const size_t nameOffset = offset + sizeof header;
        const size_t descriptionOffset = nameOffset + ((header.n_namesz + 3) & ~size_t(3));
        const size_t next = descriptionOffset + ((header.n_descsz + 3) & ~size_t(3));
        if (next > size || next <= offset) {
            break;
        }
        if (header.n_type == NT_GNU_BUILD_ID && header.n_namesz == 4
            && std::memcmp(notes + nameOffset, "GNU", 4) == 0) {
            return QByteArray(notes + descriptionOffset, static_cast<qsizetype>(header.n_descsz));
        }
        offset = next;
    }
    return {};
}

int visit(dl_phdr_info *info, size_t, void *data)
{
    auto *search = static_cast<Search *>(data);
    bool holdsAddress = false;
    for (ElfW(Half) i = 0; i < info->dlpi_phnum && !holdsAddress; ++i) {
        const ElfW(Phdr) &segment = info->dlpi_phdr[i];
        const ElfW(Addr) start = info->dlpi_addr + segment.p_vaddr;
        holdsAddress = segment.p_type == PT_LOAD && search->address >= start
            && search->address < start + segment.p_memsz;
    }
    if (!holdsAddress) {
        return 0;
    }
    for (ElfW(Half) i = 0; i < info->dlpi_phnum && search->buildId.isEmpty(); ++i) {
        const ElfW(Phdr) &segment = info->dlpi_phdr[i];
        if (segment.p_type == PT_NOTE) {
            search->buildId = buildIdInNotes(reinterpret_cast<const char *>(info->dlpi_addr + segment.p_vaddr),
                                             segment.p_memsz);
        }
    }
    return 1;
}

QByteArray computeBuildIdentity()
{
    Search search;
    search.address = reinterpret_cast<ElfW(Addr)>(&buildIdentity);
    dl_iterate_phdr(visit, &search);
    if (search.buildId.isEmpty()) {
        return {};
    }
    QByteArray identity(SLIPWAY_VERSION "-");
    identity.append(search.buildId.toHex());
    return identity;
}

} // namespace

QByteArray buildIdentity()
{
    static const QByteArray identity = computeBuildIdentity();
    return identity;
}

} // namespace Util
