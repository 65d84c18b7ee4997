// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/pages/overviewpage.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include "core/metadata/version.h"
#include "ui/models/distfilesmodel.h"
#include "ui/models/nextaction.h"
#include "ui/models/registryversionsmodel.h"
#include "ui/projectdocument.h"

namespace {

QTableView *makeTable(QAbstractItemModel *model, const QString &objectName, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setObjectName(objectName);
    view->setModel(model);
    view->verticalHeader()->hide();
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setWordWrap(false);
    view->setAlternatingRowColors(true);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setSectionResizeMode(model->columnCount() - 1, QHeaderView::Stretch);
    return view;
}

bool sameVersion(const QString &a, const QString &b)
{
    const auto va = Metadata::Version::parse(a);
    const auto vb = Metadata::Version::parse(b);
    return a == b || (va && vb && *va == *vb);
}

} // namespace

OverviewPage::OverviewPage(ProjectDocument &document, const QString &registryStorePath, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_registries(new RegistryVersionsModel(registryStorePath, this))
    , m_distFiles(new DistFilesModel(this))
{
    setObjectName(QStringLiteral("overviewPage"));
    auto *layout = new QVBoxLayout(this);

    auto *header = new QHBoxLayout;
    auto *identity = new QVBoxLayout;
    identity->setSpacing(2);
    auto *titleLine = new QHBoxLayout;
    m_name = new QLabel(this);
    m_name->setObjectName(QStringLiteral("overviewName"));
    m_name->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont nameFont = m_name->font();
    nameFont.setPointSizeF(nameFont.pointSizeF() * 1.8);
    nameFont.setBold(true);
    m_name->setFont(nameFont);
    titleLine->addWidget(m_name);
    m_version = new QLabel(this);
    m_version->setObjectName(QStringLiteral("overviewVersion"));
    m_version->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont versionFont = m_version->font();
    versionFont.setPointSizeF(versionFont.pointSizeF() * 1.3);
    m_version->setFont(versionFont);
    titleLine->addWidget(m_version, 0, Qt::AlignBottom);
    titleLine->addStretch();
    identity->addLayout(titleLine);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("overviewSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    identity->addWidget(m_summary);
    header->addLayout(identity, 1);

    auto *actionBox = new QVBoxLayout;
    actionBox->setSpacing(4);
    m_action = new QPushButton(this);
    m_action->setObjectName(QStringLiteral("nextActionButton"));
    m_action->setDefault(true);
    m_action->setMinimumWidth(200);
    QFont actionFont = m_action->font();
    actionFont.setBold(true);
    m_action->setFont(actionFont);
    actionBox->addWidget(m_action, 0, Qt::AlignRight);
    m_actionReason = new QLabel(this);
    m_actionReason->setObjectName(QStringLiteral("nextActionReason"));
    m_actionReason->setWordWrap(true);
    m_actionReason->setAlignment(Qt::AlignRight | Qt::AlignTop);
    m_actionReason->setMaximumWidth(360);
    actionBox->addWidget(m_actionReason);
    actionBox->addStretch();
    header->addLayout(actionBox);
    layout->addLayout(header);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("overviewMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    layout->addWidget(m_message);

    auto *registryGroup = new QGroupBox(tr("On the registries"), this);
    auto *registryLayout = new QVBoxLayout(registryGroup);
    m_registryView = makeTable(m_registries, QStringLiteral("registryVersionsView"), registryGroup);
    m_registryView->setSelectionMode(QAbstractItemView::NoSelection);
    m_registryView->setFocusPolicy(Qt::NoFocus);
    m_registryView->setFixedHeight(m_registryView->horizontalHeader()->sizeHint().height()
                                   + 2 * m_registryView->verticalHeader()->defaultSectionSize()
                                   + 2 * m_registryView->frameWidth());
    registryLayout->addWidget(m_registryView);
    auto *registryFooter = new QHBoxLayout;
    m_registryNote = new QLabel(registryGroup);
    m_registryNote->setObjectName(QStringLiteral("registryNote"));
    m_registryNote->setWordWrap(true);
    registryFooter->addWidget(m_registryNote, 1);
    auto *refresh = new QPushButton(tr("Ask &Again"), registryGroup);
    refresh->setObjectName(QStringLiteral("refreshRegistriesButton"));
    refresh->setToolTip(tr("Ask the test and production registries for their versions again"));
    registryFooter->addWidget(refresh);
    registryLayout->addLayout(registryFooter);
    layout->addWidget(registryGroup);

    auto *distGroup = new QGroupBox(tr("Files in dist/"), this);
    auto *distLayout = new QVBoxLayout(distGroup);
    m_distView = makeTable(m_distFiles, QStringLiteral("distFilesView"), distGroup);
    m_distView->horizontalHeader()->setSectionResizeMode(DistFilesModel::FindingColumn, QHeaderView::Stretch);
    distLayout->addWidget(m_distView);
    m_distState = new QLabel(distGroup);
    m_distState->setObjectName(QStringLiteral("distState"));
    m_distState->setWordWrap(true);
    distLayout->addWidget(m_distState);
    layout->addWidget(distGroup);
    layout->addStretch(1);

    connect(refresh, &QPushButton::clicked, this, &OverviewPage::refreshRegistries);
    auto *actionShortcut = new QAction(this);
    actionShortcut->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    actionShortcut->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(actionShortcut);
    m_action->setToolTip(tr("Go to the page that does this (Ctrl+Return)"));
    connect(actionShortcut, &QAction::triggered, m_action, [this] {
        if (m_action->isVisible() && m_action->isEnabled()) {
            m_action->click();
        }
    });
    connect(m_action, &QPushButton::clicked, this, [this] {
        if (!m_actionPage.isEmpty()) {
            Q_EMIT pageRequested(m_actionPage);
        }
    });
    connect(m_registries, &RegistryVersionsModel::dataChanged, this, &OverviewPage::updateNextAction);
    connect(m_registries, &RegistryVersionsModel::modelReset, this, &OverviewPage::updateNextAction);
    connect(m_registries, &RegistryVersionsModel::finished, this, &OverviewPage::updateNextAction);
    connect(m_distFiles, &DistFilesModel::dataChanged, this, &OverviewPage::updateDistState);
    connect(m_distFiles, &DistFilesModel::modelReset, this, &OverviewPage::updateDistState);
    connect(m_distFiles, &DistFilesModel::checkFinished, this, &OverviewPage::updateDistState);
    connect(&m_document, &ProjectDocument::changed, this, &OverviewPage::projectChanged);
    projectChanged();
}

void OverviewPage::setPageAvailable(std::function<bool(const QString &)> available)
{
    m_pageAvailable = std::move(available);
    updateNextAction();
}

void OverviewPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // Roles may have changed on the Registries page, and uploads happen: look again when the
    // page comes back after a while.
    constexpr qint64 staleAfterMs = 30 * 1000;
    if (!m_projectName.isEmpty() && m_asked.isValid() && m_asked.elapsed() > staleAfterMs
        && !m_registries->isLoading()) {
        refreshRegistries();
    }
}

void OverviewPage::refreshRegistries()
{
    m_asked.start();
    m_registries->refresh(m_projectName);
    m_registryNote->setText(m_registries->storeError().isEmpty()
                                ? tr("The test and production roles are set under Registries.")
                                : tr("The registry list cannot be read: %1").arg(m_registries->storeError()));
}

void OverviewPage::projectChanged()
{
    const bool open = m_document.isOpen();
    QString name;
    QString distDirectory;
    if (open) {
        const Project::PyProject &project = m_document.project();
        const Project::ProjectMetadata &metadata = project.metadata();
        name = metadata.name;
        m_name->setText(name.isEmpty() ? QFileInfo(project.directory()).fileName() : name);
        if (metadata.version) {
            m_version->setText(*metadata.version);
        } else {
            m_version->setText(metadata.isDynamic(QStringLiteral("version")) ? tr("dynamic version")
                                                                             : tr("no version"));
        }
        m_summary->setText(metadata.description.value_or(QString()).isEmpty()
                               ? tr("No summary: set description in [project] so that PyPI shows one line about "
                                    "the package.")
                               : *metadata.description);
        m_message->setVisible(project.isReadOnly());
        m_message->setText(project.readOnlyReason());
        distDirectory = QDir(project.directory()).filePath(QStringLiteral("dist"));
    } else {
        m_name->setText(tr("No project"));
        m_version->clear();
        m_summary->setText(m_document.errorString());
        m_message->hide();
    }
    if (distDirectory != m_distFiles->directory()) {
        m_distFiles->setDirectory(distDirectory);
    }
    if (name != m_projectName) {
        m_projectName = name;
        refreshRegistries();
    }
    updateNextAction();
}

void OverviewPage::updateDistState()
{
    const int files = m_distFiles->fileCount();
    if (files == 0) {
        m_distState->setText(m_distFiles->directory().isEmpty()
                                 ? QString()
                                 : tr("No distribution files in %1 yet. Build the project to make an sdist and a "
                                      "wheel.")
                                       .arg(QDir::toNativeSeparators(m_distFiles->directory())));
    } else if (m_distFiles->isChecking()) {
        m_distState->setText(files == 1 ? tr("Checking 1 file…") : tr("Checking %1 files…").arg(files));
    } else {
        m_distState->setText(tr("%1 passed, %2 with warnings, %3 failed.")
                                 .arg(m_distFiles->countWithVerdict(Check::Verdict::Pass))
                                 .arg(m_distFiles->countWithVerdict(Check::Verdict::Warn))
                                 .arg(m_distFiles->countWithVerdict(Check::Verdict::Error)));
    }
    m_distView->setVisible(files > 0);
    // As tall as its rows (up to ten), so the page does not end in an empty table.
    m_distView->setFixedHeight(m_distView->horizontalHeader()->sizeHint().height()
                               + qBound(1, files, 10) * m_distView->verticalHeader()->defaultSectionSize()
                               + 2 * m_distView->frameWidth());
    updateNextAction();
}

void OverviewPage::updateNextAction()
{
    if (!m_document.isOpen()) {
        m_action->hide();
        m_actionReason->clear();
        m_actionPage.clear();
        Q_EMIT nextActionChanged();
        return;
    }
    const Project::PyProject &project = m_document.project();
    NextActionInput input;
    for (const Project::Finding &finding : project.findings()) {
        if (finding.severity == Project::Finding::Severity::Error) {
            ++input.metadataErrors;
        }
    }
    input.version = project.metadata().version.value_or(QString());
    input.distFiles = m_distFiles->fileCount();
    for (int row = 0; row < input.distFiles; ++row) {
        if (!input.version.isEmpty() && !sameVersion(m_distFiles->versionOf(row), input.version)) {
            continue;
        }
        ++input.distFilesOfVersion;
        const auto report = m_distFiles->report(row);
        if (!report) {
            input.checking = true;
        } else if (report->verdict == Check::Verdict::Error) {
            ++input.failingFiles;
        }
    }
    input.testConfigured = m_registries->state(Registry::Role::Test) != RegistryVersionsModel::State::NotConfigured;
    if (!input.version.isEmpty()) {
        input.onTest = m_registries->hasVersion(Registry::Role::Test, input.version);
        input.onProduction = m_registries->hasVersion(Registry::Role::Production, input.version);
    }
    const NextAction action = nextAction(input);
    m_actionPage = action.page;
    m_action->setText(action.text);
    m_action->show();
    const bool available = !m_pageAvailable || m_pageAvailable(action.page);
    m_action->setEnabled(available && !input.checking);
    m_actionReason->setText(available ? action.reason
                                      : tr("%1 (the %2 page is not part of this build yet)").arg(action.reason, action.page));
    Q_EMIT nextActionChanged();
}
