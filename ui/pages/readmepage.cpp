// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/readmepage.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QFontDatabase>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSplitter>
#include <QStyle>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrentRun>

#include "core/check/descriptionrules.h"
#include "core/readme/contenttype.h"
#include "core/readme/renderjob.h"
#include "ui/pages/incrementalhtmldocument.h"
#include "ui/projectdocument.h"

namespace {

constexpr int lineRole = Qt::UserRole + 1;
constexpr int codeRole = Qt::UserRole + 2;

// A preview set in parts: the first part fills a screen or two; each further part is sized to
// take about fillStepMilliseconds of the UI thread, at the rate measured on the parts before
// (smoothed: a part of tables takes three times as long as one of paragraphs).
constexpr qsizetype firstPartCharacters = 12000;
constexpr double initialCharactersPerMillisecond = 500;
constexpr qsizetype minimumPartCharacters = 500;
constexpr qsizetype maximumPartCharacters = 16000;
constexpr double fillStepMilliseconds = 6;

// The content types the switch offers, as written into metadata.
struct TypeChoice {
    const char *label;
    const char *value;
};
constexpr TypeChoice typeChoices[] = {
    {QT_TRANSLATE_NOOP("ReadmePage", "Markdown (GitHub-flavoured)"), "text/markdown; charset=UTF-8; variant=GFM"},
    {QT_TRANSLATE_NOOP("ReadmePage", "Markdown (CommonMark)"), "text/markdown; charset=UTF-8; variant=CommonMark"},
    {QT_TRANSLATE_NOOP("ReadmePage", "reStructuredText"), "text/x-rst"},
    {QT_TRANSLATE_NOOP("ReadmePage", "Plain text"), "text/plain"},
};

int choiceFor(const Readme::ContentType &type)
{
    switch (type.format) {
    case Readme::Format::Markdown:
        return type.variant.compare(QStringLiteral("CommonMark"), Qt::CaseInsensitive) == 0 ? 1 : 0;
    case Readme::Format::ReStructuredText:
        return 2;
    case Readme::Format::PlainText:
        return 3;
    }
    return 0;
}

// The check rules for the content type findings, which the check reports as metadata (SW2xx, SW401).
QString contentTypeRule(Readme::Finding::Code code)
{
    switch (code) {
    case Readme::Finding::Code::ContentTypeMissing:
        return QStringLiteral("SW401");
    case Readme::Finding::Code::CharsetUnsupported:
        return QStringLiteral("SW215");
    case Readme::Finding::Code::VariantUnknown:
        return QStringLiteral("SW216");
    default:
        return QStringLiteral("SW214");
    }
}

QString colourName(const QColor &colour)
{
    return colour.name(QColor::HexRgb);
}

QColor mix(const QColor &a, const QColor &b, qreal amount)
{
    return QColor::fromRgbF(float(a.redF() * (1 - amount) + b.redF() * amount),
                            float(a.greenF() * (1 - amount) + b.greenF() * amount),
                            float(a.blueF() * (1 - amount) + b.blueF() * amount));
}

// Makes a plain-text document's text new, given that it is old, by replacing only the lines
// that differ: an edit of a large README does not lay out all of its source again.
void replaceChangedText(QPlainTextEdit *view, const QString &old, const QString &text)
{
    QTextDocument *document = view->document();
    if (old.isEmpty() || document->characterCount() != old.size() + 1) {
        view->setPlainText(text);
        return;
    }
    qsizetype prefix = 0;
    const qsizetype shorter = qMin(old.size(), text.size());
    while (prefix < shorter && old.at(prefix) == text.at(prefix)) {
        ++prefix;
    }
    qsizetype suffix = 0;
    while (suffix < shorter - prefix && old.at(old.size() - 1 - suffix) == text.at(text.size() - 1 - suffix)) {
        ++suffix;
    }
    if ((prefix + suffix) * 2 < text.size()) {
        view->setPlainText(text); // mostly new text: a reset of the document is cheaper
        return;
    }
    QTextCursor cursor(document);
    cursor.setPosition(int(prefix));
    cursor.setPosition(int(old.size() - suffix), QTextCursor::KeepAnchor);
    cursor.insertText(text.sliced(prefix, text.size() - prefix - suffix));
}

} // namespace

