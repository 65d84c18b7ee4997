// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/releasepage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcessEnvironment>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QShowEvent>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "core/registry/credentialstore.h"
#include "core/registry/registrystore.h"
#include "ui/jobs/jobtracker.h"
#include "ui/models/artifacttablemodel.h"

namespace {

// Stage details name files and their sha256: let a long word (a hash, a URL) break anywhere
// in the narrow stepper column instead of running off its edge (the tooltip keeps the text).
QString breakableDetails(const QString &text)
{
    constexpr qsizetype longWord = 24;
    QString out;
    out.reserve(text.size() + text.size() / 8);
    qsizetype run = 0;
    for (const QChar c : text) {
        run = c.isSpace() ? 0 : run + 1;
        out.append(c);
        if (run >= longWord && run % 8 == 0) {
            out.append(QChar(0x200B)); // zero-width space
        }
    }
    return out;
}

enum FileColumn { FileNameColumn, FileSizeColumn, FileShaColumn, FileTestColumn, FileProductionColumn };

QString outcomeGlyph(Release::StageOutcome outcome)
{
    switch (outcome) {
    case Release::StageOutcome::Pending:
        return QStringLiteral("<span style='color:#8a8a8a; font-size:large'>○</span>");
    case Release::StageOutcome::Running:
        return QStringLiteral("<span style='color:#2a82da; font-size:large'>◉</span>");
    case Release::StageOutcome::Passed:
        return QStringLiteral("<span style='color:#27ae60; font-size:large'>✔</span>");
    case Release::StageOutcome::Failed:
        return QStringLiteral("<span style='color:#c0392b; font-size:large'>✖</span>");
    case Release::StageOutcome::Skipped:
        return QStringLiteral("<span style='color:#8a8a8a; font-size:large'>⤼</span>");
    }
    return {};
}

QString transferText(Release::TransferState state)
{
    switch (state) {
    case Release::TransferState::Pending:
        return ReleasePage::tr("waiting");
    case Release::TransferState::InFlight:
        return ReleasePage::tr("uploading");
    case Release::TransferState::Uploaded:
        return ReleasePage::tr("uploaded");
    case Release::TransferState::AlreadyPresent:
        return ReleasePage::tr("already there");
    case Release::TransferState::Failed:
        return ReleasePage::tr("failed");
    }
    return {};
}

QString stateText(Release::ReleaseState state)
{
    switch (state) {
    case Release::ReleaseState::InProgress:
        return ReleasePage::tr("in progress");
    case Release::ReleaseState::AwaitingApproval:
        return ReleasePage::tr("awaiting approval");
    case Release::ReleaseState::Completed:
        return ReleasePage::tr("completed");
    case Release::ReleaseState::Aborted:
        return ReleasePage::tr("aborted");
    }
    return {};
}

QTableWidget *makeTable(QWidget *parent, const QString &name, const QStringList &headers)
{
    auto *table = new QTableWidget(0, int(headers.size()), parent);
    table->setObjectName(name);
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->horizontalHeader()->setHighlightSections(false);
    return table;
}

QString shortTime(const QDateTime &time)
{
    return time.isValid() ? QLocale().toString(time.toLocalTime(), QStringLiteral("HH:mm:ss")) : QString();
}

QString rateText(double bytesPerSecond)
{
    return ReleasePage::tr("%1/s").arg(ArtifactTableModel::formatSize(qint64(bytesPerSecond)));
}

} // namespace

