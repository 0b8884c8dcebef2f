#include "MainWindow.h"

#include "AccountStore.h"
#include "ApiClient.h"
#include "AppSettings.h"
#include "AppTranslations.h"
#include "AppVersion.h"
#include "DeleteFileJob.h"
#include "FileDownloader.h"
#include "Icons.h"
#include "MeJob.h"
#include "RenameFileJob.h"
#include "ServerMenu.h"
#include "Session.h"
#include "SettingsDialog.h"
#include "SignInDialog.h"
#include "ThumbnailCache.h"
#include "ThumbnailDelegate.h"
#include "ThumbnailLoader.h"
#include "TimelineModel.h"
#include "TimelineView.h"
#include "TokenStore.h"
#include "TrayIcon.h"
#include "UiLogging.h"
#include "UploadEngine.h"
#include "UploadItem.h"
#include "UploadPanel.h"
#include "UploadQueue.h"
#include "UploadQueueModel.h"
#include "ViewerDialog.h"

#include <QAction>
#include <QActionGroup>
#include <QDir>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QWidgetAction>

namespace nestbox {

namespace {
const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");
const QString kDownloadFolderKey = QStringLiteral("downloads/folder");
constexpr QSize kDefaultSize{1100, 720};
// While a batch uploads, the grid is refreshed this often so new photos appear.
constexpr int kRefreshWhileUploadingMs = 1500;

QStringList localPaths(const QMimeData *mime)
{
    QStringList paths;
    if (!mime || !mime->hasUrls())
        return paths;
    const auto urls = mime->urls();
    for (const QUrl &url : urls)
        if (url.isLocalFile())
            paths.append(url.toLocalFile());
    return paths;
}
} // namespace

MainWindow::MainWindow(const LaunchOptions &options, QWidget *parent)
    : QMainWindow(parent)
    , _options(options)
    , _client(new ApiClient(this))
    , _tokens(new TokenStore(this))
    , _accounts(new AccountStore(nullptr, this))
    , _session(new Session(_client, _tokens, _accounts, this))
    , _queue(new UploadQueue(QString(), this))
    , _engine(nullptr)
    , _uploadModel(nullptr)
    , _thumbnailCache(std::make_unique<ThumbnailCache>())
    , _thumbnails(new ThumbnailLoader(_client, _thumbnailCache.get(), this))
    , _timeline(new TimelineModel(_client, this))
    , _downloader(new FileDownloader(_client, this))
    , _view(new TimelineView(this))
    , _tray(new TrayIcon(this))
    , _searchTimer(new QTimer(this))
    , _refreshTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Nestbox"));
    setAcceptDrops(true);
    if (!_queue->open())
        qCWarning(lcUi) << "upload queue cannot be opened:" << _queue->errorString();
    _engine = new UploadEngine(_client, _queue, this);
    _uploadModel = new UploadQueueModel(_queue, _engine, this);

    _timeline->setThumbnailLoader(_thumbnails);
    _view->setTimelineModel(_timeline);
    _view->setEmptyText(tr("Your album is empty"),
                        tr("Drop photos or whole folders here, or click “Add Photos…” to upload them."));
    setCentralWidget(_view);

    createActions();
    createToolBar();
    createUploadDock();
    createMenus();
    createStatusBar();
    connectEngine();
    applyUploadSettings();

    _searchTimer->setSingleShot(true);
    _searchTimer->setInterval(300);
    connect(_searchTimer, &QTimer::timeout, this, &MainWindow::applyFilters);
    _refreshTimer->setInterval(kRefreshWhileUploadingMs);
    connect(_refreshTimer, &QTimer::timeout, this, [this] {
        // Only while the user looks at the top of a small, fully loaded list: a reload would
        // otherwise throw away their scroll position.
        if (_uploadsSeenDone && _timeline->isComplete() && _view->visibleRows().first <= 0) {
            _uploadsSeenDone = false;
            _timeline->reload();
            refreshUsage();
        }
    });