ReadmePage::ReadmePage(ProjectDocument &document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
{
    setObjectName(QStringLiteral("readmePage"));
    auto *layout = new QVBoxLayout(this);
    auto *header = new QHBoxLayout;
    header->addWidget(new QLabel(tr("<h2>README</h2>"), this));
    m_fileLabel = new QLabel(this);
    m_fileLabel->setObjectName(QStringLiteral("readmeFile"));
    m_fileLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    header->addWidget(m_fileLabel, 1);
    auto *typeLabel = new QLabel(tr("Render &as:"), this);
    header->addWidget(typeLabel);
    m_contentType = new QComboBox(this);
    m_contentType->setObjectName(QStringLiteral("contentTypeBox"));
    for (const TypeChoice &choice : typeChoices) {
        m_contentType->addItem(tr(choice.label), QString::fromLatin1(choice.value));
    }
    m_contentType->setToolTip(tr("How the preview renders the README. pyproject.toml is not changed: "
                                 "its readme content type decides what PyPI shows."));
    typeLabel->setBuddy(m_contentType);
    header->addWidget(m_contentType);
    layout->addLayout(header);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("readmeStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->hide();
    layout->addWidget(m_status);

    m_vertical = new QSplitter(Qt::Vertical, this);
    m_vertical->setObjectName(QStringLiteral("readmeVerticalSplitter"));
    m_vertical->setChildrenCollapsible(false);
    m_splitter = new QSplitter(m_vertical);
    m_splitter->setObjectName(QStringLiteral("readmeSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_sourceView = new QPlainTextEdit(m_splitter);
    m_sourceView->setObjectName(QStringLiteral("readmeSource"));
    m_sourceView->setReadOnly(true);
    m_sourceView->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_sourceView->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_sourceView->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_preview = new QTextBrowser(m_splitter);
    m_preview->setObjectName(QStringLiteral("readmePreview"));
    m_preview->setOpenExternalLinks(true);
    m_preview->setOpenLinks(true);
    m_incremental = std::make_unique<IncrementalHtmlDocument>(m_preview->document());
    m_fillTimer = new QTimer(this);
    m_fillTimer->setSingleShot(true);
    m_fillTimer->setInterval(0);
    connect(m_fillTimer, &QTimer::timeout, this, &ReadmePage::fillPreview);
    m_fillRate = initialCharactersPerMillisecond;
    m_splitter->addWidget(m_sourceView);
    m_splitter->addWidget(m_preview);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);
    m_findings = new QListWidget(m_vertical);
    m_findings->setObjectName(QStringLiteral("readmeFindings"));
    m_findings->setWordWrap(true);
    m_findings->setToolTip(tr("What PyPI does differently from the source. Activate one to select its line."));
    m_vertical->addWidget(m_splitter);
    m_vertical->addWidget(m_findings);
    m_vertical->setStretchFactor(0, 4);
    m_vertical->setStretchFactor(1, 1);
    m_vertical->setSizes({520, 130});
    layout->addWidget(m_vertical, 1);
    setTabOrder(m_contentType, m_sourceView);
    setTabOrder(m_sourceView, m_preview);
    setTabOrder(m_preview, m_findings);

    m_watcher = new QFileSystemWatcher(this);
    m_reloadTimer = new QTimer(this);
    m_reloadTimer->setSingleShot(true);
    // Editors write in several steps (truncate, write; or write a copy and rename): settle first.
    m_reloadTimer->setInterval(100);
    connect(m_reloadTimer, &QTimer::timeout, this, &ReadmePage::reload);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, [this] {
        watch();
        m_reloadTimer->start();
    });
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, [this] {
        watch();
        m_reloadTimer->start();
    });
    connect(m_contentType, &QComboBox::currentIndexChanged, this, &ReadmePage::render);
    connect(m_findings, &QListWidget::itemActivated, this, &ReadmePage::jumpToFinding);
    connect(m_findings, &QListWidget::itemClicked, this, &ReadmePage::jumpToFinding);
    connect(&m_document, &ProjectDocument::changed, this, &ReadmePage::projectChanged);
    applyStyleSheet();
    projectChanged();
}

ReadmePage::~ReadmePage()
{
    if (m_mapWatcher) {
        m_mapWatcher->cancel();
    }
    if (m_job) {
        m_job->cancel();
    }
}

QString ReadmePage::previewStyleSheet(const QPalette &palette)
{
    const QColor text = palette.color(QPalette::Text);
    const QColor base = palette.color(QPalette::Base);
    const QColor codeBackground = mix(base, text, 0.06);
    const QColor border = mix(base, text, 0.2);
    const QColor muted = mix(base, text, 0.65);
    const QString fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont).family();
    // Close to pypi.org's project description: sans-serif body, generous line height, boxed
    // code blocks, ruled tables, muted block quotes. Qt's rich text supports a CSS subset, and
    // resolves it for every element: the body text takes the palette's text colour without a
    // rule, and the table's collapsed border draws the 1 px grid between the cells, so that
    // the cells need no border rules (together a quarter of the parsing of a large README).
    // Tables take the border's long forms only (Qt ignores the shorthand there).
    return QStringLiteral(
               "h1 { font-size: x-large; margin-top: 18px; margin-bottom: 10px; }"
               "h2 { font-size: large; margin-top: 16px; margin-bottom: 8px; }"
               "h3, h4, h5, h6 { font-size: medium; margin-top: 14px; margin-bottom: 6px; }"
               "p, ul, ol, dl { margin-top: 0px; margin-bottom: 12px; line-height: 140%; }"
               "li { margin-bottom: 3px; }"
               "a { color: %1; text-decoration: none; }"
               "code, tt, kbd { font-family: '%2', monospace; background-color: %3; }"
               "pre { font-family: '%2', monospace; background-color: %3; padding: 10px; margin-bottom: 12px; "
               "border: 1px solid %4; }"
               "blockquote { color: %5; margin-left: 12px; padding-left: 12px; border-left: 3px solid %4; }"
               "table { border-collapse: collapse; margin-top: 12px; margin-bottom: 12px; border-width: 1px; "
               "border-style: solid; border-color: %4; }"
               "th { font-weight: bold; background-color: %3; padding: 4px 8px; }"
               "td { padding: 4px 8px; }"
               "hr { color: %4; }")
        .arg(colourName(palette.color(QPalette::Link)), fixed, colourName(codeBackground), colourName(border),
             colourName(muted));
}

