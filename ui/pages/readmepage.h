// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>
#include <QString>
#include <QWidget>

#include <memory>

class IncrementalHtmlDocument;
class ProjectDocument;
template <typename T>
class QFutureWatcher;
class QComboBox;
class QFileSystemWatcher;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QPlainTextEdit;
class QSplitter;
class QTextBrowser;
class QTimer;

namespace Readme {
class RenderJob;
struct RenderResult;
} // namespace Readme

/**
 * The README page: the project's readme source beside the page PyPI would show (the README
 * engine's sanitized HTML in a QTextBrowser styled after pypi.org from the palette), and the
 * rendering findings under it (activating one selects its line in the source). The file is
 * watched: a change on disk, including an editor replacing the file, re-renders it.
 * Rendering runs off the UI thread (Readme::RenderJob); a newer rendering cancels an older.
 * A hidden page renders when it is shown. A new rendering of the file replaces only the parts
 * of the preview that changed (IncrementalHtmlDocument) and keeps its scroll position. A preview
 * set in full (another README, another content type) is set in parts: its top at once, the rest
 * a few milliseconds of work at a time from the event loop, so that the UI never freezes.
 * The content type switch changes the preview only, not pyproject.toml.
 */
class ReadmePage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReadmePage)

public:
    explicit ReadmePage(ProjectDocument &document, QWidget *parent = nullptr);
    ~ReadmePage() override;

    // The stylesheet the preview uses, derived from palette.
    [[nodiscard]] static QString previewStyleSheet(const QPalette &palette);

    // How long a change on disk settles before the file is read again (editors write in
    // several steps); 100 ms unless set (the benchmark times the rendering alone).
    void setReloadDelay(int milliseconds);
    // Whether the next rendering can replace only what changed in the preview (the preview's
    // element map is ready); for tests and the benchmark.
    [[nodiscard]] bool canUpdatePreviewPartially() const;
    // Whether the preview shows all of the last rendering (false while it is being set in parts).
    [[nodiscard]] bool isPreviewComplete() const;

Q_SIGNALS:
    // After each finished rendering (for tests and status display).
    void rendered();
    // When the preview shows all of a rendering: at once after rendered(), or once the last
    // part of a preview set in parts is in.
    void previewCompleted();

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void projectChanged();
    void watch();
    void reload();
    void render();
    void showResult(const Readme::RenderResult &result);
    void showBody(const QString &body);
    void setPreviewInFull();
    void fillPreview();
    void finishPreview();
    void restoreScroll();
    void mapPreviewElements();
    void cancelElementMap();
    void showMessage(const QString &message);
    void jumpToFinding(QListWidgetItem *item);
    void applyStyleSheet();

    ProjectDocument &m_document;
    QString m_filePath;        // absolute path of the readme file; empty for inline text or none
    QString m_declaredType;    // content type from pyproject.toml
    QString m_source;
    QString m_body; // the sanitized HTML the preview shows; empty for a message
    bool m_hasSource = false;
    bool m_renderWhenShown = false; // the source changed while the page was hidden
    QPointer<Readme::RenderJob> m_job;
    QFileSystemWatcher *m_watcher = nullptr;
    QTimer *m_reloadTimer = nullptr;
    QLabel *m_fileLabel = nullptr;
    QLabel *m_status = nullptr;
    QComboBox *m_contentType = nullptr;
    QSplitter *m_splitter = nullptr;
    QSplitter *m_vertical = nullptr;
    QPlainTextEdit *m_sourceView = nullptr;
    QTextBrowser *m_preview = nullptr;
    std::unique_ptr<IncrementalHtmlDocument> m_incremental;
    QFutureWatcher<QList<int>> *m_mapWatcher = nullptr; // the preview's element map being made
    QTimer *m_fillTimer = nullptr;  // the next part of a preview set in parts
    double m_fillRate = 0;          // characters of HTML a part appends per millisecond, measured
    int m_fillScroll = -1;          // the scroll position to restore as the parts come in
    QListWidget *m_findings = nullptr;
};