    connect(_session, &Session::signedIn, this, &MainWindow::onSignedIn);
    connect(_session, &Session::signedOut, this, &MainWindow::onSignedOut);
    connect(_session, &Session::reauthenticationRequired, this, [this] { showSignIn(true); });
    connect(_session, &Session::signInFailed, this, [this](const ApiError &) {
        // A remembered session that does not work any more: ask.
        if (!_signIn || !_signIn->isVisible())
            showSignIn(false);
    });
    connect(_timeline, &TimelineModel::loadFailed, this, [this](const ApiError &error) {
        if (!error.isAuthError())
            statusBar()->showMessage(tr("Could not load the album: %1").arg(error.message), 8000);
    });
    connect(_timeline, &TimelineModel::loadingChanged, this, [this](bool loading) {
        _activityLabel->setVisible(loading);
        if (loading)
            _activityLabel->setText(tr("Loading…"));
    });
    connect(_view, &TimelineView::activatedRow, this, &MainWindow::openViewer);
    connect(_view, &QWidget::customContextMenuRequested, this, &MainWindow::showTimelineContextMenu);
    connect(_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::updateSelectionActions);
    connect(_timeline, &QAbstractItemModel::modelReset, this, &MainWindow::updateSelectionActions);
    connect(_downloader, &FileDownloader::progress, this, [this](int index, int count, qint64 done, qint64 total) {
        _activityLabel->setVisible(true);
        _activityLabel->setText(tr("Downloading %1 of %2…").arg(index).arg(count));
        _activityBar->setVisible(total > 0);
        _activityBar->setValue(total > 0 ? int(1000 * done / total) : 0);
    });
    connect(_downloader, &FileDownloader::finished, this,
            [this](int succeeded, const QStringList &errors, const QString &folder) {
                _activityBar->setVisible(false);
                _activityLabel->setVisible(false);
                if (errors.isEmpty()) {
                    statusBar()->showMessage(tr("%n file(s) downloaded to %1", nullptr, succeeded)
                                                 .arg(QDir::toNativeSeparators(folder)),
                                             8000);
                    return;
                }
                QMessageBox box(QMessageBox::Warning, tr("Download"),
                                tr("%n file(s) could not be downloaded.", nullptr, int(errors.size())),
                                QMessageBox::Ok, this);
                box.setDetailedText(errors.join(QLatin1Char('\n')));
                box.exec();
            });
    connect(_tray, &TrayIcon::showWindowRequested, this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    connect(_tray, &TrayIcon::pauseAllRequested, _engine, &UploadEngine::pauseAll);
    connect(_tray, &TrayIcon::resumeAllRequested, _engine, &UploadEngine::resumeAll);
    connect(_tray, &TrayIcon::quitRequested, this, &MainWindow::close);

    restoreWindowGeometry();
    updateSelectionActions();
}

MainWindow::~MainWindow()
{
    // The loader's worker threads use the cache; stop them before the cache goes.
    delete _thumbnails;
}

SignInDialog *MainWindow::signInDialog() const
{
    return _signIn;
}

ViewerDialog *MainWindow::viewer() const
{
    return _viewer;
}

void MainWindow::start()
{
    if (!_options.server.isEmpty() && !_options.user.isEmpty() && !_options.password.isEmpty()) {
        showSignIn(false);
        _signIn->setServerAddress(_options.server);
        _signIn->setUsername(_options.user);
        _signIn->setPassword(_options.password);
        if (_options.scriptPath.isEmpty())
            _signIn->submit();
        return;
    }
    if (!_session->restore())
        showSignIn(false);
}

void MainWindow::createActions()
{
    auto make = [this](const QString &text, const QString &icon, const QKeySequence &shortcut = {}) {
        auto *action = new QAction(text, this);
        if (!icon.isEmpty())
            Icons::set(action, icon);
        if (!shortcut.isEmpty())
            action->setShortcut(shortcut);
        return action;
    };
    _addFilesAction = make(tr("&Add Photos…"), QStringLiteral("add-photos"), QKeySequence::Open);
    _addFilesAction->setToolTip(tr("Upload photos and files to your album (you can also drop them on the window)"));
    _addFolderAction = make(tr("Add &Folder…"), QStringLiteral("folder"), QKeySequence(tr("Ctrl+Shift+O")));
    _openAction = make(tr("&Open"), QString());
    _openAction->setShortcuts({QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)});
    _openAction->setShortcutContext(Qt::WidgetShortcut);
    _downloadAction = make(tr("&Download…"), QStringLiteral("download"), QKeySequence::Save);
    _renameAction = make(tr("&Rename…"), QStringLiteral("rename"), QKeySequence(Qt::Key_F2));
    _deleteAction = make(tr("De&lete…"), QStringLiteral("delete"), QKeySequence::Delete);
    _copyNameAction = make(tr("&Copy Name"), QStringLiteral("copy"), QKeySequence::Copy);
    _refreshAction = make(tr("&Refresh"), QStringLiteral("refresh"), QKeySequence::Refresh);
    _findAction = make(tr("&Find…"), QStringLiteral("search"), QKeySequence::Find);
    _pauseAllAction = make(tr("&Pause All Uploads"), QStringLiteral("pause"), QKeySequence(tr("Ctrl+Shift+P")));
    _resumeAllAction = make(tr("Res&ume All Uploads"), QStringLiteral("resume"), QKeySequence(tr("Ctrl+Shift+R")));
    _retryAllAction = make(tr("Re&try Failed Uploads"), QStringLiteral("retry"));
    _settingsAction = make(tr("&Settings…"), QStringLiteral("settings"), QKeySequence::Preferences);
    if (_settingsAction->shortcut().isEmpty())
        _settingsAction->setShortcut(QKeySequence(tr("Ctrl+,")));
    _settingsAction->setMenuRole(QAction::PreferencesRole);
    _switchAccountAction = make(tr("S&witch Account…"), QStringLiteral("account"));
    _signOutAction = make(tr("Sign &Out"), QStringLiteral("sign-out"));
    _quitAction = make(tr("&Quit"), QString(), QKeySequence::Quit);
    _quitAction->setMenuRole(QAction::QuitRole);

