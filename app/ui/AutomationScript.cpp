#include "AutomationScript.h"

#include "DiscoveryModel.h"

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
#include <QMessageBox>
#include <QMouseEvent>
#include <QPushButton>
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
    else if (target == QLatin1String("trust") && _window->signInDialog())
        widget = _window->signInDialog()->trustQuestion();
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
        if (!_window->launchOptions().user.isEmpty())
            dialog->setUsername(_window->launchOptions().user);
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
    if (verb == QLatin1String("wait-discovered") || verb == QLatin1String("pick-discovered")
        || verb == QLatin1String("wait-trust-question") || verb == QLatin1String("answer-trust")
        || verb == QLatin1String("wait-sign-in-error"))
        return signInStep(command);
    if (verb == QLatin1String("quit")) {
        _timer.stop();
        _window->close();
        QCoreApplication::exit(0);
        return Result::Done;
    }
    fail(QStringLiteral("unknown command"));
    return Result::Fail;
}

bool AutomationScript::writeText(const QString &path, const QString &text)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(text.toUtf8()) >= 0;
}

AutomationScript::Result AutomationScript::signInStep(const QStringList &command)
{
    const QString verb = command.value(0);
    SignInDialog *dialog = _window->signInDialog();
    if (!dialog || !dialog->isVisible())
        return Result::Wait;

    if (verb == QLatin1String("wait-discovered") || verb == QLatin1String("pick-discovered")) {
        const QString name = command.mid(1).join(QLatin1Char(' '));
        const DiscoveryModel *model = dialog->discoveryModel();
        int row = -1;
        for (int i = 0; i < model->rowCount() && row < 0; ++i)
            if (model->index(i).data(DiscoveryModel::NameRole).toString() == name)
                row = i;
        auto *list = dialog->findChild<QListView *>(QStringLiteral("discoveredServers"));
        if (row < 0 || !list || !list->isVisible())
            return Result::Wait;
        const QModelIndex index = model->index(row);
        if (verb == QLatin1String("wait-discovered")) {
            qCInfo(lcAutomation).noquote() << "discovered" << name << "at"
                                           << index.data(DiscoveryModel::UrlRole).toUrl().toString();
            return Result::Done;
        }
        list->scrollTo(index);
        const QPoint where = list->visualRect(index).center();
        const QPoint global = list->viewport()->mapToGlobal(where);
        QMouseEvent press(QEvent::MouseButtonPress, QPointF(where), QPointF(global), Qt::LeftButton, Qt::LeftButton,
                          Qt::NoModifier);
        QCoreApplication::sendEvent(list->viewport(), &press);
        QMouseEvent release(QEvent::MouseButtonRelease, QPointF(where), QPointF(global), Qt::LeftButton, Qt::NoButton,
                            Qt::NoModifier);
        QCoreApplication::sendEvent(list->viewport(), &release);
        if (list->currentIndex() != index) {
            fail(QStringLiteral("the click did not reach the row of %1").arg(name));
            return Result::Fail;
        }
        return Result::Done;
    }
    if (verb == QLatin1String("wait-trust-question")) {
        QMessageBox *question = dialog->trustQuestion();
        if (!question || !question->isVisible())
            return Result::Wait;
        qCInfo(lcAutomation).noquote() << "trust question:" << question->text();
        if (command.size() > 1 && !writeText(command.at(1), question->text())) {
            fail(QStringLiteral("cannot write %1").arg(command.at(1)));
            return Result::Fail;
        }
        return Result::Done;
    }
    if (verb == QLatin1String("answer-trust")) {
        QMessageBox *question = dialog->trustQuestion();
        if (!question || !question->isVisible())
            return Result::Wait;
        const QString answer = command.value(1);
        if (answer != QLatin1String("yes") && answer != QLatin1String("no")) {
            fail(QStringLiteral("answer-trust takes yes or no"));
            return Result::Fail;
        }
        const QMessageBox::ButtonRole role = answer == QLatin1String("yes") ? QMessageBox::AcceptRole
                                                                             : QMessageBox::RejectRole;
        const QList<QAbstractButton *> buttons = question->buttons();
        for (QAbstractButton *button : buttons) {
            if (question->buttonRole(button) == role) {
                button->click();
                return Result::Done;
            }
        }
        fail(QStringLiteral("the question has no button for %1").arg(answer));
        return Result::Fail;
    }
    // wait-sign-in-error: the dialog is no longer busy and shows what went wrong.
    const QString message = dialog->messageText();
    if (dialog->isBusy() || message.isEmpty() || dialog->trustQuestion())
        return Result::Wait;
    qCInfo(lcAutomation).noquote() << "sign-in error:" << message;
    if (command.size() > 1 && !writeText(command.at(1), message)) {
        fail(QStringLiteral("cannot write %1").arg(command.at(1)));
        return Result::Fail;
    }
    return Result::Done;
}

} // namespace nestbox
