// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace Check {

// Syntax checks PyPI applies to metadata values beyond what packaging does. Pure functions,
// thread-safe.

// The addresses in an RFC 822 address list ("A <a@x.org>, b@y.org", quoted names with commas
// allowed): the part inside <...>, or the bare address; comments and empty entries dropped.
[[nodiscard]] QStringList emailAddresses(QStringView addressList);

// Why the address is not one email_validator accepts with PyPI's settings (no deliverability
// check, no quoted local part, no IP literal, a globally usable domain), or nullopt when it is.
[[nodiscard]] std::optional<QString> emailAddressProblem(QStringView address);

// Why the URL is not one Warehouse's is_valid_uri(require_authority=False) accepts (an http or
// https URI whose parts are valid RFC 3986), or nullopt when it is.
[[nodiscard]] std::optional<QString> httpUrlProblem(QStringView url);

// A Python identifier (ASCII rules, plus any Unicode letter, as str.isidentifier roughly has it).
[[nodiscard]] bool isPythonIdentifier(QStringView text);

} // namespace Check