    // Item actions act on the grid's selection; keep their shortcuts to the grid so Delete in
    // the search field deletes text, not photos.
    for (QAction *action : {_downloadAction, _renameAction, _deleteAction, _copyNameAction}) {
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        _view->addAction(action);
    }
    _view->addAction(_openAction);

    connect(_addFilesAction, &QAction::triggered, this, &MainWindow::chooseFilesToAdd);
    connect(_addFolderAction, &QAction::triggered, this, &MainWindow::chooseFolderToAdd);
    connect(_openAction, &QAction::triggered, this, [this] {
        if (_view->currentIndex().isValid())
            openViewer(_view->currentIndex().row());
    });
    connect(_downloadAction, &QAction::triggered, this, &MainWindow::downloadSelected);
    connect(_renameAction, &QAction::triggered, this, &MainWindow::renameSelected);
    connect(_deleteAction, &QAction::triggered, this, &MainWindow::deleteSelected);
    connect(_copyNameAction, &QAction::triggered, this, &MainWindow::copySelectedNames);
    connect(_refreshAction, &QAction::triggered, this, [this] {
        _timeline->reload();
        refreshUsage();
    });
    connect(_pauseAllAction, &QAction::triggered, _engine, &UploadEngine::pauseAll);
    connect(_resumeAllAction, &QAction::triggered, _engine, &UploadEngine::resumeAll);
    connect(_retryAllAction, &QAction::triggered, _engine, &UploadEngine::retryAll);
    connect(_settingsAction, &QAction::triggered, this, &MainWindow::showSettings);
    connect(_switchAccountAction, &QAction::triggered, this, [this] { showSignIn(false); });
    connect(_signOutAction, &QAction::triggered, _session, &Session::signOut);
    // close() rather than quit() so the window's geometry is saved on the way out.
    connect(_quitAction, &QAction::triggered, this, &MainWindow::close);
}