void ReadmePage::setReloadDelay(int milliseconds)
{
    m_reloadTimer->setInterval(milliseconds);
}

bool ReadmePage::canUpdatePreviewPartially() const
{
    return m_incremental->canUpdatePartially();
}

bool ReadmePage::isPreviewComplete() const
{
    return !m_incremental->isFilling();
}

void ReadmePage::applyStyleSheet()
{
    // The page gets the palette change before its children: the preview inherits this palette.
    m_preview->document()->setDefaultStyleSheet(previewStyleSheet(palette()));
    if (!m_body.isEmpty()) {
        const int scroll = m_fillScroll >= 0 ? m_fillScroll : m_preview->verticalScrollBar()->value();
        setPreviewInFull();
        m_fillScroll = scroll;
        restoreScroll();
    }
}

void ReadmePage::setPreviewInFull()
{
    m_fillTimer->stop();
    m_fillScroll = -1;
    const std::optional<QString> first = m_incremental->startFill(m_body, firstPartCharacters);
    if (!first) {
        m_preview->setHtml(IncrementalHtmlDocument::documentHtml(m_body));
        m_incremental->resetTo(m_body);
        finishPreview();
        return;
    }
    m_preview->setHtml(*first);
    if (m_incremental->isFilling()) {
        cancelElementMap();
        m_fillTimer->start();
    } else {
        finishPreview();
    }
}