ReleasePage::ReleasePage(JobTracker &jobs, const QString &registryStorePath, const QString &keychainService,
                         QWidget *parent)
    : QWidget(parent)
    , m_jobs(jobs)
    , m_storePath(registryStorePath)
{
    setObjectName(QStringLiteral("releasePage"));
    m_credentials = new Registry::CredentialStore(this, keychainService);
    m_credentials->setTimeout(
        Registry::CredentialStore::timeoutFromEnvironment(QProcessEnvironment::systemEnvironment()));

    m_heading = new QLabel(this);
    m_heading->setObjectName(QStringLiteral("releaseHeading"));

    auto *setup = new QGroupBox(tr("New release"), this);
    auto *setupLayout = new QGridLayout(setup);
    m_testCombo = new QComboBox(setup);
    m_testCombo->setObjectName(QStringLiteral("testRegistryCombo"));
    m_productionCombo = new QComboBox(setup);
    m_productionCombo->setObjectName(QStringLiteral("productionRegistryCombo"));
    m_sourceCombo = new QComboBox(setup);
    m_sourceCombo->setObjectName(QStringLiteral("sourceCombo"));
    m_sourceCombo->addItem(tr("Build in an isolated environment"));
    m_sourceCombo->addItem(tr("Build with the interpreter's packages"));
    m_sourceCombo->addItem(tr("Release the files in dist/ as they are"));
    m_pythonEdit = new QLineEdit(setup);
    m_pythonEdit->setObjectName(QStringLiteral("releasePythonEdit"));
    m_pythonEdit->setPlaceholderText(tr("Python: automatic"));
    m_pythonEdit->setClearButtonEnabled(true);
    m_tagBox = new QCheckBox(tr("Tag the release in git"), setup);
    m_tagBox->setObjectName(QStringLiteral("tagBox"));
    m_tagBox->setChecked(true);
    m_installTestBox = new QCheckBox(tr("Install from test and smoke-test"), setup);
    m_installTestBox->setObjectName(QStringLiteral("installTestBox"));
    m_installTestBox->setToolTip(tr("After the test upload, install the release from the test registry into a fresh "
                                    "virtual environment and import its modules"));
    setupLayout->addWidget(new QLabel(tr("Rehearse on:"), setup), 0, 0);
    setupLayout->addWidget(m_testCombo, 0, 1);
    setupLayout->addWidget(new QLabel(tr("Publish to:"), setup), 0, 2);
    setupLayout->addWidget(m_productionCombo, 0, 3);
    setupLayout->addWidget(m_tagBox, 0, 4);
    setupLayout->addWidget(new QLabel(tr("Files:"), setup), 1, 0);
    setupLayout->addWidget(m_sourceCombo, 1, 1);
    setupLayout->addWidget(new QLabel(tr("Python:"), setup), 1, 2);
    setupLayout->addWidget(m_pythonEdit, 1, 3);
    setupLayout->addWidget(m_installTestBox, 1, 4);
    setupLayout->setColumnStretch(1, 1);
    setupLayout->setColumnStretch(3, 1);

    auto *buttons = new QHBoxLayout;
    m_startButton = new QPushButton(tr("&Start Release"), this);
    m_startButton->setObjectName(QStringLiteral("startReleaseButton"));
    m_startButton->setToolTip(tr("Build, check, upload to the test registry and verify there; stops before "
                                 "production for your approval"));
    m_resumeButton = new QPushButton(tr("&Resume"), this);
    m_resumeButton->setObjectName(QStringLiteral("resumeReleaseButton"));
    m_resumeButton->setToolTip(tr("Continue the release from where it stopped; files already on an index are not "
                                  "sent again"));
    m_promoteButton = new QPushButton(tr("Review && &Promote…"), this);
    m_promoteButton->setObjectName(QStringLiteral("promoteReleaseButton"));
    m_cancelButton = new QPushButton(tr("Cancel"), this);
    m_cancelButton->setObjectName(QStringLiteral("cancelReleaseButton"));
    m_abortButton = new QPushButton(tr("Abort Release…"), this);
    m_abortButton->setObjectName(QStringLiteral("abortReleaseButton"));
    buttons->addWidget(m_startButton);
    buttons->addWidget(m_resumeButton);
    buttons->addWidget(m_promoteButton);
    buttons->addWidget(m_cancelButton);
    buttons->addStretch();
    buttons->addWidget(m_abortButton);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("releaseMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    // The stepper.
    auto *stepper = new QWidget(this);
    stepper->setObjectName(QStringLiteral("releaseStepper"));
    auto *stepLayout = new QGridLayout(stepper);
    stepLayout->setColumnStretch(1, 1);
    stepLayout->setVerticalSpacing(2);
    int gridRow = 0;
    for (Release::Stage stage : Release::allStages()) {
        StageRow row;
        row.icon = new QLabel(stepper);
        row.icon->setTextFormat(Qt::RichText);
        row.icon->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
        row.icon->setMinimumWidth(22);
        row.title = new QLabel(QStringLiteral("<b>%1</b>").arg(Release::stageTitle(stage).toHtmlEscaped()), stepper);
        row.title->setObjectName(QStringLiteral("stage-%1").arg(Release::stageName(stage)));
        row.time = new QLabel(stepper);
        row.time->setObjectName(QStringLiteral("stageTime-%1").arg(Release::stageName(stage)));
        row.details = new QLabel(stepper);
        row.details->setObjectName(QStringLiteral("stageDetails-%1").arg(Release::stageName(stage)));
        row.details->setWordWrap(true);
        row.details->setTextInteractionFlags(Qt::TextSelectableByMouse);
        // Hashes and URLs do not wrap: let the column's width win, the tooltip holds it all.
        row.details->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        row.details->setMinimumWidth(1);
        QPalette muted = row.details->palette();
        muted.setColor(QPalette::WindowText, muted.color(QPalette::Disabled, QPalette::WindowText));
        row.details->setPalette(muted);
        row.time->setPalette(muted);
        stepLayout->addWidget(row.icon, gridRow, 0, 2, 1);
        stepLayout->addWidget(row.title, gridRow, 1);
        stepLayout->addWidget(row.time, gridRow, 2, Qt::AlignRight);
        stepLayout->addWidget(row.details, gridRow + 1, 1, 1, 2);
        stepLayout->setRowMinimumHeight(gridRow + 1, 18);
        gridRow += 2;
        m_stageRows.insert(int(stage), row);
    }
    stepLayout->setRowStretch(gridRow, 1);
    auto *stepperScroll = new QScrollArea(this);
    stepperScroll->setWidget(stepper);
    stepperScroll->setWidgetResizable(true);
    stepperScroll->setFrameShape(QFrame::NoFrame);
    stepperScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    stepperScroll->setMinimumWidth(300);

    // Files, approval, history, log.
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("releaseTabs"));
    m_files = makeTable(m_tabs, QStringLiteral("releaseFiles"),
                        {tr("File"), tr("Size"), tr("SHA-256"), tr("Test"), tr("Production")});
    m_files->horizontalHeader()->setSectionResizeMode(FileNameColumn, QHeaderView::Stretch);
    m_files->horizontalHeader()->setSectionResizeMode(FileSizeColumn, QHeaderView::ResizeToContents);
    m_files->setColumnWidth(FileShaColumn, 130);
    m_files->setColumnWidth(FileTestColumn, 190);
    m_files->setColumnWidth(FileProductionColumn, 190);
    m_tabs->addTab(m_files, tr("Files"));

    m_approval = new QWidget(m_tabs);
    m_approval->setObjectName(QStringLiteral("approvalView"));
    auto *approvalLayout = new QVBoxLayout(m_approval);
    m_approvalIntro = new QLabel(tr("Nothing to approve yet. Once the release is verified on the test registry, "
                                    "Review & Promote shows here exactly what goes to production."),
                                 m_approval);
    m_approvalIntro->setObjectName(QStringLiteral("approvalIntro"));
    m_approvalIntro->setWordWrap(true);
    approvalLayout->addWidget(m_approvalIntro);
    auto *approvalSplitter = new QSplitter(Qt::Vertical, m_approval);
    m_approvalFiles = makeTable(approvalSplitter, QStringLiteral("approvalFiles"), {tr("File"), tr("Size"), tr("SHA-256")});
    m_approvalFiles->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_approvalFiles->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_approvalFiles->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    auto *lower = new QSplitter(Qt::Horizontal, approvalSplitter);
    m_description = new QTextBrowser(lower);
    m_description->setObjectName(QStringLiteral("approvalDescription"));
    m_description->setOpenExternalLinks(false);
    m_description->setOpenLinks(false);
    m_changes = makeTable(lower, QStringLiteral("approvalChanges"), {tr("Field"), tr("On production"), tr("This release")});
    m_changes->setWordWrap(true);
    m_changes->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_changes->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_changes->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    approvalSplitter->setStretchFactor(0, 1);
    approvalSplitter->setStretchFactor(1, 3);
    approvalLayout->addWidget(approvalSplitter, 1);
    auto *decision = new QHBoxLayout;
    decision->addStretch();
    m_declineButton = new QPushButton(tr("Decline"), m_approval);
    m_declineButton->setObjectName(QStringLiteral("declineButton"));
    m_approveButton = new QPushButton(tr("Promote to Production"), m_approval);
    m_approveButton->setObjectName(QStringLiteral("approveButton"));
    m_approveButton->setDefault(true);
    decision->addWidget(m_declineButton);
    decision->addWidget(m_approveButton);
    approvalLayout->addLayout(decision);
    m_tabs->addTab(m_approval, tr("Approval"));

    m_history = makeTable(m_tabs, QStringLiteral("releaseHistory"),
                          {tr("Version"), tr("State"), tr("Started"), tr("Updated"), tr("Test"), tr("Production"),
                           tr("Last error")});
    m_history->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_history->horizontalHeader()->setStretchLastSection(true);
    m_tabs->addTab(m_history, tr("History"));
    m_log = new QPlainTextEdit(m_tabs);
    m_log->setObjectName(QStringLiteral("releaseLog"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(5000);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_tabs->addTab(m_log, tr("Log"));

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("releaseSplitter"));
    splitter->addWidget(stepperScroll);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addWidget(setup);
    layout->addLayout(buttons);
    layout->addWidget(m_message);
    layout->addWidget(splitter, 1);

    connect(m_startButton, &QPushButton::clicked, this, &ReleasePage::startRelease);
    connect(m_resumeButton, &QPushButton::clicked, this, &ReleasePage::resumeRelease);
    connect(m_promoteButton, &QPushButton::clicked, this, &ReleasePage::promoteRelease);
    connect(m_approveButton, &QPushButton::clicked, this, &ReleasePage::approve);
    connect(m_declineButton, &QPushButton::clicked, this, &ReleasePage::decline);
    connect(m_abortButton, &QPushButton::clicked, this, &ReleasePage::abortRelease);
    connect(m_cancelButton, &QPushButton::clicked, this, [this] {
        if (m_workflow) {
            m_workflow->cancel();
        }
    });
    reloadRegistries();
    setProject({});
}

ReleasePage::~ReleasePage() = default;

void ReleasePage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_workflow) {
        reloadRegistries();
    }
}

