#include "UploadPanel.h"

#include "Icons.h"
#include "LocalPreviewProvider.h"
#include "UploadEngine.h"
#include "UploadItem.h"
#include "UploadQueue.h"
#include "UploadQueueModel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QEvent>
#include <QLocale>
#include <QMenu>
#include <QToolButton>
#include <QVBoxLayout>

namespace nestbox {

namespace {
QString actionIcon(UploadItemDelegate::Action action)
{
    switch (action) {
    case UploadItemDelegate::Action::Pause:
        return QStringLiteral("pause");
    case UploadItemDelegate::Action::Resume:
        return QStringLiteral("resume");
    case UploadItemDelegate::Action::Retry:
        return QStringLiteral("retry");
    case UploadItemDelegate::Action::Cancel:
        break;
    }
    return QStringLiteral("cancel");
}
} // namespace

UploadPanel::UploadPanel(UploadEngine *engine, UploadQueueModel *model, QWidget *parent)
    : QWidget(parent)
    , _engine(engine)
    , _model(model)
    , _previews(new LocalPreviewProvider(40, this))
    , _delegate(new UploadItemDelegate(_previews, this))
    , _view(new QListView(this))
    , _summary(new QLabel(this))
    , _pauseAll(new QToolButton(this))
    , _resumeAll(new QToolButton(this))
    , _retryAll(new QToolButton(this))
    , _clearFinished(new QToolButton(this))
{
    setObjectName(QStringLiteral("uploadPanel"));
    _view->setObjectName(QStringLiteral("uploadList"));
    _view->setModel(_model);
    _view->setItemDelegate(_delegate);
    _view->setUniformItemSizes(true);
    _view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    _view->setMouseTracking(true);
    _view->setContextMenuPolicy(Qt::CustomContextMenu);
    _view->setAlternatingRowColors(true);
    _view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);

    _summary->setTextFormat(Qt::PlainText);
    struct Button {
        QToolButton *button;
        const char *icon;
    };
    const Button buttons[] = {
        {_pauseAll, "pause"},
        {_resumeAll, "resume"},
        {_retryAll, "retry"},
        {_clearFinished, "clear-finished"},
    };
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(8, 4, 8, 4);
    bar->addWidget(_summary, 1);
    for (const Button &b : buttons) {
        Icons::set(b.button, QString::fromLatin1(b.icon));
        b.button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        b.button->setAutoRaise(true);
        bar->addWidget(b.button);
    }
    retranslateButtons();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(_view, 1);

    connect(_pauseAll, &QToolButton::clicked, _engine, &UploadEngine::pauseAll);
    connect(_resumeAll, &QToolButton::clicked, _engine, &UploadEngine::resumeAll);
    connect(_retryAll, &QToolButton::clicked, _engine, &UploadEngine::retryAll);
    connect(_clearFinished, &QToolButton::clicked, _engine, [this] { _engine->queue()->removeFinished(); });
    connect(_delegate, &UploadItemDelegate::actionTriggered, this, &UploadPanel::onAction);
    connect(_view, &QListView::customContextMenuRequested, this, &UploadPanel::showContextMenu);
    connect(_previews, &LocalPreviewProvider::previewReady, _view->viewport(), qOverload<>(&QWidget::update));
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved}) {
        connect(_model, signal, this, &UploadPanel::updateSummary);
    }
    connect(_model, &QAbstractItemModel::modelReset, this, &UploadPanel::updateSummary);
    connect(_model, &QAbstractItemModel::dataChanged, this, &UploadPanel::updateSummary);
    updateSummary();
}

int UploadPanel::finishedCount() const
{
    int done = 0;
    for (int row = 0; row < _model->rowCount(); ++row) {
        const auto state = UploadState(_model->index(row).data(UploadQueueModel::StateRole).toInt());
        if (state == UploadState::Done || state == UploadState::Instant)
            ++done;
    }
    return done;
}

int UploadPanel::totalCount() const
{
    int total = 0;
    for (int row = 0; row < _model->rowCount(); ++row)
        if (UploadState(_model->index(row).data(UploadQueueModel::StateRole).toInt()) != UploadState::Canceled)
            ++total;
    return total;
}

double UploadPanel::overallProgress() const
{
    qint64 size = 0;
    qint64 done = 0;
    for (int row = 0; row < _model->rowCount(); ++row) {
        const QModelIndex index = _model->index(row);
        if (UploadState(index.data(UploadQueueModel::StateRole).toInt()) == UploadState::Canceled)
            continue;
        const qint64 itemSize = index.data(UploadQueueModel::SizeRole).toLongLong();
        size += itemSize;
        done += qint64(double(itemSize) * index.data(UploadQueueModel::ProgressRole).toDouble());
    }
    return size > 0 ? double(done) / double(size) : 1.0;
}

bool UploadPanel::hasActiveUploads() const
{
    for (int row = 0; row < _model->rowCount(); ++row) {
        const auto state = UploadState(_model->index(row).data(UploadQueueModel::StateRole).toInt());
        if (state == UploadState::Queued || state == UploadState::Hashing || state == UploadState::Uploading)
            return true;
    }
    return false;
}