void ReadmePage::fillPreview()
{
    QElapsedTimer timer;
    timer.start();
    const qsizetype part = qBound(minimumPartCharacters, qsizetype(m_fillRate * fillStepMilliseconds),
                                  maximumPartCharacters);
    const qsizetype appended = m_incremental->fillMore(part);
    if (appended == 0) {
        // Not exactly possible after all (the fill checks every part): the whole body at once.
        const int scroll = m_fillScroll;
        m_preview->setHtml(IncrementalHtmlDocument::documentHtml(m_body));
        m_incremental->resetTo(m_body);
        m_fillScroll = scroll;
        restoreScroll();
        finishPreview();
        Q_EMIT previewCompleted();
        return;
    }
    // The parts' HTML per millisecond varies (tables take longest): aim at the step's time.
    const double elapsed = qMax(0.1, double(timer.nsecsElapsed()) / 1e6);
    m_fillRate = (m_fillRate + double(appended) / elapsed) / 2;
    restoreScroll();
    if (m_incremental->isFilling()) {
        m_fillTimer->start();
    } else {
        finishPreview();
        Q_EMIT previewCompleted();
    }
}

void ReadmePage::restoreScroll()
{
    if (m_fillScroll < 0) {
        return;
    }
    QScrollBar *scrollBar = m_preview->verticalScrollBar();
    scrollBar->setValue(m_fillScroll);
    // Until the parts in reach it (or the last is in), the position is restored after each part.
    if (scrollBar->value() == m_fillScroll || !m_incremental->isFilling()) {
        m_fillScroll = -1;
    }
}

void ReadmePage::finishPreview()
{
    m_fillScroll = -1;
    mapPreviewElements();
}

void ReadmePage::cancelElementMap()
{
    if (m_mapWatcher) {
        m_mapWatcher->disconnect(this);
        m_mapWatcher->cancel();
        m_mapWatcher->deleteLater();
        m_mapWatcher = nullptr;
    }
}

void ReadmePage::mapPreviewElements()
{
    // Where each element starts in the preview, for the partial updates of the next renderings:
    // a parse of every element, so off the UI thread.
    cancelElementMap();
    const QStringList elements = m_incremental->elements();
    if (elements.isEmpty()) {
        return;
    }
    const QString styleSheet = m_preview->document()->defaultStyleSheet();
    auto *watcher = new QFutureWatcher<QList<int>>(this);
    m_mapWatcher = watcher;
    connect(watcher, &QFutureWatcher<QList<int>>::finished, this, [this, watcher, elements] {
        watcher->deleteLater();
        m_mapWatcher = nullptr;
        if (!watcher->isCanceled() && watcher->future().resultCount() > 0) {
            m_incremental->setElementStarts(elements, watcher->result());
        }
    });
    watcher->setFuture(QtConcurrent::run([elements, styleSheet](QPromise<QList<int>> &promise) {
        promise.addResult(IncrementalHtmlDocument::elementStarts(elements, styleSheet,
                                                                 [&promise] { return promise.isCanceled(); }));
    }));
}

void ReadmePage::showBody(const QString &body)
{
    if (body == m_body && !body.isEmpty()) {
        // The same HTML (another Markdown variant, or a change outside the text): the preview
        // stays; its map is made again if the rendering cancelled it.
        // A preview being set in parts goes on.
        if (m_incremental->isFilling()) {
            m_fillTimer->start();
        } else if (!m_incremental->canUpdatePartially() && m_mapWatcher == nullptr) {
            mapPreviewElements();
        }
        return;
    }
    // The position the reader had (or was being brought back to, while a preview comes in parts).
    const int scroll = m_fillScroll >= 0 ? m_fillScroll : m_preview->verticalScrollBar()->value();
    if (body.isEmpty()) {
        m_body.clear();
        m_fillTimer->stop();
        m_incremental->resetTo({});
        cancelElementMap();
        m_preview->setHtml(tr("<p><i>The README renders to nothing; PyPI refuses an empty description.</i></p>"));
    } else if (m_body.isEmpty() || !m_incremental->updateTo(body)) {
        // Also a change while a preview is being set in parts (it has no element map yet): the
        // fill starts again with the new body.
        m_body = body;
        setPreviewInFull();
    } else {
        m_body = body;
    }
    m_fillScroll = scroll;
    restoreScroll();
}

void ReadmePage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_renderWhenShown) {
        render();
    }
}

void ReadmePage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_preview != nullptr) {
        applyStyleSheet();
    }
}