void ReleasePage::reloadRegistries()
{
    Registry::RegistryStore store(m_storePath);
    m_registries.clear();
    if (store.load()) {
        m_registries = store.registries();
    }
    for (QComboBox *combo : {m_testCombo, m_productionCombo}) {
        const QString chosen = combo->currentData().toString();
        const Registry::Role role = combo == m_testCombo ? Registry::Role::Test : Registry::Role::Production;
        combo->clear();
        int preferred = -1;
        for (const Registry::Registry &registry : std::as_const(m_registries)) {
            combo->addItem(QStringLiteral("%1 (%2)").arg(registry.name, registry.uploadUrl.host()), registry.name);
            if ((chosen.isEmpty() && registry.role == role) || registry.name == chosen) {
                preferred = combo->count() - 1;
            }
        }
        if (combo->count() == 0) {
            combo->addItem(tr("No registries: add them under Registries & Tokens"));
            combo->setItemData(0, QString());
        }
        combo->setCurrentIndex(std::max(preferred, 0));
    }
    updateButtons();
}

std::optional<Registry::Registry> ReleasePage::chosenRegistry(const QComboBox *combo) const
{
    const QString name = combo->currentData().toString();
    for (const Registry::Registry &registry : m_registries) {
        if (registry.name == name) {
            return registry;
        }
    }
    return std::nullopt;
}