void UploadPanel::retranslateButtons()
{
    _pauseAll->setText(tr("Pause All"));
    _resumeAll->setText(tr("Resume All"));
    _retryAll->setText(tr("Retry Failed"));
    _clearFinished->setText(tr("Clear Finished"));
}

void UploadPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateButtons();
        updateSummary();
        _view->viewport()->update(); // the rows' states, sizes and times are drawn with tr()
    }
    QWidget::changeEvent(event);
}

QString UploadPanel::summaryText() const
{
    const int total = totalCount();
    if (total == 0)
        return tr("No uploads. Drop photos or folders on the window to add them.");
    const int done = finishedCount();
    int paused = 0;
    int failed = 0;
    qint64 speed = 0;
    for (int row = 0; row < _model->rowCount(); ++row) {
        const QModelIndex index = _model->index(row);
        const auto state = UploadState(index.data(UploadQueueModel::StateRole).toInt());
        paused += state == UploadState::Paused;
        failed += state == UploadState::Failed;
        speed += index.data(UploadQueueModel::SpeedRole).toLongLong();
    }
    QStringList parts;
    parts << tr("%1 of %n file(s) uploaded", nullptr, total).arg(done);
    if (paused > 0)
        parts << tr("%n paused", nullptr, paused);
    if (failed > 0)
        parts << tr("%n failed", nullptr, failed);
    if (speed > 0)
        parts << UploadItemDelegate::speedText(speed);
    return parts.join(QStringLiteral("  ·  "));
}

void UploadPanel::updateSummary()
{
    _summary->setText(summaryText());
    bool anyFailed = false;
    bool anyPaused = false;
    bool anyRunning = false;
    bool anyFinished = false;
    for (int row = 0; row < _model->rowCount(); ++row) {
        const auto state = UploadState(_model->index(row).data(UploadQueueModel::StateRole).toInt());
        anyFailed |= state == UploadState::Failed;
        anyPaused |= state == UploadState::Paused;
        anyRunning |= state == UploadState::Queued || state == UploadState::Hashing || state == UploadState::Uploading;
        anyFinished |= state == UploadState::Done || state == UploadState::Instant || state == UploadState::Canceled;
    }
    _pauseAll->setEnabled(anyRunning);
    _resumeAll->setEnabled(anyPaused);
    _retryAll->setEnabled(anyFailed);
    _clearFinished->setEnabled(anyFinished);
    Q_EMIT summaryChanged();
}

void UploadPanel::onAction(const QModelIndex &index, UploadItemDelegate::Action action)
{
    const qint64 id = index.data(UploadQueueModel::IdRole).toLongLong();
    switch (action) {
    case UploadItemDelegate::Action::Pause:
        _engine->pause(id);
        break;
    case UploadItemDelegate::Action::Resume:
        _engine->resume(id);
        break;
    case UploadItemDelegate::Action::Retry:
        _engine->retry(id);
        break;
    case UploadItemDelegate::Action::Cancel:
        _engine->cancel(id);
        break;
    }
}

QList<qint64> UploadPanel::selectedIds() const
{
    QList<qint64> ids;
    const auto indexes = _view->selectionModel()->selectedIndexes();
    for (const QModelIndex &index : indexes)
        ids.append(index.data(UploadQueueModel::IdRole).toLongLong());
    return ids;
}

void UploadPanel::showContextMenu(const QPoint &position)
{
    const QModelIndex clicked = _view->indexAt(position);
    if (!clicked.isValid())
        return;
    if (!_view->selectionModel()->isSelected(clicked))
        _view->setCurrentIndex(clicked);
    const QList<qint64> ids = selectedIds();
    QMenu menu(this);
    const QList<UploadItemDelegate::Action> all = {UploadItemDelegate::Action::Pause, UploadItemDelegate::Action::Resume,
                                                   UploadItemDelegate::Action::Retry, UploadItemDelegate::Action::Cancel};
    for (const UploadItemDelegate::Action action : all) {
        bool offered = false;
        for (qint64 id : ids) {
            const QModelIndex index = _model->indexOfId(id);
            offered |= UploadItemDelegate::actionsFor(index.data(UploadQueueModel::StateRole).toInt()).contains(action);
        }
        if (!offered)
            continue;
        QAction *item = menu.addAction(Icons::icon(actionIcon(action)), UploadItemDelegate::actionText(action));
        connect(item, &QAction::triggered, this, [this, ids, action] {
            for (qint64 id : ids) {
                const QModelIndex index = _model->indexOfId(id);
                if (UploadItemDelegate::actionsFor(index.data(UploadQueueModel::StateRole).toInt()).contains(action))
                    onAction(index, action);
            }
        });
    }
    if (!menu.isEmpty())
        menu.exec(_view->viewport()->mapToGlobal(position));
}

} // namespace nestbox
