// SPDX-License-Identifier: GPL-3.0-or-later
// The Classifiers page and its models, driven through the real widgets (offscreen).
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStyle>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include "core/metadata/classifiers.h"
#include "ui/models/chosenclassifiersmodel.h"
#include "ui/models/classifiertreemodel.h"
#include "ui/pages/classifierspage.h"
#include "ui/projectdocument.h"
#include "ui/savediffdialog.h"

namespace {

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) == content.size();
}

// Leaves under parent (rows without children).
int countLeaves(const QAbstractItemModel &model, const QModelIndex &parent, QStringList *names = nullptr)
{
    int count = 0;
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex child = model.index(row, 0, parent);
        if (model.rowCount(child) == 0) {
            ++count;
            if (names != nullptr) {
                names->append(child.data(ClassifierTreeModel::ClassifierRole).toString());
            }
        } else {
            count += countLeaves(model, child, names);
        }
    }
    return count;
}

} // namespace

class TestClassifiersPage final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void treeModelIsAConsistentTree();
    void treeSplitsOnSeparatorAndMarksEveryClassifierCheckable();
    void contradictsRequiresPython_data();
    void contradictsRequiresPython();
    void chosenListCarriesTheProjectModelsHints();
    void filterNarrowsTheTree();
    void tickTwoUntickOneSaveWritesTheShownDiff();

private:
    QString makeProject(const QByteArray &pyproject);
    static void clickCheckBox(QTreeView *tree, const QModelIndex &index);

    QTemporaryDir m_dir;
    int m_projects = 0;
};

QString TestClassifiersPage::makeProject(const QByteArray &pyproject)
{
    const QString path = m_dir.filePath(QStringLiteral("project-%1").arg(++m_projects));
    QDir().mkpath(path);
    writeFile(path + QStringLiteral("/pyproject.toml"), pyproject);
    return path;
}

void TestClassifiersPage::clickCheckBox(QTreeView *tree, const QModelIndex &index)
{
    tree->scrollTo(index);
    const QRect rect = tree->visualRect(index);
    QVERIFY(rect.isValid());
    // Where QStyledItemDelegate puts the check indicator: the focus margin in, vertically centred.
    QStyle *style = tree->style();
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, tree) + 1;
    const int width = style->pixelMetric(QStyle::PM_IndicatorWidth, nullptr, tree);
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, QPoint(rect.x() + margin + width / 2, rect.center().y()));
}

void TestClassifiersPage::treeModelIsAConsistentTree()
{
    ClassifierTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSortFilterProxyModel proxy;
    proxy.setRecursiveFilteringEnabled(true);
    proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy.setFilterRole(ClassifierTreeModel::ClassifierRole);
    proxy.setSourceModel(&model);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setChosen({QStringLiteral("Typing :: Typed"), QStringLiteral("Framework :: Django")});
    proxy.setFilterFixedString(QStringLiteral("django"));
    model.setChosen({QStringLiteral("Framework :: Django")});
    QVERIFY(proxy.rowCount() > 0);
}

void TestClassifiersPage::treeSplitsOnSeparatorAndMarksEveryClassifierCheckable()
{
    const QStringList all = Metadata::TroveClassifiers::bundled().all();
    QVERIFY(all.size() > 500);
    ClassifierTreeModel model;
    QStringList leaves;
    countLeaves(model, {}, &leaves);
    for (const QString &classifier : all) {
        const QModelIndex index = model.indexOf(classifier);
        QVERIFY2(index.isValid(), qPrintable(classifier));
        QCOMPARE(index.data(ClassifierTreeModel::ClassifierRole).toString(), classifier);
        QCOMPARE(index.data().toString().remove(QStringLiteral(" (deprecated)")), classifier.split(QStringLiteral(" :: ")).constLast());
        QVERIFY(model.flags(index).testFlag(Qt::ItemIsUserCheckable));
    }
    // Every leaf is a classifier from the list.
    for (const QString &leaf : std::as_const(leaves)) {
        QVERIFY2(all.contains(leaf), qPrintable(leaf));
    }
    const QModelIndex python = model.indexOf(QStringLiteral("Programming Language :: Python :: 3.12"));
    QCOMPARE(python.parent(), model.indexOf(QStringLiteral("Programming Language :: Python :: 3")).parent());
    QCOMPARE(python.parent().data().toString(), QStringLiteral("Python"));

    // Ticking asks for the edit; the check state follows setChosen() only.
    QSignalSpy requested(&model, &ClassifierTreeModel::toggleRequested);
    QVERIFY(model.setData(python, Qt::Checked, Qt::CheckStateRole));
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.at(0).at(0).toString(), QStringLiteral("Programming Language :: Python :: 3.12"));
    QCOMPARE(requested.at(0).at(1).toBool(), true);
    QCOMPARE(python.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Unchecked);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setChosen({QStringLiteral("Programming Language :: Python :: 3.12")});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(python.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Checked);
}