void ReleasePage::setProject(const QString &path)
{
    if (m_workflow && path != m_projectPath) {
        m_workflow->cancel();
    }
    m_projectPath = path;
    m_awaitingDecision = false;
    loadState();
}

void ReleasePage::setMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("QLabel { color: #c0392b; }") : QString());
    m_message->setVisible(!text.isEmpty());
}

void ReleasePage::loadState()
{
    m_journal.reset();
    m_files->setRowCount(0);
    m_log->clear();
    if (m_projectPath.isEmpty()) {
        m_heading->setText(tr("<h2>Release</h2>"));
        for (Release::Stage stage : Release::allStages()) {
            showStage(stage, Release::StageOutcome::Pending, {}, {});
        }
        setMessage({}, false);
        m_history->setRowCount(0);
        updateButtons();
        return;
    }
    // The journal is a small JSON file: read at once.
    const auto status = Release::ReleaseWorkflow::status(m_projectPath);
    if (status) {
        showJournal(*status);
        const bool open = status->state == Release::ReleaseState::InProgress
                          || status->state == Release::ReleaseState::AwaitingApproval;
        setMessage(open ? (status->lastError.isEmpty()
                               ? tr("Release %1 is %2. Resume or review it, or abort it to start another.")
                                     .arg(status->version, stateText(status->state))
                               : tr("Release %1 stopped: %2 Fix the cause, then Resume: files already on an index "
                                    "are not sent again.")
                                     .arg(status->version, status->lastError))
                        : tr("The last release, %1, is %2. Start Release begins the next one.")
                              .arg(status->version, stateText(status->state)),
                   open && !status->lastError.isEmpty());
    } else {
        m_heading->setText(tr("<h2>Release</h2>"));
        for (Release::Stage stage : Release::allStages()) {
            showStage(stage, Release::StageOutcome::Pending, {}, {});
        }
        setMessage(status.error().code == Release::WorkflowError::Code::NoRelease
                       ? tr("No release yet. Start Release builds, checks and rehearses on the test registry, then "
                            "waits for your approval before anything reaches production.")
                       : status.error().message,
                   status.error().code != Release::WorkflowError::Code::NoRelease);
    }
    loadHistory();
    updateButtons();
}