void MainWindow::createMenus()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    _fileMenu = fileMenu;
    fileMenu->addAction(_addFilesAction);
    fileMenu->addAction(_addFolderAction);
    fileMenu->addSeparator();
    fileMenu->addAction(_downloadAction);
    fileMenu->addSeparator();
    fileMenu->addAction(_switchAccountAction);
    fileMenu->addAction(_signOutAction);
    fileMenu->addSeparator();
    fileMenu->addAction(_quitAction);

    QMenu *editMenu = menuBar()->addMenu(tr("&Edit"));
    _editMenu = editMenu;
    editMenu->addAction(_copyNameAction);
    editMenu->addAction(_renameAction);
    editMenu->addAction(_deleteAction);
    editMenu->addSeparator();
    QAction *selectAll = editMenu->addAction(tr("Select &All"));
    _selectAllAction = selectAll;
    selectAll->setShortcut(QKeySequence::SelectAll);
    selectAll->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    _view->addAction(selectAll);
    connect(selectAll, &QAction::triggered, _view, &QListView::selectAll);
    editMenu->addAction(_findAction);
    editMenu->addSeparator();
    editMenu->addAction(_settingsAction);

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    _viewMenu = viewMenu;
    viewMenu->addAction(_refreshAction);
    QAction *toggleUploads = _uploadDock ? _uploadDock->toggleViewAction() : nullptr;
    if (toggleUploads)
        viewMenu->addAction(toggleUploads);
    QMenu *sizeMenu = viewMenu->addMenu(tr("Thumbnail &Size"));
    _thumbnailSizeMenu = sizeMenu;
    const struct {
        QString text;
        int pixels;
    } sizes[] = {{tr("Small"), 110}, {tr("Medium"), 150}, {tr("Large"), 210}};
    auto *group = new QActionGroup(this);
    for (const auto &size : sizes) {
        QAction *action = sizeMenu->addAction(size.text);
        _sizeActions[&size - sizes] = action;
        action->setCheckable(true);
        action->setChecked(size.pixels == _view->thumbnailDelegate()->thumbnailSize());
        group->addAction(action);
        const int pixels = size.pixels;
        connect(action, &QAction::triggered, this, [this, pixels] {
            _view->setThumbnailSize(pixels);
            QSettings().setValue(QStringLiteral("ui/thumbnailSize"), pixels);
        });
    }

    QMenu *uploadMenu = menuBar()->addMenu(tr("&Uploads"));
    _uploadMenu = uploadMenu;
    uploadMenu->addAction(_pauseAllAction);
    uploadMenu->addAction(_resumeAllAction);
    uploadMenu->addAction(_retryAllAction);

    // Hosting, family accounts (admins) and trusted certificates.
    _serverMenu = new ServerMenu(_session, this);
    menuBar()->addMenu(_serverMenu);
    connect(_serverMenu, &ServerMenu::signInRequested, this, [this](const QUrl &url, const QString &user, bool signUp) {
        showSignIn(false);
        _signIn->setMode(signUp ? SignInDialog::Mode::SignUp : SignInDialog::Mode::SignIn);
        _signIn->setServerAddress(url.toString());
        if (!user.isEmpty())
            _signIn->setUsername(user);
    });

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    _helpMenu = helpMenu;
    QAction *about = helpMenu->addAction(tr("&About Nestbox"));
    _aboutAction = about;
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, &MainWindow::showAbout);
    QAction *aboutQt = helpMenu->addAction(tr("About &Qt"));
    _aboutQtAction = aboutQt;
    aboutQt->setMenuRole(QAction::AboutQtRole);
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::createToolBar()
{
    QToolBar *bar = addToolBar(tr("Main Toolbar"));
    _mainToolBar = bar;
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->setIconSize(QSize(20, 20));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(_addFilesAction);
    bar->addSeparator();
    bar->addAction(_downloadAction);
    bar->addAction(_deleteAction);

    auto *spacer = new QWidget(bar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    bar->addWidget(spacer);

    _search = new QLineEdit(bar);
    _search->setObjectName(QStringLiteral("searchField"));
    _search->setPlaceholderText(tr("Search by name"));
    _search->setClearButtonEnabled(true);
    _search->addAction(Icons::icon(QStringLiteral("search")), QLineEdit::LeadingPosition);
    _search->setMinimumWidth(200);
    _search->setMaximumWidth(280);
    bar->addWidget(_search);

    _kindFilter = new QComboBox(bar);
    _kindFilter->setObjectName(QStringLiteral("kindFilter"));
    _kindFilter->addItem(tr("Everything"), int(TimelineModel::KindFilter::All));
    _kindFilter->addItem(Icons::icon(QStringLiteral("photo")), tr("Photos"), int(TimelineModel::KindFilter::Photos));
    _kindFilter->addItem(Icons::icon(QStringLiteral("video")), tr("Videos"), int(TimelineModel::KindFilter::Videos));
    _kindFilter->addItem(Icons::icon(QStringLiteral("file")), tr("Other files"), int(TimelineModel::KindFilter::Other));
    _kindFilter->setToolTip(tr("Show only one kind of file"));
    bar->addWidget(_kindFilter);

    _sortBox = new QComboBox(bar);
    _sortBox->setObjectName(QStringLiteral("sortBox"));
    _sortBox->addItem(tr("Newest taken first"));
    _sortBox->addItem(tr("Oldest taken first"));
    _sortBox->addItem(tr("Recently uploaded"));
    _sortBox->addItem(tr("Name A–Z"));
    _sortBox->setToolTip(tr("Sort order"));
    bar->addWidget(_sortBox);

    connect(_search, &QLineEdit::textChanged, _searchTimer, qOverload<>(&QTimer::start));
    connect(_search, &QLineEdit::returnPressed, this, &MainWindow::applyFilters);
    connect(_kindFilter, &QComboBox::currentIndexChanged, this, &MainWindow::applyFilters);
    connect(_sortBox, &QComboBox::currentIndexChanged, this, &MainWindow::applyFilters);
    connect(_findAction, &QAction::triggered, this, [this] {
        _search->setFocus();
        _search->selectAll();
    });

    const int savedSize = QSettings().value(QStringLiteral("ui/thumbnailSize"), 150).toInt();
    _view->setThumbnailSize(std::clamp(savedSize, 80, 320));
}

void MainWindow::createStatusBar()
{
    _accountLabel = new QLabel(this);
    _accountLabel->setObjectName(QStringLiteral("accountLabel"));
    _usageLabel = new QLabel(this);
    _usageLabel->setObjectName(QStringLiteral("usageLabel"));
    _activityLabel = new QLabel(this);
    _activityLabel->setVisible(false);
    _activityBar = new QProgressBar(this);
    _activityBar->setRange(0, 1000);
    _activityBar->setMaximumWidth(160);
    _activityBar->setMaximumHeight(14);
    _activityBar->setTextVisible(false);
    _activityBar->setVisible(false);
    statusBar()->addWidget(_accountLabel);
    statusBar()->addWidget(_activityLabel);
    statusBar()->addWidget(_activityBar);
    statusBar()->addPermanentWidget(_usageLabel);
    _accountLabel->setText(tr("Not signed in"));
}

void MainWindow::createUploadDock()
{
    _uploadPanel = new UploadPanel(_engine, _uploadModel, this);
    _uploadDock = new QDockWidget(tr("Uploads"), this);
    _uploadDock->setObjectName(QStringLiteral("uploadDock"));
    _uploadDock->setWidget(_uploadPanel);
    _uploadDock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable
                             | QDockWidget::DockWidgetFloatable);
    _uploadDock->toggleViewAction()->setShortcut(QKeySequence(tr("Ctrl+U")));
    _uploadDock->toggleViewAction()->setText(tr("&Uploads Panel"));
    Icons::set(_uploadDock->toggleViewAction(), QStringLiteral("upload"));
    addDockWidget(Qt::BottomDockWidgetArea, _uploadDock);
    _uploadDock->setVisible(_uploadModel->rowCount() > 0);
    resizeDocks({_uploadDock}, {240}, Qt::Vertical);
    connect(_uploadPanel, &UploadPanel::summaryChanged, this, &MainWindow::updateUploadProgress);
}