void TestClassifiersPage::contradictsRequiresPython_data()
{
    QTest::addColumn<QString>("classifier");
    QTest::addColumn<QString>("requiresPython");
    QTest::addColumn<bool>("contradicts");
    QTest::addRow("below minimum") << QStringLiteral("Programming Language :: Python :: 3.8") << QStringLiteral(">=3.9") << true;
    QTest::addRow("at minimum") << QStringLiteral("Programming Language :: Python :: 3.9") << QStringLiteral(">=3.9") << false;
    QTest::addRow("minimum micro") << QStringLiteral("Programming Language :: Python :: 3.8") << QStringLiteral(">=3.8.1") << false;
    QTest::addRow("excluded minor") << QStringLiteral("Programming Language :: Python :: 3.10") << QStringLiteral(">=3.8,!=3.10.*") << true;
    QTest::addRow("upper bound") << QStringLiteral("Programming Language :: Python :: 3.13") << QStringLiteral(">=3.9,<3.13") << true;
    QTest::addRow("major allowed") << QStringLiteral("Programming Language :: Python :: 3") << QStringLiteral(">=3.9") << false;
    QTest::addRow("major excluded") << QStringLiteral("Programming Language :: Python :: 2") << QStringLiteral(">=3.9") << true;
    QTest::addRow("3 only") << QStringLiteral("Programming Language :: Python :: 3 :: Only") << QStringLiteral(">=3.9") << false;
    QTest::addRow("not python") << QStringLiteral("Typing :: Typed") << QStringLiteral(">=3.9") << false;
    QTest::addRow("no requires-python") << QStringLiteral("Programming Language :: Python :: 2.7") << QString() << false;
    QTest::addRow("invalid requires-python") << QStringLiteral("Programming Language :: Python :: 2.7") << QStringLiteral(">=three") << false;
}

void TestClassifiersPage::contradictsRequiresPython()
{
    QFETCH(QString, classifier);
    QFETCH(QString, requiresPython);
    QFETCH(bool, contradicts);
    QCOMPARE(ChosenClassifiersModel::contradictsRequiresPython(classifier, requiresPython), contradicts);
}

void TestClassifiersPage::chosenListCarriesTheProjectModelsHints()
{
    const QString path = makeProject("[project]\nname = \"demo\"\nversion = \"1.0\"\nlicense = \"MIT\"\n"
                                      "requires-python = \">=3.9\"\nclassifiers = [\n"
                                      "    \"License :: OSI Approved :: MIT License\",\n"
                                      "    \"Programming Language :: Python :: 3.8\",\n"
                                      "    \"Typing :: Typed\",\n"
                                      "    \"Not :: A Classifier\",\n]\n");
    ProjectDocument document;
    QVERIFY(document.load(path));
    ClassifiersPage page(document);
    page.resize(1000, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *list = page.findChild<QListView *>(QStringLiteral("chosenList"));
    QAbstractItemModel *model = list->model();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model->rowCount(), 4);
    auto hints = [model](int row) { return model->index(row, 0).data(ChosenClassifiersModel::HintsRole).toStringList().join(u'\n'); };
    QVERIFY2(hints(0).contains(QStringLiteral("license classifiers cannot be combined with an SPDX license expression")), qPrintable(hints(0)));
    QVERIFY2(hints(1).contains(QStringLiteral("requires-python = \">=3.9\" excludes this Python version")), qPrintable(hints(1)));
    QVERIFY2(hints(2).isEmpty(), qPrintable(hints(2)));
    QVERIFY2(hints(3).contains(QStringLiteral("is not a valid classifier")), qPrintable(hints(3)));
    QCOMPARE(model->index(0, 0).data(ChosenClassifiersModel::SeverityRole).toInt(), int(Project::Finding::Severity::Error));
    QVERIFY(!model->index(0, 0).data(Qt::DecorationRole).isNull());
    QVERIFY(model->index(2, 0).data(Qt::DecorationRole).isNull());
    QVERIFY(page.findChild<QLabel *>(QStringLiteral("chosenTitle"))->text().contains(QStringLiteral("(4)")));

    // The tree shows the listed classifiers ticked.
    auto *tree = page.findChild<QTreeView *>(QStringLiteral("classifierTree"));
    auto *proxy = qobject_cast<QSortFilterProxyModel *>(tree->model());
    auto *treeModel = qobject_cast<ClassifierTreeModel *>(proxy->sourceModel());
    QCOMPARE(treeModel->indexOf(QStringLiteral("Typing :: Typed")).data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Checked);
    QCOMPARE(treeModel->indexOf(QStringLiteral("Typing :: Stubs Only")).data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Unchecked);

    // Removing the unknown one (not in the tree) through the list and its button.
    list->setCurrentIndex(model->index(3, 0));
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("removeClassifierButton")), Qt::LeftButton);
    QCOMPARE(model->rowCount(), 3);
    QVERIFY(!document.project().metadata().classifiers.contains(QStringLiteral("Not :: A Classifier")));
}

