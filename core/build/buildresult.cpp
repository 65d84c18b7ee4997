// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/build/buildresult.h"

using namespace Qt::StringLiterals;

namespace Build {

QString errorCodeName(BuildError::Code code)
{
    switch (code) {
    case BuildError::Code::NoProject:
        return u"no-project"_s;
    case BuildError::Code::InvalidConfiguration:
        return u"invalid-configuration"_s;
    case BuildError::Code::PythonNotFound:
        return u"python-not-found"_s;
    case BuildError::Code::PythonIncompatible:
        return u"python-incompatible"_s;
    case BuildError::Code::MissingDependencies:
        return u"missing-dependencies"_s;
    case BuildError::Code::EnvironmentFailed:
        return u"environment-failed"_s;
    case BuildError::Code::BackendUnavailable:
        return u"backend-unavailable"_s;
    case BuildError::Code::HookMissing:
        return u"hook-missing"_s;
    case BuildError::Code::BackendFailed:
        return u"backend-failed"_s;
    case BuildError::Code::BackendCrashed:
        return u"backend-crashed"_s;
    case BuildError::Code::BadBackendResult:
        return u"bad-backend-result"_s;
    case BuildError::Code::UnpackFailed:
        return u"unpack-failed"_s;
    case BuildError::Code::OutputFailed:
        return u"output-failed"_s;
    case BuildError::Code::Cancelled:
        return u"cancelled"_s;
    case BuildError::Code::TimedOut:
        return u"timed-out"_s;
    case BuildError::Code::Internal:
        return u"internal"_s;
    }
    return u"internal"_s;
}

} // namespace Build
