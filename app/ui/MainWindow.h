#pragma once

#include "LaunchOptions.h"

#include <QMainWindow>
#include <QPointer>

#include <memory>

class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QLineEdit;
class QMenu;
class QToolBar;
class QProgressBar;
class QTimer;

namespace nestbox {

class AccountStore;
class ApiClient;
class ApiError;
class FileDownloader;
class ServerMenu;
class Session;
class SignInDialog;
class ThumbnailCache;
class ThumbnailLoader;
class TimelineModel;
class TimelineView;
class TokenStore;
class TrayIcon;
class UploadEngine;
class UploadPanel;
class UploadQueue;
class UploadQueueModel;
class ViewerDialog;

// The app's main window and the place where engine and windows are wired together: the timeline
// grid with its sort/filter bar, the upload panel dock, the status bar (account and usage), the
// tray icon, menus and shortcuts, the sign-in dialog (at start and whenever the session expires),
// downloads, rename, delete, the viewer and settings. Drops of files and folders anywhere on the
// window go to the upload queue. Geometry and dock layout are remembered. GUI thread.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(const LaunchOptions &options = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Signs in from what is remembered, or shows the sign-in dialog.
    void start();

    Session *session() const { return _session; }
    ApiClient *apiClient() const { return _client; }
    TimelineModel *timelineModel() const { return _timeline; }
    TimelineView *timelineView() const { return _view; }
    UploadEngine *uploadEngine() const { return _engine; }
    UploadQueueModel *uploadModel() const { return _uploadModel; }
    UploadPanel *uploadPanel() const { return _uploadPanel; }
    SignInDialog *signInDialog() const;
    ServerMenu *serverMenu() const { return _serverMenu; }
    ViewerDialog *viewer() const;
    FileDownloader *downloader() const { return _downloader; }
    const LaunchOptions &launchOptions() const { return _options; }

public Q_SLOTS:
    void openViewer(int row);
    void addFiles(const QStringList &paths);
    // The Download action once a folder is chosen: the selected files go into `folder`.
    void downloadSelectedTo(const QString &folder);

Q_SIGNALS:
    void signInDialogShown();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void createStatusBar();
    void createUploadDock();
    void connectEngine();
    void showSignIn(bool reauthentication);
    void onSignedIn();
    void onSignedInTexts();
    void retranslateUi();
    void onSignedOut();
    void refreshUsage();
    void applyUploadSettings();
    void updateSelectionActions();
    void updateUploadProgress();
    void showTimelineContextMenu(const QPoint &position);
    void chooseFilesToAdd();
    void chooseFolderToAdd();
    void downloadSelected();
    void renameSelected();
    void deleteSelected();
    void copySelectedNames();
    void applyFilters();
    void showSettings();
    void showAbout();
    void showError(const QString &title, const ApiError &error);
    void restoreWindowGeometry();
    void saveWindowGeometry() const;

    LaunchOptions _options;
    ApiClient *_client;
    TokenStore *_tokens;
    AccountStore *_accounts;
    Session *_session;
    UploadQueue *_queue;
    UploadEngine *_engine;
    UploadQueueModel *_uploadModel;
    std::unique_ptr<ThumbnailCache> _thumbnailCache;
    ThumbnailLoader *_thumbnails;
    TimelineModel *_timeline;
    FileDownloader *_downloader;
    TimelineView *_view;
    UploadPanel *_uploadPanel = nullptr;
    QDockWidget *_uploadDock = nullptr;
    TrayIcon *_tray;
    QPointer<SignInDialog> _signIn;
    ServerMenu *_serverMenu = nullptr;
    QPointer<ViewerDialog> _viewer;
    QLineEdit *_search = nullptr;
    QComboBox *_kindFilter = nullptr;
    QComboBox *_sortBox = nullptr;
    QLabel *_accountLabel = nullptr;
    QLabel *_usageLabel = nullptr;
    QLabel *_activityLabel = nullptr;
    QProgressBar *_activityBar = nullptr;
    QTimer *_searchTimer;
    QTimer *_refreshTimer;

    QMenu *_fileMenu = nullptr;
    QMenu *_editMenu = nullptr;
    QMenu *_viewMenu = nullptr;
    QMenu *_thumbnailSizeMenu = nullptr;
    QMenu *_uploadMenu = nullptr;
    QMenu *_helpMenu = nullptr;
    QToolBar *_mainToolBar = nullptr;
    QAction *_selectAllAction = nullptr;
    QAction *_aboutAction = nullptr;
    QAction *_aboutQtAction = nullptr;
    QAction *_sizeActions[3] = {};
    QAction *_addFilesAction = nullptr;
    QAction *_addFolderAction = nullptr;
    QAction *_openAction = nullptr;
    QAction *_downloadAction = nullptr;
    QAction *_renameAction = nullptr;
    QAction *_deleteAction = nullptr;
    QAction *_copyNameAction = nullptr;
    QAction *_refreshAction = nullptr;
    QAction *_findAction = nullptr;
    QAction *_pauseAllAction = nullptr;
    QAction *_resumeAllAction = nullptr;
    QAction *_retryAllAction = nullptr;
    QAction *_settingsAction = nullptr;
    QAction *_switchAccountAction = nullptr;
    QAction *_signOutAction = nullptr;
    QAction *_quitAction = nullptr;
    bool _uploadsSeenDone = false;
};

} // namespace nestbox