void ReleasePage::loadHistory()
{
    m_history->setRowCount(0);
    if (m_projectPath.isEmpty()) {
        return;
    }
    const auto history = Release::ReleaseWorkflow::history(m_projectPath);
    if (!history) {
        return;
    }
    for (const Release::ReleaseJournal &journal : *history) {
        const int row = m_history->rowCount();
        m_history->insertRow(row);
        const QStringList cells = {journal.version,
                                   stateText(journal.state),
                                   QLocale().toString(journal.created.toLocalTime(), QLocale::ShortFormat),
                                   QLocale().toString(journal.updated.toLocalTime(), QLocale::ShortFormat),
                                   journal.testRegistry.name,
                                   journal.productionRegistry.name,
                                   journal.lastError};
        for (int column = 0; column < cells.size(); ++column) {
            auto *item = new QTableWidgetItem(cells.at(column));
            item->setToolTip(cells.at(column));
            m_history->setItem(row, column, item);
        }
    }
}

void ReleasePage::updateButtons()
{
    const bool running = m_workflow != nullptr;
    const bool open = m_journal && (m_journal->state == Release::ReleaseState::InProgress
                                    || m_journal->state == Release::ReleaseState::AwaitingApproval);
    const bool testVerified =
        m_journal && (m_journal->stage(Release::Stage::VerifiedOnTest).isDone() || m_journal->rehearsalSkipped());
    const bool haveRegistries = chosenRegistry(m_testCombo) && chosenRegistry(m_productionCombo);
    m_startButton->setEnabled(!running && !open && !m_projectPath.isEmpty() && haveRegistries);
    m_resumeButton->setEnabled(!running && open && !(testVerified && m_journal->state == Release::ReleaseState::AwaitingApproval));
    m_promoteButton->setEnabled(!running && open && testVerified);
    m_cancelButton->setEnabled(running);
    m_abortButton->setEnabled(!running && open);
    m_approveButton->setEnabled(m_awaitingDecision);
    m_declineButton->setEnabled(m_awaitingDecision);
    m_testCombo->setEnabled(!running && !open);
    m_productionCombo->setEnabled(!running && !open);
    m_sourceCombo->setEnabled(!running && !open);
    m_pythonEdit->setEnabled(!running);
    m_tagBox->setEnabled(!running && !open);
    m_installTestBox->setEnabled(!running && !open);
}

void ReleasePage::showStage(Release::Stage stage, Release::StageOutcome outcome, const QString &details,
                            const QDateTime &time)
{
    const StageRow &row = m_stageRows[int(stage)];
    row.icon->setText(outcomeGlyph(outcome));
    row.icon->setToolTip(Release::outcomeName(outcome));
    row.time->setText(shortTime(time));
    row.details->setText(breakableDetails(details));
    row.details->setToolTip(details);
    row.details->setVisible(!details.isEmpty());
}

void ReleasePage::showJournal(const Release::ReleaseJournal &journal)
{
    m_journal = journal;
    m_heading->setText(tr("<h2>Release %1 %2</h2>").arg(journal.project.toHtmlEscaped(), journal.version.toHtmlEscaped()));
    for (const Release::StageRecord &record : journal.stages) {
        showStage(record.stage, record.outcome, record.details, record.time);
    }
    showFiles(journal);
    if (m_log->document()->isEmpty()) {
        QStringList lines;
        for (const Release::LogEntry &entry : journal.log) {
            lines << QStringLiteral("%1  %2").arg(shortTime(entry.time), entry.text);
        }
        m_log->setPlainText(lines.join(u'\n'));
    }
}

int ReleasePage::fileRow(const QString &filename) const
{
    for (int row = 0; row < m_files->rowCount(); ++row) {
        if (m_files->item(row, FileNameColumn) != nullptr && m_files->item(row, FileNameColumn)->text() == filename) {
            return row;
        }
    }
    return -1;
}