void MainWindow::connectEngine()
{
    connect(_engine, &UploadEngine::itemStateChanged, this, [this](qint64 id) {
        const auto item = _queue->item(id);
        if (item && (item->state == UploadState::Done || item->state == UploadState::Instant)) {
            _uploadsSeenDone = true;
            if (!_refreshTimer->isActive())
                _refreshTimer->start();
        }
    });
    connect(_engine, &UploadEngine::batchFinished, this, [this](int done, int failed) {
        _refreshTimer->stop();
        _uploadsSeenDone = false;
        if (_view->visibleRows().first <= 0 || _timeline->rowCount() == 0)
            _timeline->reload();
        refreshUsage();
        if (AppSettings::notifyWhenDone())
            _tray->notifyBatchFinished(done, failed);
        statusBar()->showMessage(failed > 0 ? tr("Uploads finished: %1 done, %2 failed").arg(done).arg(failed)
                                            : tr("%n file(s) uploaded", nullptr, done),
                                 8000);
    });
}

void MainWindow::updateUploadProgress()
{
    const bool active = _uploadPanel->hasActiveUploads();
    _tray->setProgress(active ? _uploadPanel->overallProgress() : -1.0, _uploadPanel->summaryText());
    if (_uploadDock) {
        _uploadDock->setWindowTitle(active ? tr("Uploads – %1 %").arg(int(_uploadPanel->overallProgress() * 100))
                                           : tr("Uploads"));
        // QDockWidget copies its title into the View menu's entry; keep that one fixed.
        _uploadDock->toggleViewAction()->setText(tr("&Uploads Panel"));
    }
}

void MainWindow::applyUploadSettings()
{
    _engine->setMaxParallelFiles(AppSettings::maxParallelFiles());
    _engine->setBandwidthLimit(qint64(AppSettings::bandwidthLimitKiB()) * 1024);
}

void MainWindow::showSignIn(bool reauthentication)
{
    if (!_signIn) {
        _signIn = new SignInDialog(_session, _accounts, _client->network(), this);
        _signIn->setAttribute(Qt::WA_DeleteOnClose);
        connect(_signIn, &SignInDialog::hostRequested, _serverMenu, &ServerMenu::showHosting);
        connect(_signIn, &QDialog::rejected, this, [this] {
            if (!_session->isSignedIn())
                _accountLabel->setText(tr("Not signed in – use File ▸ Switch Account… to sign in"));
        });
    }
    if (reauthentication)
        _signIn->setReauthentication(_session->serverUrl().toString(), _session->username());
    _signIn->show();
    _signIn->raise();
    _signIn->activateWindow();
    Q_EMIT signInDialogShown();
}

void MainWindow::onSignedIn()
{
    onSignedInTexts();
    if (_timeline->rowCount() == 0 || !_timeline->isComplete()) {
        // First sign-in, another account, or an expired session that interrupted paging.
        _thumbnails->reset();
        _timeline->reload();
    }
    refreshUsage();
    updateSelectionActions();
}

void MainWindow::onSignedInTexts()
{
    const QString where = _session->serverUrl().host()
                          + (_session->serverUrl().port() > 0 ? QLatin1Char(':') + QString::number(_session->serverUrl().port())
                                                              : QString());
    _accountLabel->setText(tr("%1 on %2").arg(_session->username(), where));
    _accountLabel->setToolTip(_session->serverUrl().toString());
    setWindowTitle(tr("Nestbox – %1").arg(_session->username()));
}

