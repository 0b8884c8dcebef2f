#include "AutomationScript.h"

#include "FileDownloader.h"
#include "MainWindow.h"
#include "Session.h"
#include "SignInDialog.h"
#include "TimelineModel.h"
#include "TimelineView.h"
#include "UiLogging.h"
#include "UploadEngine.h"
#include "UploadItem.h"
#include "UploadPanel.h"
#include "UploadQueueModel.h"
#include "ViewerDialog.h"

#include <QCoreApplication>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileInfo>
#include <QListView>
#include <QMimeData>
#include <QPixmap>
#include <QUrl>

namespace nestbox {

AutomationScript::AutomationScript(MainWindow *window, const QString &path, QObject *parent)
    : QObject(parent)
    , _window(window)
    , _path(path)
{
    _timer.setInterval(100);
    connect(&_timer, &QTimer::timeout, this, &AutomationScript::tick);
}

bool AutomationScript::load()
{
    QFile file(_path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        _error = file.errorString();
        return false;
    }
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        const QString trimmed = line.trimmed();
        if (!trimmed.isEmpty() && !trimmed.startsWith(QLatin1Char('#')))
            _lines.append(trimmed);
    }
    return true;
}

void AutomationScript::start()
{
    _current = 0;
    _stepClock.start();
    _timer.start();
}

void AutomationScript::fail(const QString &why)
{
    _timer.stop();
    qCCritical(lcAutomation).noquote() << "script line" << (_current + 1) << _lines.value(_current) << "failed:" << why;
    QCoreApplication::exit(3);
}

void AutomationScript::tick()
{
    while (_current < _lines.size()) {
        const QStringList command = _lines.at(_current).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        const Result result = run(command);
        if (result == Result::Fail)
            return;
        if (result == Result::Wait) {
            if (_stepClock.elapsed() > kStepTimeoutMs)
                fail(QStringLiteral("timed out"));
            return;
        }
        qCInfo(lcAutomation).noquote() << "done:" << _lines.at(_current) << "in" << _stepClock.elapsed() << "ms";
        ++_current;
        _sleepUntil = -1;
        _stepClock.restart();
    }
    _timer.stop();
}

bool AutomationScript::saveGrab(QWidget *widget, const QString &path)
{
    const QPixmap picture = widget->grab();
    return !picture.isNull() && picture.save(path, "PNG");
}

AutomationScript::Result AutomationScript::screenshot(const QString &target, const QString &path)
{
    QWidget *widget = nullptr;
    if (target == QLatin1String("sign-in"))
        widget = _window->signInDialog();
    else if (target == QLatin1String("viewer"))
        widget = _window->viewer();
    else if (target == QLatin1String("window"))
        widget = _window;
    if (!widget || !widget->isVisible()) {
        fail(QStringLiteral("nothing to grab for %1").arg(target));
        return Result::Fail;
    }
    if (!saveGrab(widget, path)) {
        fail(QStringLiteral("cannot write %1").arg(path));
        return Result::Fail;
    }
    qCInfo(lcAutomation).noquote() << "screenshot" << path;
    return Result::Done;
}