void ReleasePage::showFiles(const Release::ReleaseJournal &journal)
{
    for (const Release::PinnedFile &file : journal.files) {
        int row = fileRow(file.filename);
        if (row < 0) {
            row = m_files->rowCount();
            m_files->insertRow(row);
            m_files->setItem(row, FileNameColumn, new QTableWidgetItem(file.filename));
            auto *size = new QTableWidgetItem(ArtifactTableModel::formatSize(file.size));
            size->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_files->setItem(row, FileSizeColumn, size);
            auto *sha = new QTableWidgetItem(file.sha256);
            sha->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
            sha->setToolTip(file.sha256);
            m_files->setItem(row, FileShaColumn, sha);
            for (int column : {int(FileTestColumn), int(FileProductionColumn)}) {
                auto *bar = new QProgressBar(m_files);
                bar->setObjectName(QStringLiteral("%1-%2").arg(column == FileTestColumn ? u"test" : u"production",
                                                              file.filename));
                bar->setRange(0, 1000);
                bar->setTextVisible(true);
                m_files->setCellWidget(row, column, bar);
            }
        }
        for (Release::Target target : {Release::Target::Test, Release::Target::Production}) {
            auto *bar = qobject_cast<QProgressBar *>(
                m_files->cellWidget(row, target == Release::Target::Test ? FileTestColumn : FileProductionColumn));
            const Release::FileTransfer &transfer = file.transfer(target);
            const QString key = Release::targetName(target) + u'/' + file.filename;
            if (transfer.state == Release::TransferState::InFlight && m_progress.contains(key)) {
                continue; // showProgress keeps it current
            }
            bar->setValue(transfer.isOnIndex() ? 1000 : 0);
            bar->setFormat(transfer.state == Release::TransferState::Failed && !transfer.detail.isEmpty()
                               ? tr("failed: %1").arg(transfer.detail)
                               : transferText(transfer.state));
            bar->setToolTip(transfer.detail);
        }
    }
}

void ReleasePage::showProgress(Release::Target target, const QString &filename, qint64 done, qint64 total)
{
    const int row = fileRow(filename);
    if (row < 0 || total <= 0) {
        return;
    }
    const QString key = Release::targetName(target) + u'/' + filename;
    m_progress.insert(key, {done, total});
    Rate &rate = m_rates[key];
    if (!rate.clock.isValid()) {
        rate.clock.start();
        rate.firstBytes = done;
    }
    auto *bar = qobject_cast<QProgressBar *>(
        m_files->cellWidget(row, target == Release::Target::Test ? FileTestColumn : FileProductionColumn));
    bar->setValue(int(std::clamp<qint64>(done * 1000 / total, 0, 1000)));
    const qint64 elapsed = rate.clock.elapsed();
    const double bytesPerSecond = elapsed > 200 ? double(done - rate.firstBytes) * 1000.0 / double(elapsed) : 0.0;
    if (bytesPerSecond > 0 && done < total) {
        const qint64 left = qint64(double(total - done) / bytesPerSecond + 0.5);
        bar->setFormat(tr("%p% · %1 · %2 s left").arg(rateText(bytesPerSecond)).arg(left));
    } else {
        bar->setFormat(tr("%p%"));
    }
    if (m_tracked) {
        qint64 allDone = 0;
        qint64 allTotal = 0;
        for (const auto &[fileDone, fileTotal] : std::as_const(m_progress)) {
            allDone += fileDone;
            allTotal += fileTotal;
        }
        m_tracked->setProgress(allDone, allTotal);
    }
}

Release::ReleaseWorkflow *ReleasePage::newWorkflow(const QString &title)
{
    Release::WorkflowSettings settings;
    settings.credentials = [this](const Registry::Registry &registry,
                                  std::function<void(std::expected<Registry::Credential, QString>)> done) {
        m_credentials->resolve(registry, QProcessEnvironment::systemEnvironment(), this,
                               [done](std::expected<Registry::Credential, Registry::CredentialError> credential) {
                                   if (credential) {
                                       done(*credential);
                                   } else {
                                       done(std::unexpected(credential.error().message));
                                   }
                               });
    };
    auto *workflow = new Release::ReleaseWorkflow(settings, this);
    m_workflow = workflow;
    m_rates.clear();
    m_progress.clear();
    m_tracked = m_jobs.begin(title, [workflow = QPointer<Release::ReleaseWorkflow>(workflow)] {
        if (workflow) {
            workflow->cancel();
        }
    });
    setMessage({}, false);
    connect(workflow, &Release::ReleaseWorkflow::stageChanged, this,
            [this](Release::Stage stage, Release::StageOutcome outcome, const QString &details) {
                showStage(stage, outcome, details, QDateTime::currentDateTimeUtc());
                if (m_tracked && outcome == Release::StageOutcome::Running) {
                    m_tracked->setDescription(Release::stageTitle(stage));
                    if (stage != Release::Stage::UploadedToTest && stage != Release::Stage::UploadedToProduction) {
                        m_tracked->setBusy();
                    }
                }
            });
    connect(workflow, &Release::ReleaseWorkflow::fileStateChanged, this,
            [this](Release::Target target, const QString &filename, Release::TransferState state, const QString &) {
                if (state != Release::TransferState::InFlight) {
                    m_progress.remove(Release::targetName(target) + u'/' + filename);
                }
            });
    connect(workflow, &Release::ReleaseWorkflow::fileProgress, this, &ReleasePage::showProgress);
    connect(workflow, &Release::ReleaseWorkflow::logLine, this, [this](const QString &line) {
        m_log->appendPlainText(QStringLiteral("%1  %2").arg(shortTime(QDateTime::currentDateTimeUtc()), line));
    });
    connect(workflow, &Release::ReleaseWorkflow::journalSaved, this,
            [this](const Release::ReleaseJournal &journal) { showJournal(journal); });
    connect(workflow, &Release::ReleaseWorkflow::approvalRequested, this, &ReleasePage::showApproval);
    connect(workflow, &Release::ReleaseWorkflow::finished, this, &ReleasePage::onFinished);
    updateButtons();
    return workflow;
}