void MainWindow::onSignedOut()
{
    _timeline->clear();
    _thumbnails->reset();
    _accountLabel->setText(tr("Not signed in"));
    _usageLabel->clear();
    setWindowTitle(tr("Nestbox"));
    showSignIn(false);
}

void MainWindow::refreshUsage()
{
    if (!_client->hasToken())
        return;
    auto *job = new MeJob(_client, this);
    connect(job, &AbstractApiJob::finished, this, [this, job] {
        if (!job->succeeded())
            return;
        const QLocale locale;
        QString text = tr("%n file(s)", nullptr, int(job->fileCount())) + QStringLiteral("  ·  ")
                       + locale.formattedDataSize(job->usedBytes(), 1);
        if (job->quotaBytes() > 0)
            text = tr("%1 of %2 used").arg(text, locale.formattedDataSize(job->quotaBytes(), 1));
        _usageLabel->setText(text);
    });
    job->start();
}

void MainWindow::updateSelectionActions()
{
    const int selected = int(_view->selectedRows().size());
    const bool signedIn = _client->hasToken();
    _downloadAction->setEnabled(signedIn && selected > 0);
    _renameAction->setEnabled(signedIn && selected == 1);
    _deleteAction->setEnabled(signedIn && selected > 0);
    _copyNameAction->setEnabled(selected > 0);
    _addFilesAction->setEnabled(true);
}

void MainWindow::applyFilters()
{
    _timeline->setNameFilter(_search->text());
    _timeline->setKindFilter(TimelineModel::KindFilter(_kindFilter->currentData().toInt()));
    switch (_sortBox->currentIndex()) {
    case 0:
        _timeline->setSort(TimelineModel::Sort::Taken, Qt::DescendingOrder);
        break;
    case 1:
        _timeline->setSort(TimelineModel::Sort::Taken, Qt::AscendingOrder);
        break;
    case 2:
        _timeline->setSort(TimelineModel::Sort::Uploaded, Qt::DescendingOrder);
        break;
    default:
        _timeline->setSort(TimelineModel::Sort::Name, Qt::AscendingOrder);
        break;
    }
}

void MainWindow::openViewer(int row)
{
    if (row < 0 || row >= _timeline->rowCount())
        return;
    if (!_viewer) {
        _viewer = new ViewerDialog(_timeline, _thumbnails, _client, this);
        _viewer->setAttribute(Qt::WA_DeleteOnClose);
        connect(_viewer, &QDialog::finished, this, [this] {
            if (_viewer && _viewer->currentRow() >= 0)
                _view->setCurrentIndex(_timeline->index(_viewer->currentRow()));
        });
    }
    _viewer->showRow(row);
    _viewer->show();
    _viewer->raise();
    _viewer->activateWindow();
}

void MainWindow::addFiles(const QStringList &paths)
{
    if (paths.isEmpty())
        return;
    const QList<qint64> ids = _engine->addFiles(paths);
    if (ids.isEmpty()) {
        statusBar()->showMessage(tr("Nothing to upload there."), 6000);
        return;
    }
    _uploadDock->show();
    _uploadDock->raise();
    statusBar()->showMessage(tr("%n file(s) added to the upload queue", nullptr, int(ids.size())), 6000);
}

void MainWindow::chooseFilesToAdd()
{
    const QString start = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Add Photos"), start,
        tr("Photos and videos (*.jpg *.jpeg *.png *.heic *.heif *.webp *.gif *.tif *.tiff *.avif *.mp4 *.mov *.m4v);;"
           "All files (*)"));
    addFiles(files);
}

void MainWindow::chooseFolderToAdd()
{
    const QString start = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Add a Folder"), start);
    if (!folder.isEmpty())
        addFiles({folder});
}

void MainWindow::showTimelineContextMenu(const QPoint &position)
{
    const QModelIndex clicked = _view->indexAt(position);
    if (clicked.isValid() && !_view->selectionModel()->isSelected(clicked))
        _view->setCurrentIndex(clicked);
    QMenu menu(this);
    if (clicked.isValid()) {
        QAction *open = menu.addAction(tr("Open"));
        connect(open, &QAction::triggered, this, [this, row = clicked.row()] { openViewer(row); });
        menu.setDefaultAction(open);
        menu.addSeparator();
        menu.addAction(_downloadAction);
        menu.addAction(_copyNameAction);
        menu.addAction(_renameAction);
        menu.addSeparator();
        menu.addAction(_deleteAction);
    } else {
        menu.addAction(_addFilesAction);
        menu.addAction(_addFolderAction);
        menu.addAction(_refreshAction);
    }
    menu.exec(_view->viewport()->mapToGlobal(position));
}

