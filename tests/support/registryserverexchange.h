// SPDX-License-Identifier: GPL-3.0-or-later
// Internal to the registry server: the state of one request while it is being received and
// answered. Shared by registryserver.cpp, registryserverupload.cpp and registryserverpages.cpp.
#pragma once

#include <QFile>
#include <QPointer>

#include <memory>
#include <optional>

#include "core/dist/hasher.h"
#include "tests/support/registryserver.h"
#include "tests/support/registryserverbodypipeline.h"
#include "tests/support/registryservermultipart.h"

namespace TestSupport {

// One part of an upload's multipart body.
struct RegistryServerPart {
    QString name;
    bool isFile = false;
    QString filename;
    QByteArray contentType;
    QByteArray data;   // plain fields only; the content part goes to the spool file
    qint64 size = 0;
};

struct RegistryServer::Exchange {
    using Part = RegistryServerPart;

    QPointer<HttpConnection> connection;
    HttpRequestHead head;
    RecordedRequest record;
    bool finished = false;

    QString route;   // decoded path without the /mirror prefix
    QString prefix;  // "" or "/mirror"
    RegistryFault::Target target = RegistryFault::Target::Any;

    // Faults that apply to this request.
    std::optional<RegistryFault> terminal;
    int delayMs = 0;
    qint64 dropAfterBodyBytes = -1;

    // Upload state.
    bool isUpload = false;
    std::unique_ptr<MultipartParser> parser;
    // Parses, hashes and spools the body off the server's thread (everything below, up to the
    // digests, belongs to the pipeline's thread until pipeline->finish()).
    std::unique_ptr<BodyPipeline> pipeline;
    QString spoolPath;
    QString multipartError;
    QList<Part> parts;
    qsizetype fieldBytes = 0;
    bool inContent = false;
    int contentParts = 0;
    QString contentFilename;
    QByteArray contentType;
    std::unique_ptr<QFile> spool;
    bool spoolFailed = false;
    qint64 contentSize = 0;
    std::unique_ptr<Dist::Hasher> sha256;
    std::unique_ptr<Dist::Hasher> blake2;
    std::unique_ptr<Dist::Hasher> md5;
    QByteArray sha256Hex;
    QByteArray blake2Hex;
    QByteArray md5Hex;

    ~Exchange()
    {
        pipeline.reset();
        if (spool) {
            spool->remove();
        }
    }
};

} // namespace TestSupport