void ReadmePage::projectChanged()
{
    QString filePath;
    QString declaredType;
    QString inlineText;
    bool hasInline = false;
    if (m_document.isOpen()) {
        const Project::Readme &readme = m_document.project().metadata().readme;
        declaredType = readme.contentType;
        if (readme.kind == Project::Readme::Kind::File) {
            filePath = QDir::cleanPath(QDir(m_document.project().directory()).absoluteFilePath(readme.file));
        } else if (readme.kind == Project::Readme::Kind::Text) {
            inlineText = readme.text;
            hasInline = true;
        }
    }
    const bool sameFile = filePath == m_filePath && declaredType == m_declaredType && !hasInline && m_hasSource;
    if (sameFile) {
        return; // an unrelated edit: nothing to render again
    }
    m_filePath = filePath;
    m_declaredType = declaredType;
    if (!m_watcher->files().isEmpty()) {
        m_watcher->removePaths(m_watcher->files());
    }
    if (!m_watcher->directories().isEmpty()) {
        m_watcher->removePaths(m_watcher->directories());
    }
    {
        const QSignalBlocker blocker(m_contentType);
        m_contentType->setCurrentIndex(choiceFor(Readme::ContentType::parse(declaredType)));
    }
    if (hasInline) {
        m_fileLabel->setText(tr("inline text in pyproject.toml"));
        m_source = inlineText;
        m_hasSource = true;
        m_sourceView->setPlainText(m_source);
        render();
        return;
    }
    if (m_filePath.isEmpty()) {
        m_fileLabel->clear();
        m_hasSource = false;
        m_sourceView->clear();
        m_findings->clear();
        showMessage(m_document.isOpen()
                        ? tr("The project declares no readme. Set readme = \"README.md\" in [project] so that PyPI "
                             "shows a project description.")
                        : tr("No project is open."));
        return;
    }
    m_fileLabel->setText(QDir::toNativeSeparators(QDir(m_document.project().directory()).relativeFilePath(m_filePath)));
    watch();
    reload();
}

void ReadmePage::watch()
{
    if (m_filePath.isEmpty()) {
        return;
    }
    // Editors that save by writing a new file and renaming it over the old one end the watch
    // on the file; watching the folder too sees the new file arrive.
    const QString folder = QFileInfo(m_filePath).absolutePath();
    if (!m_watcher->directories().contains(folder)) {
        m_watcher->addPath(folder);
    }
    if (QFileInfo::exists(m_filePath) && !m_watcher->files().contains(m_filePath)) {
        m_watcher->addPath(m_filePath);
    }
}

void ReadmePage::reload()
{
    if (m_filePath.isEmpty()) {
        return;
    }
    QFile file(m_filePath);
    if (!file.open(QIODevice::ReadOnly)) {
        m_hasSource = false;
        m_sourceView->clear();
        m_findings->clear();
        showMessage(QFileInfo::exists(m_filePath)
                        ? tr("%1 cannot be read: %2").arg(QDir::toNativeSeparators(m_filePath), file.errorString())
                        : tr("%1 does not exist. Create it, or fix readme in pyproject.toml.")
                              .arg(QDir::toNativeSeparators(m_filePath)));
        return;
    }
    // One byte more than the renderer takes, so that it can say the file is too large.
    const QString source = QString::fromUtf8(file.read(Readme::maxSourceBytes + 1));
    if (m_hasSource && source == m_source) {
        return;
    }
    const QString previous = m_hasSource ? m_source : QString();
    m_source = source;
    m_hasSource = true;
    const int scroll = m_sourceView->verticalScrollBar()->value();
    replaceChangedText(m_sourceView, previous, m_source);
    m_sourceView->verticalScrollBar()->setValue(scroll);
    render();
}