void MainWindow::downloadSelected()
{
    const QList<int> rows = _view->selectedRows();
    if (rows.isEmpty())
        return;
    QSettings settings;
    const QString start = settings.value(kDownloadFolderKey,
                                         QStandardPaths::writableLocation(QStandardPaths::DownloadLocation))
                              .toString();
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Download %n file(s) to", nullptr, int(rows.size())), start);
    if (folder.isEmpty())
        return;
    settings.setValue(kDownloadFolderKey, folder);
    downloadSelectedTo(folder);
}

void MainWindow::downloadSelectedTo(const QString &folder)
{
    const QList<int> rows = _view->selectedRows();
    if (rows.isEmpty() || folder.isEmpty())
        return;
    QList<FileDownloader::Request> requests;
    for (int row : rows) {
        const TimelineModel::Item &item = _timeline->itemAt(row);
        requests.append({item.id, item.name, item.sha256, item.size});
    }
    _downloader->download(requests, folder);
}

void MainWindow::renameSelected()
{
    const QList<int> rows = _view->selectedRows();
    if (rows.size() != 1)
        return;
    const TimelineModel::Item item = _timeline->itemAt(rows.first());
    QInputDialog dialog(this);
    dialog.setWindowTitle(tr("Rename"));
    dialog.setLabelText(tr("New name for “%1”:").arg(item.name));
    dialog.setTextValue(item.name);
    dialog.resize(420, dialog.height());
    if (auto *edit = dialog.findChild<QLineEdit *>()) {
        // Select the name without its extension, as file managers do.
        const int dot = item.name.lastIndexOf(QLatin1Char('.'));
        QTimer::singleShot(0, edit, [edit, dot] { edit->setSelection(0, dot > 0 ? dot : edit->text().size()); });
    }
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString name = dialog.textValue().trimmed();
    if (name.isEmpty() || name == item.name)
        return;
    auto *job = new RenameFileJob(_client, item.id, name, this);
    connect(job, &AbstractApiJob::finished, this, [this, job] {
        if (job->succeeded())
            _timeline->updateFile(job->file());
        else
            showError(tr("Rename"), job->error());
    });
    job->start();
}

void MainWindow::deleteSelected()
{
    const QList<int> rows = _view->selectedRows();
    if (rows.isEmpty())
        return;
    const QString question =
        rows.size() == 1 ? tr("Delete “%1” from your album?").arg(_timeline->itemAt(rows.first()).name)
                         : tr("Delete %n file(s) from your album?", nullptr, int(rows.size()));
    QMessageBox box(QMessageBox::Warning, tr("Delete"), question, QMessageBox::NoButton, this);
    box.setInformativeText(tr("They are removed from the server for good. Copies on this computer stay."));
    QPushButton *deleteButton = box.addButton(tr("Delete"), QMessageBox::DestructiveRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() != deleteButton)
        return;
    const QStringList ids = _timeline->idsOfRows(rows);
    for (const QString &id : ids) {
        auto *job = new DeleteFileJob(_client, id, this);
        connect(job, &AbstractApiJob::finished, this, [this, job] {
            if (job->succeeded() || job->error().httpStatus == 404)
                _timeline->removeFile(job->fileId());
            else
                showError(tr("Delete"), job->error());
            refreshUsage();
        });
        job->start();
    }
}

void MainWindow::copySelectedNames()
{
    QStringList names;
    const QList<int> rows = _view->selectedRows();
    for (int row : rows)
        names.append(_timeline->itemAt(row).name);
    if (!names.isEmpty())
        QGuiApplication::clipboard()->setText(names.join(QLatin1Char('\n')));
}

void MainWindow::showSettings()
{
    SettingsDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    applyUploadSettings();
    // The new language applies at once: installing the translators makes Qt send
    // QEvent::LanguageChange to every widget, and each one retranslates itself.
    if (dialog.languageChanged() && AppTranslations::instance())
        AppTranslations::instance()->install(AppSettings::uiLocale());
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About Nestbox"),
        tr("<h3>Nestbox %1</h3>"
           "<p>A private photo album for your family, kept on a computer you own.</p>"
           "<p>Built with Qt %2.</p>")
            .arg(QString::fromLatin1(kAppVersion), QString::fromLatin1(qVersion())));
}

void MainWindow::showError(const QString &title, const ApiError &error)
{
    if (error.isAuthError())
        return; // the session asks for a new sign-in by itself
    QMessageBox::warning(this, title, error.message.isEmpty() ? error.toString() : error.message);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveWindowGeometry();
    if (_viewer)
        _viewer->close();
    QMainWindow::closeEvent(event);
    if (event->isAccepted())
        QCoreApplication::quit();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange
        || event->type() == QEvent::ThemeChange)
        Icons::refreshAll(this);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QMainWindow::changeEvent(event);
}

