// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/buildcheckpage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QShortcut>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

#include "core/build/buildjob.h"
#include "core/check/checker.h"
#include "ui/jobs/jobtracker.h"
#include "ui/models/artifacttablemodel.h"
#include "ui/models/findinglistmodel.h"
#include "ui/models/membertreemodel.h"

namespace {

// The console keeps this many lines; a backend printing megabytes cannot grow it further.
constexpr int maximumLogLines = 5000;
constexpr int logLinesPerTick = 150;

struct ReadOutcome {
    QString path;
    std::optional<Dist::Distribution> distribution;
    QString error;
    qint64 size = -1;
    QString sha256;
};

QTableView *makeTable(QWidget *parent, const QString &objectName)
{
    auto *view = new QTableView(parent);
    view->setObjectName(objectName);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setHighlightSections(false);
    return view;
}

} // namespace

BuildCheckPage::BuildCheckPage(JobTracker &jobs, QWidget *parent)
    : QWidget(parent)
    , m_jobs(jobs)
{
    setObjectName(QStringLiteral("buildCheckPage"));
    m_readPool.setMaxThreadCount(1);
    m_artifacts = new ArtifactTableModel(this);
    m_findings = new FindingListModel(this);
    m_members = new MemberTreeModel(this);

    auto *options = new QGroupBox(tr("Build"), this);
    auto *optionsLayout = new QHBoxLayout(options);
    m_targetCombo = new QComboBox(options);
    m_targetCombo->setObjectName(QStringLiteral("targetCombo"));
    m_targetCombo->addItem(tr("sdist, then wheel from the sdist"));
    m_targetCombo->addItem(tr("sdist and wheel from the source tree"));
    m_targetCombo->addItem(tr("sdist only"));
    m_targetCombo->addItem(tr("wheel only"));
    m_targetCombo->setToolTip(tr("The first choice builds as python -m build does: the wheel comes from the "
                                 "unpacked sdist, which proves the sdist is complete."));
    m_isolationBox = new QCheckBox(tr("Isolated environment"), options);
    m_isolationBox->setObjectName(QStringLiteral("isolationBox"));
    m_isolationBox->setChecked(true);
    m_isolationBox->setToolTip(tr("Install the build requirements into a fresh (cached) environment. Off: use the "
                                  "interpreter's installed packages."));
    m_interpreterEdit = new QLineEdit(options);
    m_interpreterEdit->setObjectName(QStringLiteral("interpreterEdit"));
    m_interpreterEdit->setPlaceholderText(tr("Python: automatic (project .venv, then python3)"));
    m_interpreterEdit->setClearButtonEnabled(true);
    m_interpreterEdit->setMinimumWidth(260);
    m_buildButton = new QPushButton(tr("&Build"), options);
    m_buildButton->setObjectName(QStringLiteral("buildButton"));
    m_buildButton->setDefault(true);
    m_buildButton->setToolTip(tr("Build and check (Ctrl+B)"));
    m_checkButton = new QPushButton(tr("Check &dist/"), options);
    m_checkButton->setObjectName(QStringLiteral("checkButton"));
    m_checkButton->setToolTip(tr("Check the wheels and sdists already in dist/ without building"));
    m_cancelButton = new QPushButton(tr("Cancel"), options);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    auto *targetLabel = new QLabel(tr("&Produce:"), options);
    targetLabel->setBuddy(m_targetCombo);
    optionsLayout->addWidget(targetLabel);
    optionsLayout->addWidget(m_targetCombo);
    optionsLayout->addWidget(m_isolationBox);
    optionsLayout->addWidget(m_interpreterEdit, 1);
    optionsLayout->addWidget(m_buildButton);
    optionsLayout->addWidget(m_checkButton);
    optionsLayout->addWidget(m_cancelButton);
    auto *buildShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_B), this);
    buildShortcut->setContext(Qt::WidgetWithChildrenShortcut);

    m_stageLabel = new QLabel(tr("Not built in this session. Build, or check the files already in dist/."), this);
    m_stageLabel->setObjectName(QStringLiteral("stageLabel"));
    m_stageLabel->setWordWrap(true);
    m_errorLabel = new QLabel(this);
    m_errorLabel->setObjectName(QStringLiteral("errorLabel"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel->setStyleSheet(QStringLiteral("QLabel { color: #c0392b; }"));
    m_errorLabel->hide();

    m_artifactView = makeTable(this, QStringLiteral("artifactTable"));
    m_artifactView->setModel(m_artifacts);
    m_artifactView->horizontalHeader()->setSectionResizeMode(ArtifactTableModel::FileColumn, QHeaderView::Stretch);
    m_artifactView->horizontalHeader()->setSectionResizeMode(ArtifactTableModel::SizeColumn,
                                                             QHeaderView::ResizeToContents);
    m_artifactView->horizontalHeader()->setSectionResizeMode(ArtifactTableModel::Sha256Column,
                                                             QHeaderView::Interactive);
    m_artifactView->horizontalHeader()->setSectionResizeMode(ArtifactTableModel::VerdictColumn,
                                                             QHeaderView::ResizeToContents);
    m_artifactView->setColumnWidth(ArtifactTableModel::Sha256Column, 220);

    auto *findingsBox = new QWidget(this);
    auto *findingsLayout = new QVBoxLayout(findingsBox);
    findingsLayout->setContentsMargins(0, 0, 0, 0);
    m_findingSummary = new QLabel(tr("Select a file to see what the check found."), findingsBox);
    m_findingSummary->setObjectName(QStringLiteral("findingSummary"));
    m_findingSummary->setWordWrap(true);
    m_findingView = makeTable(findingsBox, QStringLiteral("findingTable"));
    m_findingView->setModel(m_findings);
    m_findingView->setWordWrap(true);
    m_findingView->horizontalHeader()->setSectionResizeMode(FindingListModel::SeverityColumn,
                                                            QHeaderView::ResizeToContents);
    m_findingView->horizontalHeader()->setSectionResizeMode(FindingListModel::CodeColumn,
                                                            QHeaderView::ResizeToContents);
    m_findingView->horizontalHeader()->setSectionResizeMode(FindingListModel::MessageColumn, QHeaderView::Stretch);
    m_findingView->horizontalHeader()->setSectionResizeMode(FindingListModel::HintColumn, QHeaderView::Stretch);
    m_findingView->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    findingsLayout->addWidget(m_findingSummary);
    findingsLayout->addWidget(m_findingView, 1);

    m_log = new QPlainTextEdit(this);
    m_log->setObjectName(QStringLiteral("buildLog"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(maximumLogLines);
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_log->setPlaceholderText(tr("The build backend's output appears here while it builds."));

    auto *contents = new QWidget(this);
    auto *contentsLayout = new QVBoxLayout(contents);
    contentsLayout->setContentsMargins(0, 0, 0, 0);
    m_contentsLabel = new QLabel(tr("Select a wheel or sdist to browse its contents."), contents);
    m_contentsLabel->setObjectName(QStringLiteral("contentsLabel"));
    m_contentsLabel->setWordWrap(true);
    auto *contentsSplitter = new QSplitter(Qt::Horizontal, contents);
    m_memberView = new QTreeView(contentsSplitter);
    m_memberView->setObjectName(QStringLiteral("memberTree"));
    m_memberView->setModel(m_members);
    m_memberView->setUniformRowHeights(true);
    m_memberView->header()->setStretchLastSection(true);
    m_metadataView = new QTreeWidget(contentsSplitter);
    m_metadataView->setObjectName(QStringLiteral("metadataView"));
    m_metadataView->setHeaderLabels({tr("Field"), tr("Value as PyPI reads it")});
    m_metadataView->setRootIsDecorated(false);
    m_metadataView->setWordWrap(true);
    m_metadataView->setAlternatingRowColors(true);
    contentsSplitter->setStretchFactor(0, 1);
    contentsSplitter->setStretchFactor(1, 1);
    contentsLayout->addWidget(m_contentsLabel);
    contentsLayout->addWidget(contentsSplitter, 1);

    m_detailTabs = new QTabWidget(this);
    m_detailTabs->setObjectName(QStringLiteral("detailTabs"));
    m_detailTabs->addTab(findingsBox, tr("Findings"));
    m_detailTabs->addTab(contents, tr("Contents"));
    m_detailTabs->addTab(m_log, tr("Build log"));

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("buildSplitter"));
    splitter->addWidget(m_artifactView);
    splitter->addWidget(m_detailTabs);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(options);
    layout->addWidget(m_stageLabel);
    layout->addWidget(m_errorLabel);
    layout->addWidget(splitter, 1);

    m_logTimer = new QTimer(this);
    m_logTimer->setInterval(25);
    connect(m_logTimer, &QTimer::timeout, this, &BuildCheckPage::flushLog);
    connect(m_buildButton, &QPushButton::clicked, this, &BuildCheckPage::build);
    connect(buildShortcut, &QShortcut::activated, this, &BuildCheckPage::build);
    connect(m_checkButton, &QPushButton::clicked, this, &BuildCheckPage::checkDist);
    connect(m_cancelButton, &QPushButton::clicked, this, &BuildCheckPage::cancel);
    connect(m_artifactView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &BuildCheckPage::showSelected);
    connect(m_artifacts, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft) {
                if (topLeft.row() == m_artifactView->currentIndex().row()) {
                    showSelected();
                }
            });
    updateButtons();
}

BuildCheckPage::~BuildCheckPage()
{
    if (m_readCancel) {
        m_readCancel->store(true);
    }
    m_readPool.waitForDone();
}

void BuildCheckPage::setProject(const QString &path)
{
    if (path == m_projectPath) {
        return;
    }
    cancel();
    m_projectPath = path;
    m_artifacts->clear();
    m_findings->setFindings({});
    m_members->clearContents();
    m_metadataView->clear();
    m_distributions.clear();
    m_shownContents.clear();
    m_log->clear();
    m_errorLabel->hide();
    const qsizetype waiting =
        path.isEmpty() ? 0
                       : QDir(distDirectory())
                             .entryList({QStringLiteral("*.whl"), QStringLiteral("*.tar.gz"), QStringLiteral("*.zip")},
                                        QDir::Files)
                             .size();
    m_stageLabel->setText(waiting > 0 ? tr("Not built in this session. dist/ holds %n file(s) from an earlier build: "
                                           "Check dist/ looks at them without building.",
                                           nullptr, int(waiting))
                                      : tr("Not built in this session. Build makes the sdist and the wheel in dist/ "
                                           "and checks them as PyPI would."));
    m_findingSummary->setText(tr("No files checked yet."));
    updateButtons();
}

bool BuildCheckPage::isBusy() const
{
    return m_buildJob || m_checker || m_pendingReads > 0;
}

QString BuildCheckPage::distDirectory() const
{
    return QDir(m_projectPath).filePath(QStringLiteral("dist"));
}

void BuildCheckPage::updateButtons()
{
    const bool busy = isBusy();
    m_buildButton->setEnabled(!busy && !m_projectPath.isEmpty());
    m_checkButton->setEnabled(!busy && !m_projectPath.isEmpty());
    m_cancelButton->setEnabled(busy);
    m_targetCombo->setEnabled(!busy);
    m_isolationBox->setEnabled(!busy);
    m_interpreterEdit->setEnabled(!busy);
}

void BuildCheckPage::showError(const QString &message)
{
    m_errorLabel->setText(message);
    m_errorLabel->setVisible(!message.isEmpty());
}

void BuildCheckPage::build()
{
    if (isBusy() || m_projectPath.isEmpty()) {
        return;
    }
    Build::BuildOptions options;
    options.sourceDirectory = m_projectPath;
    switch (m_targetCombo->currentIndex()) {
    case 1:
        options.sdist = options.wheel = true;
        break;
    case 2:
        options.sdist = true;
        break;
    case 3:
        options.wheel = true;
        break;
    default:
        break;
    }
    options.isolation = m_isolationBox->isChecked();
    options.python = m_interpreterEdit->text().trimmed();

    showError({});
    m_log->clear();
    m_pendingLog.clear();
    m_droppedLines = 0;
    m_detailTabs->setCurrentWidget(m_log);
    m_buildSucceeded = false;
    auto *job = new Build::BuildJob(options, this);
    m_buildJob = job;
    m_buildTracked = m_jobs.begin(tr("Build"), [job = QPointer<Build::BuildJob>(job)] {
        if (job) {
            job->cancel();
        }
    });
    connect(job, &Build::BuildJob::outputLine, this, [this](Build::OutputSource source, const QString &line) {
        appendLog(source == Build::OutputSource::Frontend ? QStringLiteral("» ") + line : line);
    });
    connect(job, &Build::BuildJob::stageChanged, this,
            [this](Build::BuildJob::Stage, const QString &description) {
                m_stageLabel->setText(description);
                if (m_buildTracked) {
                    m_buildTracked->setDescription(description);
                }
            });
    connect(job, &Build::BuildJob::finished, this, &BuildCheckPage::onBuildFinished);
    m_stageLabel->setText(tr("Starting the build…"));
    m_logTimer->start();
    updateButtons();
    job->start();
}

void BuildCheckPage::appendLog(const QString &line)
{
    m_pendingLog.append(line);
    if (!m_logTimer->isActive()) {
        m_logTimer->start();
    }
    // Only the last maximumLogLines can be shown anyway: drop older ones before they reach
    // the document, so a flood of output costs nothing on the UI thread.
    if (m_pendingLog.size() > 2 * maximumLogLines) {
        const qsizetype excess = m_pendingLog.size() - maximumLogLines;
        m_pendingLog.remove(0, excess);
        m_droppedLines += excess;
    }
}

void BuildCheckPage::flushLog()
{
    if (m_pendingLog.isEmpty()) {
        if (!m_buildJob) {
            m_logTimer->stop();
        }
        return;
    }
    if (m_pendingLog.size() > maximumLogLines) {
        const qsizetype excess = m_pendingLog.size() - maximumLogLines;
        m_pendingLog.remove(0, excess);
        m_droppedLines += excess;
    }
    // A few hundred lines per tick keep each tick short; a flood waits in m_pendingLog, where
    // only its last maximumLogLines are kept.
    const qsizetype count = std::min<qsizetype>(m_pendingLog.size(), logLinesPerTick);
    QStringList chunk = m_pendingLog.mid(0, count);
    m_pendingLog.remove(0, count);
    if (m_droppedLines > 0) {
        chunk.prepend(tr("[%n line(s) of output skipped: the console keeps the last %1]", nullptr,
                         int(m_droppedLines))
                          .arg(maximumLogLines));
        m_droppedLines = 0;
    }
    QScrollBar *bar = m_log->verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum();
    m_log->appendPlainText(chunk.join(u'\n'));
    if (atEnd) {
        bar->setValue(bar->maximum());
    }
}

void BuildCheckPage::onBuildFinished(const Build::BuildResult &result)
{
    if (m_buildJob) {
        m_buildJob->deleteLater();
    }
    m_buildJob = nullptr;
    QStringList paths;
    for (const Build::Artifact &artifact : result.artifacts) {
        paths.append(artifact.path);
    }
    if (result.error) {
        const bool cancelled = result.error->code == Build::BuildError::Code::Cancelled;
        if (!result.error->details.isEmpty()) {
            appendLog(result.error->details);
        }
        m_stageLabel->setText(cancelled ? tr("Build cancelled. The results of the last run are kept.")
                                        : tr("Build failed. The results of the last run are kept."));
        showError(cancelled ? QString() : result.error->message);
        if (m_buildTracked) {
            m_buildTracked->finish(cancelled ? TrackedJob::Outcome::Cancelled : TrackedJob::Outcome::Failed,
                                   result.error->message);
        }
        updateButtons();
        Q_EMIT buildFinished(false);
        return;
    }
    const double seconds = double(result.totalMs) / 1000.0;
    m_stageLabel->setText(tr("Built %n file(s) in %1 s with %2. Checking…", nullptr, int(paths.size()))
                              .arg(QLocale().toString(seconds, 'f', 1),
                                   result.python ? result.python->describe() : tr("Python")));
    if (m_buildTracked) {
        m_buildTracked->finish(TrackedJob::Outcome::Succeeded, tr("%n file(s) built", nullptr, int(paths.size())));
    }
    m_buildSucceeded = true;
    m_checkFollowsBuild = true;
    inspect(paths, result.python ? result.python->executable : m_interpreterEdit->text().trimmed());
}

void BuildCheckPage::checkDist()
{
    if (isBusy() || m_projectPath.isEmpty()) {
        return;
    }
    showError({});
    QDir dist(distDirectory());
    QStringList paths;
    const QFileInfoList entries =
        dist.entryInfoList({QStringLiteral("*.whl"), QStringLiteral("*.tar.gz"), QStringLiteral("*.zip")},
                           QDir::Files, QDir::Name);
    for (const QFileInfo &entry : entries) {
        paths.append(entry.absoluteFilePath());
    }
    if (paths.isEmpty()) {
        m_artifacts->clear();
        m_stageLabel->setText(tr("There are no wheels or sdists in %1. Build first.")
                                  .arg(QDir::toNativeSeparators(dist.path())));
        Q_EMIT checkFinished();
        return;
    }
    m_checkFollowsBuild = false;
    m_stageLabel->setText(tr("Checking %n file(s) in dist/…", nullptr, int(paths.size())));
    inspect(paths, m_interpreterEdit->text().trimmed());
}

void BuildCheckPage::inspect(const QStringList &paths, const QString &python)
{
    m_artifacts->setPaths(paths);
    m_distributions.clear();
    m_findings->setFindings({});
    m_members->clearContents();
    m_metadataView->clear();
    m_shownContents.clear();
    if (paths.isEmpty()) {
        finishInspectionIfDone();
        return;
    }
    m_detailTabs->setCurrentIndex(0);
    m_artifactView->selectRow(0);

    Check::CheckOptions options;
    options.python = python;
    auto *checker = new Check::Checker(options, this);
    m_checker = checker;
    m_readCancel = std::make_shared<std::atomic<bool>>(false);
    m_pendingReads = int(paths.size());
    m_checkTracked = m_jobs.begin(tr("Check"), [page = QPointer<BuildCheckPage>(this)] {
        if (page) {
            page->cancel();
        }
    });
    m_checkTracked->setProgress(0, paths.size() * 2);
    auto progress = [this, total = paths.size() * 2] {
        if (m_checkTracked) {
            qint64 done = 0;
            for (const ArtifactTableModel::Row &row : m_artifacts->rows()) {
                done += (row.verdict ? 1 : 0) + (row.sha256.isEmpty() && row.readError.isEmpty() ? 0 : 1);
            }
            m_checkTracked->setProgress(done, total);
        }
    };
    connect(checker, &Check::Checker::fileChecked, this, [this, progress](int, const Check::FileReport &report) {
        m_artifacts->setReport(report);
        progress();
    });
    connect(checker, &Check::Checker::finished, this, [this, checker] {
        checker->deleteLater();
        m_checker = nullptr;
        finishInspectionIfDone();
    });

    for (const QString &path : paths) {
        auto *watcher = new QFutureWatcher<ReadOutcome>(this);
        connect(watcher, &QFutureWatcher<ReadOutcome>::finished, this, [this, watcher, progress] {
            const ReadOutcome outcome = watcher->result();
            watcher->deleteLater();
            --m_pendingReads;
            if (outcome.distribution) {
                m_distributions.insert(outcome.path, *outcome.distribution);
            }
            m_artifacts->setFileInfo(outcome.path, outcome.size, outcome.sha256, outcome.error);
            progress();
            finishInspectionIfDone();
        });
        watcher->setFuture(QtConcurrent::run(&m_readPool, [path, cancel = m_readCancel] {
            // The check engine reads every member already; here the directory, the metadata and
            // the whole file's digests are enough, at half the CPU.
            Dist::ReadOptions readOptions;
            readOptions.verifyContents = false;
            readOptions.cancel = cancel.get();
            ReadOutcome outcome;
            outcome.path = path;
            auto read = Dist::readDistribution(path, readOptions);
            if (read) {
                outcome.size = read->size;
                if (read->digests) {
                    outcome.sha256 = read->digests->sha256Hex();
                }
                outcome.distribution = std::move(*read);
            } else {
                outcome.error = read.error().message;
                outcome.size = read.error().size;
                if (read.error().digests) {
                    outcome.sha256 = read.error().digests->sha256Hex();
                }
            }
            return outcome;
        }));
    }
    checker->start(paths);
    updateButtons();
}

void BuildCheckPage::finishInspectionIfDone()
{
    if (m_checker || m_pendingReads > 0) {
        return;
    }
    const bool cancelled = m_readCancel && m_readCancel->load();
    int errors = 0;
    int warnings = 0;
    for (const ArtifactTableModel::Row &row : m_artifacts->rows()) {
        errors += row.verdict == Check::Verdict::Error ? 1 : 0;
        warnings += row.verdict == Check::Verdict::Warn ? 1 : 0;
    }
    const int files = int(m_artifacts->rows().size());
    QString summary;
    if (cancelled) {
        summary = tr("Check cancelled.");
    } else if (errors > 0) {
        summary = tr("%1 of %n file(s) would be refused by PyPI. Select a file to see why.", nullptr, files)
                      .arg(errors);
    } else if (warnings > 0) {
        summary = tr("%n file(s) checked: no errors, %1 with warnings.", nullptr, files).arg(warnings);
    } else {
        summary = tr("%n file(s) checked: ready to upload.", nullptr, files);
    }
    m_stageLabel->setText(m_checkFollowsBuild ? tr("Build succeeded. %1").arg(summary) : summary);
    if (m_checkTracked) {
        m_checkTracked->finish(cancelled     ? TrackedJob::Outcome::Cancelled
                               : errors > 0  ? TrackedJob::Outcome::Failed
                                             : TrackedJob::Outcome::Succeeded,
                               summary);
    }
    updateButtons();
    showSelected();
    Q_EMIT checkFinished();
    if (m_checkFollowsBuild) {
        m_checkFollowsBuild = false;
        Q_EMIT buildFinished(m_buildSucceeded && !cancelled);
    }
}

void BuildCheckPage::cancel()
{
    if (m_buildJob) {
        m_buildJob->cancel();
    }
    if (m_checker) {
        m_checker->cancel();
    }
    if (m_readCancel) {
        m_readCancel->store(true);
    }
}

void BuildCheckPage::showSelected()
{
    const int row = m_artifactView->currentIndex().row();
    if (row < 0 || row >= m_artifacts->rows().size()) {
        m_findings->setFindings({});
        m_findingSummary->setText(m_artifacts->rows().isEmpty() ? tr("No files checked yet.")
                                                                : tr("Select a file to see what the check found."));
        return;
    }
    const ArtifactTableModel::Row &artifact = m_artifacts->rows().at(row);
    if (m_findings->findings() != artifact.findings) {
        m_findings->setFindings(artifact.findings);
    }
    if (!artifact.verdict) {
        m_findingSummary->setText(tr("Checking %1…").arg(artifact.fileName));
    } else if (artifact.findings.isEmpty()) {
        m_findingSummary->setText(tr("%1: %2, nothing to report.").arg(artifact.fileName,
                                                                      Check::verdictText(*artifact.verdict)));
    } else {
        m_findingSummary->setText(tr("%1: %2, %n finding(s).", nullptr, int(artifact.findings.size()))
                                      .arg(artifact.fileName, Check::verdictText(*artifact.verdict)));
    }
    if (m_shownContents != artifact.path) {
        if (!artifact.readError.isEmpty()) {
            m_members->clearContents();
            m_metadataView->clear();
            m_contentsLabel->setText(artifact.readError);
            m_shownContents = artifact.path;
        } else if (m_distributions.contains(artifact.path)) {
            showContents(artifact.path);
        } else {
            m_contentsLabel->setText(tr("Reading %1…").arg(artifact.fileName));
        }
    }
}

void BuildCheckPage::showContents(const QString &path)
{
    const Dist::Distribution &distribution = m_distributions[path];
    m_shownContents = path;
    m_members->setDistribution(distribution);
    m_memberView->expandToDepth(0);
    m_memberView->resizeColumnToContents(MemberTreeModel::NameColumn);
    m_metadataView->clear();
    QString where = distribution.metadataPath.isEmpty() ? tr("no metadata file") : distribution.metadataPath;
    m_contentsLabel->setText(tr("%1: %n member(s), %2 uncompressed; metadata from %3.", nullptr,
                                m_members->memberCount())
                                 .arg(distribution.filename, ArtifactTableModel::formatSize(distribution.uncompressedSize),
                                      where));
    if (distribution.metadata) {
        const Metadata::CoreMetadata &metadata = *distribution.metadata;
        for (const auto &[field, value] : metadata.fields()) {
            if (field.compare(u"Description", Qt::CaseInsensitive) == 0) {
                continue;
            }
            auto *item = new QTreeWidgetItem(m_metadataView, {field, value});
            item->setToolTip(1, value);
        }
        const QString description = metadata.description();
        const QString type = metadata.value(u"Description-Content-Type");
        new QTreeWidgetItem(m_metadataView,
                            {tr("Description"),
                             description.isEmpty()
                                 ? tr("(none: PyPI shows an empty project page)")
                                 : tr("%n character(s), rendered as %1", nullptr, int(description.size()))
                                       .arg(type.isEmpty() ? tr("reStructuredText (no Description-Content-Type)")
                                                           : type)});
    } else if (distribution.metadataError) {
        new QTreeWidgetItem(m_metadataView, {tr("Error"), distribution.metadataError->message});
    } else {
        new QTreeWidgetItem(m_metadataView, {tr("Error"), tr("The file has no metadata: PyPI would refuse it.")});
    }
    m_metadataView->resizeColumnToContents(0);
    Q_EMIT contentsShown(path);
}