void ReleasePage::startRelease()
{
    const auto test = chosenRegistry(m_testCombo);
    const auto production = chosenRegistry(m_productionCombo);
    if (m_workflow || m_projectPath.isEmpty() || !test || !production) {
        return;
    }
    if (test->name == production->name) {
        setMessage(tr("Choose two different registries: the rehearsal must not publish."), true);
        return;
    }
    Release::StartOptions options;
    options.build.sourceDirectory = m_projectPath;
    options.build.isolation = m_sourceCombo->currentIndex() == 0;
    options.build.python = m_pythonEdit->text().trimmed();
    options.check.python = m_pythonEdit->text().trimmed();
    if (m_sourceCombo->currentIndex() == 2) {
        const QFileInfoList files = QDir(QDir(m_projectPath).filePath(QStringLiteral("dist")))
                                        .entryInfoList({QStringLiteral("*.whl"), QStringLiteral("*.tar.gz")},
                                                       QDir::Files, QDir::Name);
        for (const QFileInfo &file : files) {
            options.prebuiltFiles << file.absoluteFilePath();
        }
        if (options.prebuiltFiles.isEmpty()) {
            setMessage(tr("dist/ holds no wheel or sdist. Build first, or let the release build."), true);
            return;
        }
    }
    options.test = *test;
    options.production = *production;
    options.tag = m_tagBox->isChecked();
    options.installTest = m_installTestBox->isChecked();
    if (!m_pythonEdit->text().trimmed().isEmpty()) {
        options.installPython = m_pythonEdit->text().trimmed();
    }
    m_files->setRowCount(0);
    m_log->clear();
    m_journal.reset();
    for (Release::Stage stage : Release::allStages()) {
        showStage(stage, Release::StageOutcome::Pending, {}, {});
    }
    newWorkflow(tr("Release"))->start(options);
}

void ReleasePage::resumeRelease()
{
    if (m_workflow || m_projectPath.isEmpty()) {
        return;
    }
    Check::CheckOptions check;
    check.python = m_pythonEdit->text().trimmed();
    newWorkflow(tr("Release"))->resume(m_projectPath, check);
}

void ReleasePage::promoteRelease()
{
    if (m_workflow || m_projectPath.isEmpty()) {
        return;
    }
    Check::CheckOptions check;
    check.python = m_pythonEdit->text().trimmed();
    m_approvalIntro->setText(tr("Re-hashing and re-checking the files, and reading the production registry…"));
    m_tabs->setCurrentWidget(m_approval);
    newWorkflow(tr("Promote"))->promote(m_projectPath, false, check);
}

void ReleasePage::showApproval(const Release::ApprovalSummary &summary)
{
    m_awaitingDecision = true;
    if (m_tracked) {
        m_tracked->setDescription(tr("waiting for your approval"));
    }
    m_approvalIntro->setText(
        tr("<b>%1 %2 goes to %3</b> (%4) exactly as rehearsed: the files below, re-hashed just now. %5 %6")
            .arg(summary.project.toHtmlEscaped(), summary.version.toHtmlEscaped(),
                 summary.production.name.toHtmlEscaped(), Registry::urlText(summary.production.uploadUrl).toHtmlEscaped(),
                 summary.productionVersion.isEmpty()
                     ? tr("The project is new on production.")
                     : tr("Production has %1; the changes are listed.").arg(summary.productionVersion.toHtmlEscaped()),
                 summary.note.toHtmlEscaped()));
    m_approvalFiles->setRowCount(0);
    for (const Release::PinnedFile &file : summary.files) {
        const int row = m_approvalFiles->rowCount();
        m_approvalFiles->insertRow(row);
        m_approvalFiles->setItem(row, 0, new QTableWidgetItem(file.filename));
        m_approvalFiles->setItem(row, 1, new QTableWidgetItem(ArtifactTableModel::formatSize(file.size)));
        auto *sha = new QTableWidgetItem(file.sha256);
        sha->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        m_approvalFiles->setItem(row, 2, sha);
    }
    m_description->setHtml(summary.descriptionHtml.isEmpty() ? tr("<p><i>No description.</i></p>")
                                                             : summary.descriptionHtml);
    m_changes->setRowCount(0);
    for (const Release::MetadataChange &change : summary.changes) {
        const int row = m_changes->rowCount();
        m_changes->insertRow(row);
        m_changes->setItem(row, 0, new QTableWidgetItem(change.field));
        m_changes->setItem(row, 1, new QTableWidgetItem(change.before));
        m_changes->setItem(row, 2, new QTableWidgetItem(change.after));
    }
    if (summary.changes.isEmpty()) {
        m_changes->insertRow(0);
        m_changes->setSpan(0, 0, 1, 3);
        m_changes->setItem(0, 0,
                           new QTableWidgetItem(summary.productionVersion.isEmpty()
                                                    ? tr("New on production: no earlier version to compare with.")
                                                    : tr("No metadata changes against %1.")
                                                          .arg(summary.productionVersion)));
    }
    m_changes->resizeRowsToContents();
    m_tabs->setCurrentWidget(m_approval);
    updateButtons();
    Q_EMIT approvalShown(summary);
}

