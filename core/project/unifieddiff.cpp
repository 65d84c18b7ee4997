// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/project/unifieddiff.h"

#include <QList>

#include <algorithm>
#include <vector>

namespace Project {

namespace {

// Lines with their line breaks.
QList<QByteArray> splitLines(const QByteArray &text)
{
    QList<QByteArray> lines;
    qsizetype start = 0;
    while (start < text.size()) {
        const qsizetype end = text.indexOf('\n', start);
        if (end < 0) {
            lines.append(text.mid(start));
            break;
        }
        lines.append(text.mid(start, end - start + 1));
        start = end + 1;
    }
    return lines;
}

struct Op {
    char kind; // ' ', '-', '+'
    qsizetype oldLine;
    qsizetype newLine;
};

// Edit script over the lines that differ; common prefix and suffix are trimmed first, so the
// quadratic table only spans the changed region (tiny for edits made by the editor).
std::vector<Op> script(const QList<QByteArray> &a, const QList<QByteArray> &b)
{
    qsizetype prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a.at(prefix) == b.at(prefix)) {
        ++prefix;
    }
    qsizetype suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
           a.at(a.size() - 1 - suffix) == b.at(b.size() - 1 - suffix)) {
        ++suffix;
    }
    const qsizetype n = a.size() - prefix - suffix;
    const qsizetype m = b.size() - prefix - suffix;
    std::vector<Op> ops;
    for (qsizetype i = 0; i < prefix; ++i) {
        ops.push_back({' ', i, i});
    }
    if (n * m <= 4'000'000) {
        std::vector<std::vector<int>> table(size_t(n + 1), std::vector<int>(size_t(m + 1), 0));
        for (qsizetype i = n - 1; i >= 0; --i) {
            for (qsizetype j = m - 1; j >= 0; --j) {
                table[size_t(i)][size_t(j)] = a.at(prefix + i) == b.at(prefix + j)
                                                   ? table[size_t(i + 1)][size_t(j + 1)] + 1
                                                   : std::max(table[size_t(i + 1)][size_t(j)], table[size_t(i)][size_t(j + 1)]);
            }
        }
        qsizetype i = 0;
        qsizetype j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.at(prefix + i) == b.at(prefix + j)) {
                ops.push_back({' ', prefix + i++, prefix + j++});
            } else if (j < m && (i == n || table[size_t(i)][size_t(j + 1)] >= table[size_t(i + 1)][size_t(j)])) {
                ops.push_back({'+', prefix + i, prefix + j++});
            } else {
                ops.push_back({'-', prefix + i++, prefix + j});
            }
        }
    } else {
        for (qsizetype i = 0; i < n; ++i) {
            ops.push_back({'-', prefix + i, prefix});
        }
        for (qsizetype j = 0; j < m; ++j) {
            ops.push_back({'+', prefix + n, prefix + j});
        }
    }
    for (qsizetype k = 0; k < suffix; ++k) {
        ops.push_back({' ', a.size() - suffix + k, b.size() - suffix + k});
    }
    // Within a change, show removals before additions, as diff -u does.
    for (size_t start = 0; start < ops.size();) {
        if (ops[start].kind == ' ') {
            ++start;
            continue;
        }
        size_t end = start;
        while (end < ops.size() && ops[end].kind != ' ') {
            ++end;
        }
        std::stable_partition(ops.begin() + qsizetype(start), ops.begin() + qsizetype(end),
                              [](const Op &op) { return op.kind == '-'; });
        start = end;
    }
    return ops;
}

QByteArray range(qsizetype start, qsizetype count)
{
    // diff -u: "start,count", "start" when count is 1, and the line before when count is 0.
    if (count == 1) {
        return QByteArray::number(start + 1);
    }
    return QByteArray::number(count == 0 ? start : start + 1) + ',' + QByteArray::number(count);
}

void appendLine(QByteArray &out, char kind, const QByteArray &line)
{
    out += kind;
    out += line;
    if (!line.endsWith('\n')) {
        out += "\n\\ No newline at end of file\n";
    }
}

} // namespace

QByteArray unifiedDiff(const QByteArray &before, const QByteArray &after, const QString &fromLabel,
                       const QString &toLabel, int context)
{
    if (before == after) {
        return {};
    }
    const QList<QByteArray> a = splitLines(before);
    const QList<QByteArray> b = splitLines(after);
    const std::vector<Op> ops = script(a, b);
    QByteArray out = "--- " + fromLabel.toUtf8() + "\n+++ " + toLabel.toUtf8() + "\n";
    size_t index = 0;
    while (index < ops.size()) {
        while (index < ops.size() && ops[index].kind == ' ') {
            ++index;
        }
        if (index == ops.size()) {
            break;
        }
        size_t start = index >= size_t(context) ? index - size_t(context) : 0;
        // Extend the hunk while the next change is within 2 * context unchanged lines.
        size_t end = index;
        for (;;) {
            while (end < ops.size() && ops[end].kind != ' ') {
                ++end;
            }
            size_t unchanged = end;
            while (unchanged < ops.size() && ops[unchanged].kind == ' ') {
                ++unchanged;
            }
            if (unchanged < ops.size() && unchanged - end <= size_t(2 * context)) {
                end = unchanged;
                continue;
            }
            end = std::min(ops.size(), end + size_t(context));
            break;
        }
        qsizetype oldCount = 0;
        qsizetype newCount = 0;
        qsizetype oldStart = ops[start].oldLine;
        qsizetype newStart = ops[start].newLine;
        for (size_t k = start; k < end; ++k) {
            oldCount += ops[k].kind != '+';
            newCount += ops[k].kind != '-';
            oldStart = std::min(oldStart, ops[k].oldLine);
            newStart = std::min(newStart, ops[k].newLine);
        }
        out += "@@ -" + range(oldStart, oldCount) + " +" + range(newStart, newCount) + " @@\n";
        for (size_t k = start; k < end; ++k) {
            const Op &op = ops[k];
            appendLine(out, op.kind, op.kind == '+' ? b.at(op.newLine) : a.at(op.oldLine));
        }
        index = end;
    }
    return out;
}

} // namespace Project