// The texts set when the window was built, again in the language now installed (the same
// source strings as in createActions() and friends, so they share one translation).
void MainWindow::retranslateUi()
{
    if (!_addFilesAction)
        return;
    _addFilesAction->setText(tr("&Add Photos…"));
    _addFilesAction->setToolTip(tr("Upload photos and files to your album (you can also drop them on the window)"));
    _addFolderAction->setText(tr("Add &Folder…"));
    _openAction->setText(tr("&Open"));
    _downloadAction->setText(tr("&Download…"));
    _renameAction->setText(tr("&Rename…"));
    _deleteAction->setText(tr("De&lete…"));
    _copyNameAction->setText(tr("&Copy Name"));
    _refreshAction->setText(tr("&Refresh"));
    _findAction->setText(tr("&Find…"));
    _pauseAllAction->setText(tr("&Pause All Uploads"));
    _resumeAllAction->setText(tr("Res&ume All Uploads"));
    _retryAllAction->setText(tr("Re&try Failed Uploads"));
    _settingsAction->setText(tr("&Settings…"));
    _switchAccountAction->setText(tr("S&witch Account…"));
    _signOutAction->setText(tr("Sign &Out"));
    _quitAction->setText(tr("&Quit"));
    const std::pair<QMenu *, QString> menus[] = {
        {_fileMenu, tr("&File")},          {_editMenu, tr("&Edit")},     {_viewMenu, tr("&View")},
        {_thumbnailSizeMenu, tr("Thumbnail &Size")}, {_uploadMenu, tr("&Uploads")}, {_helpMenu, tr("&Help")},
    };
    for (const auto &[menu, title] : menus)
        if (menu)
            menu->setTitle(title);
    const std::pair<QAction *, QString> others[] = {
        {_selectAllAction, tr("Select &All")}, {_aboutAction, tr("&About Nestbox")}, {_aboutQtAction, tr("About &Qt")},
        {_sizeActions[0], tr("Small")},      {_sizeActions[1], tr("Medium")},      {_sizeActions[2], tr("Large")},
    };
    for (const auto &[action, text] : others)
        if (action)
            action->setText(text);
    if (_mainToolBar)
        _mainToolBar->setWindowTitle(tr("Main Toolbar"));
    _search->setPlaceholderText(tr("Search by name"));
    const QString kinds[] = {tr("Everything"), tr("Photos"), tr("Videos"), tr("Other files")};
    for (int i = 0; i < _kindFilter->count() && i < 4; ++i)
        _kindFilter->setItemText(i, kinds[i]);
    _kindFilter->setToolTip(tr("Show only one kind of file"));
    const QString sorts[] = {tr("Newest taken first"), tr("Oldest taken first"), tr("Recently uploaded"), tr("Name A–Z")};
    for (int i = 0; i < _sortBox->count() && i < 4; ++i)
        _sortBox->setItemText(i, sorts[i]);
    _sortBox->setToolTip(tr("Sort order"));
    _view->setEmptyText(tr("Your album is empty"),
                        tr("Drop photos or whole folders here, or click “Add Photos…” to upload them."));
    _tray->retranslate();
    updateUploadProgress(); // the dock's title and the tray's tooltip
    if (_session->isSignedIn()) {
        onSignedInTexts();
        refreshUsage();
    } else {
        setWindowTitle(tr("Nestbox"));
        _accountLabel->setText(tr("Not signed in"));
    }
    _view->viewport()->update();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!localPaths(event->mimeData()).isEmpty()) {
        event->setDropAction(Qt::CopyAction);
        event->accept();
        return;
    }
    event->ignore();
}

void MainWindow::dragMoveEvent(QDragMoveEvent *event)
{
    if (!localPaths(event->mimeData()).isEmpty()) {
        event->setDropAction(Qt::CopyAction);
        event->accept();
        return;
    }
    event->ignore();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QStringList paths = localPaths(event->mimeData());
    if (paths.isEmpty()) {
        event->ignore();
        return;
    }
    event->setDropAction(Qt::CopyAction);
    event->accept();
    qCInfo(lcUi) << "dropped" << paths.size() << "item(s)";
    addFiles(paths);
}

void MainWindow::restoreWindowGeometry()
{
    const QSettings settings;
    if (restoreGeometry(settings.value(kGeometryKey).toByteArray())) {
        restoreState(settings.value(kStateKey).toByteArray());
        return;
    }
    // First run: a comfortable size in the middle of the primary screen.
    resize(kDefaultSize);
    if (const QScreen *screen = QGuiApplication::primaryScreen()) {
        QRect frame(QPoint(), kDefaultSize.boundedTo(screen->availableGeometry().size()));
        frame.moveCenter(screen->availableGeometry().center());
        move(frame.topLeft());
    }
}

void MainWindow::saveWindowGeometry() const
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
}

} // namespace nestbox