void ReadmePage::render()
{
    if (!m_hasSource) {
        return;
    }
    // A page nobody looks at is rendered when it is shown: opening a project with a large
    // README does not spend the UI thread on a preview behind another page.
    if (!isVisible()) {
        m_renderWhenShown = true;
        return;
    }
    m_renderWhenShown = false;
    // The rest of a preview being set in parts waits for this rendering, which may replace it.
    m_fillTimer->stop();
    if (m_job) {
        m_job->disconnect(this);
        m_job->cancel();
        m_job->deleteLater();
    }
    // A preview map still being made would compete with the rendering for the cores, and the
    // rendering may replace the whole preview anyway: the next full update makes a new one.
    if (!m_incremental->canUpdatePartially()) {
        cancelElementMap();
    }
    const Readme::ContentType type = Readme::ContentType::parse(m_contentType->currentData().toString());
    m_job = new Readme::RenderJob(m_source, type, {}, this);
    connect(m_job, &Readme::RenderJob::finished, this, [this, job = m_job.data()](const Readme::RenderResult &result) {
        job->deleteLater();
        showResult(result);
    });
    // While a preview is shown it stays until the new one replaces it: a status line coming and
    // going at every save would move the preview.
    if (m_body.isEmpty()) {
        m_status->setText(tr("Rendering…"));
        m_status->show();
    }
    m_job->start();
}

void ReadmePage::showResult(const Readme::RenderResult &result)
{
    showBody(result.html);

    m_findings->clear();
    QStyle *style = QApplication::style();
    for (const Readme::Finding &finding : result.findings) {
        // The check engine's SW4xx rule for it, as `slipway check` reports it for the built files.
        const std::optional<Check::Finding> rule = Check::fromReadmeFinding(finding);
        Check::Severity severity = Check::Severity::Warning;
        if (rule) {
            severity = rule->severity;
        } else if (finding.severity == Readme::Finding::Severity::Error) {
            severity = Check::Severity::Error;
        } else if (finding.severity == Readme::Finding::Severity::Info) {
            severity = Check::Severity::Info;
        }
        QStyle::StandardPixmap icon = QStyle::SP_MessageBoxInformation;
        if (severity == Check::Severity::Error) {
            icon = QStyle::SP_MessageBoxCritical;
        } else if (severity == Check::Severity::Warning) {
            icon = QStyle::SP_MessageBoxWarning;
        }
        const QString code = rule ? rule->code : contentTypeRule(finding.code);
        const QString where = finding.line > 0 ? tr("line %1: ").arg(finding.line) : QString();
        auto *item = new QListWidgetItem(style->standardIcon(icon),
                                         QStringLiteral("%1  %2%3").arg(code, where, finding.message), m_findings);
        item->setData(lineRole, finding.line);
        item->setData(codeRole, code);
        item->setToolTip(QStringLiteral("%1 %2: %3\n%4")
                             .arg(code, Check::severityName(severity), finding.message,
                                  rule && !rule->hint.isEmpty() ? rule->hint : Readme::hint(finding.code)));
    }
    if (result.findings.isEmpty()) {
        auto *item = new QListWidgetItem(tr("PyPI shows this README as previewed: no findings."), m_findings);
        item->setFlags(Qt::ItemIsEnabled);
    }
    if (!result.verified) {
        m_status->setText(tr("This preview could not be verified; see the findings below."));
        m_status->show();
    } else {
        m_status->hide();
    }
    Q_EMIT rendered();
    if (isPreviewComplete()) {
        Q_EMIT previewCompleted();
    }
}

void ReadmePage::showMessage(const QString &message)
{
    if (m_job) {
        m_job->disconnect(this);
        m_job->cancel();
        m_job->deleteLater();
    }
    m_body.clear();
    m_fillTimer->stop();
    m_fillScroll = -1;
    m_incremental->resetTo({});
    cancelElementMap();
    m_preview->setHtml(QStringLiteral("<p><i>%1</i></p>").arg(message.toHtmlEscaped()));
    m_status->hide();
    Q_EMIT rendered();
    Q_EMIT previewCompleted();
}

void ReadmePage::jumpToFinding(QListWidgetItem *item)
{
    const int line = item == nullptr ? 0 : item->data(lineRole).toInt();
    if (line <= 0) {
        return;
    }
    const QTextBlock block = m_sourceView->document()->findBlockByNumber(line - 1);
    if (!block.isValid()) {
        return;
    }
    QTextCursor cursor(block);
    cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
    m_sourceView->setTextCursor(cursor);
    m_sourceView->centerCursor();
    m_sourceView->setFocus(Qt::OtherFocusReason);
}