AutomationScript::Result AutomationScript::run(const QStringList &command)
{
    const QString verb = command.value(0);
    const auto argInt = [&command](int i) { return command.value(i).toInt(); };
    UploadQueueModel *uploads = _window->uploadModel();
    TimelineModel *timeline = _window->timelineModel();

    if (verb == QLatin1String("sleep")) {
        if (_sleepUntil < 0)
            _sleepUntil = _stepClock.elapsed() + argInt(1);
        return _stepClock.elapsed() >= _sleepUntil ? Result::Done : Result::Wait;
    }
    if (verb == QLatin1String("screenshot"))
        return screenshot(command.value(1), command.value(2));
    if (verb == QLatin1String("sign-in")) {
        SignInDialog *dialog = _window->signInDialog();
        if (!dialog || !dialog->isVisible())
            return Result::Wait;
        dialog->submit();
        return Result::Done;
    }
    if (verb == QLatin1String("sign-up")) {
        SignInDialog *dialog = _window->signInDialog();
        if (!dialog || !dialog->isVisible())
            return Result::Wait;
        dialog->setMode(SignInDialog::Mode::SignUp);
        dialog->setPassword(_window->launchOptions().password);
        return Result::Done;
    }
    if (verb == QLatin1String("wait-signed-in")) {
        const SignInDialog *dialog = _window->signInDialog();
        return _window->session()->isSignedIn() && (!dialog || !dialog->isVisible()) ? Result::Done : Result::Wait;
    }
    if (verb == QLatin1String("drop")) {
        QList<QUrl> urls;
        for (int i = 1; i < command.size(); ++i)
            urls.append(QUrl::fromLocalFile(QFileInfo(command.at(i)).absoluteFilePath()));
        QMimeData mime;
        mime.setUrls(urls);
        const QPoint where = _window->rect().center();
        QDragEnterEvent enter(where, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(_window, &enter);
        if (!enter.isAccepted()) {
            fail(QStringLiteral("the window refused the drag"));
            return Result::Fail;
        }
        QDragMoveEvent move(where, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(_window, &move);
        QDropEvent drop(QPointF(where), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(_window, &drop);
        if (!drop.isAccepted()) {
            fail(QStringLiteral("the window refused the drop"));
            return Result::Fail;
        }
        return Result::Done;
    }
    if (verb == QLatin1String("set-bandwidth")) {
        _window->uploadEngine()->setBandwidthLimit(qint64(argInt(1)) * 1024);
        return Result::Done;
    }
    if (verb == QLatin1String("wait-upload-progress")) {
        if (command.size() > 1) {
            const QModelIndex index = uploads->index(argInt(1));
            return index.isValid() && index.data(UploadQueueModel::BytesDoneRole).toLongLong() > 0 ? Result::Done
                                                                                                   : Result::Wait;
        }
        for (int row = 0; row < uploads->rowCount(); ++row)
            if (uploads->index(row).data(UploadQueueModel::BytesDoneRole).toLongLong() > 0)
                return Result::Done;
        return Result::Wait;
    }
    if (verb == QLatin1String("pause-upload") || verb == QLatin1String("resume-upload")) {
        const qint64 id = uploads->idAt(argInt(1));
        if (id <= 0)
            return Result::Wait;
        if (verb == QLatin1String("pause-upload"))
            _window->uploadEngine()->pause(id);
        else
            _window->uploadEngine()->resume(id);
        return Result::Done;
    }
    if (verb == QLatin1String("show-upload")) {
        const QModelIndex index = uploads->index(argInt(1));
        if (!index.isValid())
            return Result::Wait;
        _window->uploadPanel()->view()->scrollTo(index, QAbstractItemView::PositionAtTop);
        return Result::Done;
    }
    if (verb == QLatin1String("wait-state")) {
        const QModelIndex index = uploads->index(argInt(1));
        if (!index.isValid())
            return Result::Wait;
        const auto state = UploadState(index.data(UploadQueueModel::StateRole).toInt());
        return uploadStateName(state) == command.value(2) ? Result::Done : Result::Wait;
    }
    if (verb == QLatin1String("wait-uploads-done")) {
        if (uploads->rowCount() == 0)
            return Result::Wait;
        for (int row = 0; row < uploads->rowCount(); ++row) {
            const auto state = UploadState(uploads->index(row).data(UploadQueueModel::StateRole).toInt());
            if (state != UploadState::Done && state != UploadState::Instant && state != UploadState::Failed
                && state != UploadState::Canceled)
                return Result::Wait;
        }
        return Result::Done;
    }
    if (verb == QLatin1String("wait-uploads-count")) {
        int done = 0;
        for (int row = 0; row < uploads->rowCount(); ++row) {
            const auto state = UploadState(uploads->index(row).data(UploadQueueModel::StateRole).toInt());
            if (state == UploadState::Done || state == UploadState::Instant)
                ++done;
        }
        return done >= argInt(1) ? Result::Done : Result::Wait;
    }
    if (verb == QLatin1String("wait-timeline")) {
        if (timeline->rowCount() >= argInt(1))
            return Result::Done;
        // New uploads show after a refresh; ask again now and then.
        if (!timeline->isLoading() && _stepClock.elapsed() % 2000 < 100)
            timeline->reload();
        return Result::Wait;
    }
    if (verb == QLatin1String("wait-thumbnails")) {
        const auto [first, last] = _window->timelineView()->visibleRows();
        if (first < 0)
            return Result::Wait;
        for (int row = first; row <= last; ++row) {
            const QModelIndex index = timeline->index(row);
            if (index.data(TimelineModel::KindRole).toString() == QLatin1String("image")
                && index.data(TimelineModel::ThumbnailStateRole).toString() != QLatin1String("none")
                && !index.data(TimelineModel::HasThumbnailRole).toBool()) {
                // Thumbnails still pending on the server: ask for the visible rows again.
                if (_stepClock.elapsed() % 3000 < 100)
                    timeline->requestThumbnails(first, last, 0);
                return Result::Wait;
            }
        }
        return Result::Done;
    }
    if (verb == QLatin1String("select")) {
        const QModelIndex index = timeline->index(argInt(1));
        if (!index.isValid())
            return Result::Wait;
        _window->timelineView()->setCurrentIndex(index);
        return Result::Done;
    }
    if (verb == QLatin1String("open-viewer")) {
        if (argInt(1) >= timeline->rowCount())
            return Result::Wait;
        _window->openViewer(argInt(1));
        return Result::Done;
    }
    if (verb == QLatin1String("wait-viewer-full")) {
        const ViewerDialog *viewer = _window->viewer();
        return viewer && viewer->quality() >= 3 ? Result::Done : Result::Wait;
    }
    if (verb == QLatin1String("viewer-next")) {
        if (ViewerDialog *viewer = _window->viewer())
            viewer->showNext();
        return Result::Done;
    }
    if (verb == QLatin1String("close-viewer")) {
        if (ViewerDialog *viewer = _window->viewer())
            viewer->close();
        return Result::Done;
    }
    if (verb == QLatin1String("download-selected")) {
        const QString folder = QFileInfo(command.value(1)).absoluteFilePath();
        if (command.size() < 2 || !QFileInfo(folder).isDir()) {
            fail(QStringLiteral("no such folder: %1").arg(folder));
            return Result::Fail;
        }
        if (_window->timelineView()->selectedRows().isEmpty()) {
            fail(QStringLiteral("nothing selected to download"));
            return Result::Fail;
        }
        _downloadsFinished = false;
        _downloadErrors.clear();
        connect(
            _window->downloader(), &FileDownloader::finished, this,
            [this](int, const QStringList &errors, const QString &) {
                _downloadsFinished = true;
                _downloadErrors = errors;
            },
            Qt::SingleShotConnection);
        _window->downloadSelectedTo(folder);
        return Result::Done;
    }
    if (verb == QLatin1String("wait-downloads-done")) {
        if (!_downloadsFinished)
            return Result::Wait;
        if (!_downloadErrors.isEmpty()) {
            fail(_downloadErrors.join(QLatin1String("; ")));
            return Result::Fail;
        }
        return Result::Done;
    }
    if (verb == QLatin1String("quit")) {
        _timer.stop();
        _window->close();
        QCoreApplication::exit(0);
        return Result::Done;
    }
    fail(QStringLiteral("unknown command"));
    return Result::Fail;
}

} // namespace nestbox