void ReleasePage::approve()
{
    if (!m_workflow || !m_awaitingDecision) {
        return;
    }
    m_awaitingDecision = false;
    m_workflow->setApprovalNote(tr("approved in the Slipway window"));
    m_workflow->approve();
    m_tabs->setCurrentWidget(m_files);
    updateButtons();
}

void ReleasePage::decline()
{
    if (!m_workflow || !m_awaitingDecision) {
        return;
    }
    m_awaitingDecision = false;
    m_workflow->decline();
    updateButtons();
}

void ReleasePage::abortRelease()
{
    if (m_workflow || !m_journal) {
        return;
    }
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Abort Release"),
                                tr("Abort release %1? Nothing is deleted from any index; files already uploaded stay "
                                   "there, and their names cannot be reused.")
                                    .arg(m_journal->version),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("abortReleaseQuestion"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this](int result) {
        if (result != QMessageBox::Yes) {
            return;
        }
        const auto aborted = Release::ReleaseWorkflow::abort(m_projectPath, tr("aborted in the Slipway window"));
        loadState();
        if (!aborted) {
            setMessage(aborted.error().message, true);
        }
    });
    box->open();
}

void ReleasePage::onFinished(const Release::WorkflowResult &result)
{
    m_awaitingDecision = false;
    if (m_workflow) {
        m_workflow->deleteLater();
    }
    m_workflow = nullptr;
    // A run of a project the window has left (cancelled by setProject) only closes its job.
    const bool ours = QDir::cleanPath(result.journal.projectDirectory) == QDir::cleanPath(m_projectPath)
                      || result.journal.project.isEmpty();
    if (!ours) {
        if (m_tracked) {
            m_tracked->finish(TrackedJob::Outcome::Cancelled, {});
        }
        updateButtons();
        return;
    }
    if (!result.journal.project.isEmpty()) {
        showJournal(result.journal);
    }
    QString text;
    TrackedJob::Outcome outcome = TrackedJob::Outcome::Succeeded;
    if (result.error) {
        const bool cancelled = result.error->code == Release::WorkflowError::Code::Canceled;
        outcome = cancelled ? TrackedJob::Outcome::Cancelled : TrackedJob::Outcome::Failed;
        text = result.error->message;
        const bool open = m_journal && (m_journal->state == Release::ReleaseState::InProgress
                                        || m_journal->state == Release::ReleaseState::AwaitingApproval);
        setMessage(open ? tr("%1 The release is kept: Resume continues from here.").arg(text) : text, !cancelled);
        if (!result.error->details.isEmpty()) {
            m_log->appendPlainText(result.error->details);
        }
    } else if (result.awaitingApproval) {
        text = tr("verified on %1; waiting for your approval").arg(result.journal.testRegistry.name);
        setMessage(tr("Release %1 is on %2 and verified. Review & Promote shows what goes to %3.")
                       .arg(result.journal.version, result.journal.testRegistry.name,
                            result.journal.productionRegistry.name),
                   false);
    } else {
        text = tr("%1 %2 published").arg(result.journal.project, result.journal.version);
        setMessage(tr("Release %1 is published on %2 and verified.")
                       .arg(result.journal.version, result.journal.productionRegistry.name),
                   false);
    }
    if (m_tracked) {
        m_tracked->finish(outcome, text);
    }
    loadHistory();
    updateButtons();
    Q_EMIT runFinished(result);
}