void TestClassifiersPage::filterNarrowsTheTree()
{
    ProjectDocument document;
    QVERIFY(document.load(makeProject("[project]\nname = \"demo\"\nversion = \"1.0\"\n")));
    ClassifiersPage page(document);
    page.resize(1000, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *tree = page.findChild<QTreeView *>(QStringLiteral("classifierTree"));
    auto *filter = page.findChild<QLineEdit *>(QStringLiteral("classifierFilter"));
    const int before = countLeaves(*tree->model(), {});
    QCOMPARE(before, countLeaves(*qobject_cast<QSortFilterProxyModel *>(tree->model())->sourceModel(), {}));

    filter->setFocus();
    QTest::keyClicks(filter, QStringLiteral("python :: 3.1"));
    QStringList shown;
    const int after = countLeaves(*tree->model(), {}, &shown);
    QVERIFY(after > 0);
    QVERIFY(after < before);
    for (const QString &classifier : std::as_const(shown)) {
        QVERIFY2(classifier.contains(QStringLiteral("Python :: 3.1")), qPrintable(classifier));
    }
    QVERIFY(shown.contains(QStringLiteral("Programming Language :: Python :: 3.12")));
    // The matches are unfolded so that they can be ticked at once.
    QVERIFY(tree->isExpanded(tree->model()->index(0, 0)));

    filter->clear();
    QCOMPARE(countLeaves(*tree->model(), {}), before);
}

void TestClassifiersPage::tickTwoUntickOneSaveWritesTheShownDiff()
{
    const QByteArray original = "[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n\n"
                                "[project]\nname = \"demo\"\nversion = \"1.0\"\nrequires-python = \">=3.9\"\n"
                                "classifiers = [\n    \"Development Status :: 4 - Beta\",\n]\n";
    const QString path = makeProject(original);
    ProjectDocument document;
    QVERIFY(document.load(path));
    ClassifiersPage page(document);
    page.resize(1000, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *tree = page.findChild<QTreeView *>(QStringLiteral("classifierTree"));
    auto *filter = page.findChild<QLineEdit *>(QStringLiteral("classifierFilter"));
    auto *save = page.findChild<QPushButton *>(QStringLiteral("saveButton"));
    QVERIFY(!save->isEnabled());

    auto find = [tree](const QString &classifier) {
        const QModelIndexList found = tree->model()->match(tree->model()->index(0, 0), ClassifierTreeModel::ClassifierRole,
                                                           classifier, 1, Qt::MatchExactly | Qt::MatchRecursive);
        return found.isEmpty() ? QModelIndex() : found.constFirst();
    };
    auto tick = [&](const QString &filterText, const QString &classifier) {
        filter->clear();
        QTest::keyClicks(filter, filterText);
        const QModelIndex index = find(classifier);
        QVERIFY2(index.isValid(), qPrintable(classifier));
        clickCheckBox(tree, index);
    };
    tick(QStringLiteral("3.12"), QStringLiteral("Programming Language :: Python :: 3.12"));
    tick(QStringLiteral("typed"), QStringLiteral("Typing :: Typed"));
    tick(QStringLiteral("beta"), QStringLiteral("Development Status :: 4 - Beta"));
    QCOMPARE(document.project().metadata().classifiers,
             QStringList({QStringLiteral("Programming Language :: Python :: 3.12"), QStringLiteral("Typing :: Typed")}));
    QCOMPARE(find(QStringLiteral("Development Status :: 4 - Beta")).data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Unchecked);
    QCOMPARE(readFile(path + QStringLiteral("/pyproject.toml")), original); // nothing written yet

    const QByteArray expectedDiff = "--- a/pyproject.toml\n+++ b/pyproject.toml\n"
                                    "@@ -7,5 +7,6 @@\n"
                                    " version = \"1.0\"\n"
                                    " requires-python = \">=3.9\"\n"
                                    " classifiers = [\n"
                                    "-    \"Development Status :: 4 - Beta\",\n"
                                    "+    \"Programming Language :: Python :: 3.12\",\n"
                                    "+    \"Typing :: Typed\",\n"
                                    " ]\n";
    QVERIFY(save->isEnabled());
    QTest::mouseClick(save, Qt::LeftButton);
    auto *dialog = page.findChild<SaveDiffDialog *>();
    QVERIFY(dialog != nullptr);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QCOMPARE(dialog->findChild<QPlainTextEdit *>(QStringLiteral("diffView"))->toPlainText().toUtf8(), expectedDiff);
    QSignalSpy saved(&document, &ProjectDocument::saved);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("confirmSaveButton")), Qt::LeftButton);
    QCOMPARE(saved.size(), 1);
    QCOMPARE(readFile(path + QStringLiteral("/pyproject.toml")),
             "[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n\n"
             "[project]\nname = \"demo\"\nversion = \"1.0\"\nrequires-python = \">=3.9\"\n"
             "classifiers = [\n    \"Programming Language :: Python :: 3.12\",\n    \"Typing :: Typed\",\n]\n");
    QVERIFY(!save->isEnabled());
}

QTEST_MAIN(TestClassifiersPage)
#include "testclassifierspage.moc"
