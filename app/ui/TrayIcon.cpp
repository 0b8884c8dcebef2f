#include "TrayIcon.h"

#include "Icons.h"

#include <QApplication>
#include <QMenu>
#include <QPainter>
#include <QSystemTrayIcon>

namespace nestbox {

TrayIcon::TrayIcon(QObject *parent)
    : QObject(parent)
    , _tray(new QSystemTrayIcon(this))
    , _menu(new QMenu)
    , _baseIcon(QApplication::windowIcon())
{
    QAction *show = _menu->addAction(tr("Show Nestbox"));
    connect(show, &QAction::triggered, this, &TrayIcon::showWindowRequested);
    _menu->addSeparator();
    QAction *pause = _menu->addAction(Icons::icon(QStringLiteral("pause")), tr("Pause All Uploads"));
    connect(pause, &QAction::triggered, this, &TrayIcon::pauseAllRequested);
    QAction *resume = _menu->addAction(Icons::icon(QStringLiteral("resume")), tr("Resume All Uploads"));
    connect(resume, &QAction::triggered, this, &TrayIcon::resumeAllRequested);
    _menu->addSeparator();
    QAction *quit = _menu->addAction(tr("Quit Nestbox"));
    connect(quit, &QAction::triggered, this, &TrayIcon::quitRequested);

    _tray->setContextMenu(_menu);
    _tray->setIcon(_baseIcon);
    _tray->setToolTip(tr("Nestbox"));
    connect(_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
            Q_EMIT showWindowRequested();
    });
    if (isAvailable())
        _tray->show();
}

void TrayIcon::retranslate()
{
    const QString texts[] = {tr("Show Nestbox"), tr("Pause All Uploads"), tr("Resume All Uploads"), tr("Quit Nestbox")};
    int i = 0;
    for (QAction *action : _menu->actions()) {
        if (!action->isSeparator() && i < 4)
            action->setText(texts[i++]);
    }
}

TrayIcon::~TrayIcon()
{
    delete _menu;
}

bool TrayIcon::isAvailable() const
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

QString TrayIcon::toolTip() const
{
    return _tray->toolTip();
}

QIcon TrayIcon::iconWithProgress(double progress) const
{
    QIcon icon;
    for (const int size : {16, 22, 24, 32, 48, 64}) {
        QPixmap pixmap = _baseIcon.pixmap(size, size);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing, true);
        const qreal ring = std::max(2.0, size / 8.0);
        const QRectF area = QRectF(0, 0, size, size).adjusted(ring / 2, ring / 2, -ring / 2, -ring / 2);
        painter.setPen(QPen(QColor(0, 0, 0, 110), ring));
        painter.drawEllipse(area);
        painter.setPen(QPen(QColor(0x3b, 0xd1, 0x7a), ring, Qt::SolidLine, Qt::RoundCap));
        painter.drawArc(area, 90 * 16, -int(360 * 16 * std::clamp(progress, 0.0, 1.0)));
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

void TrayIcon::setProgress(double progress, const QString &summary)
{
    const int percent = progress < 0 ? -1 : int(progress * 100);
    _tray->setToolTip(progress < 0 ? tr("Nestbox") : tr("Nestbox – %1").arg(summary));
    if (percent == _lastPercent)
        return;
    _lastPercent = percent;
    _tray->setIcon(progress < 0 ? _baseIcon : iconWithProgress(progress));
}

void TrayIcon::notifyBatchFinished(int done, int failed)
{
    if (!isAvailable() || !QSystemTrayIcon::supportsMessages())
        return;
    if (failed > 0)
        _tray->showMessage(tr("Uploads finished with problems"),
                           tr("%n file(s) uploaded", nullptr, done) + QLatin1Char('\n')
                               + tr("%n file(s) could not be uploaded; open Nestbox to retry them.", nullptr, failed),
                           QSystemTrayIcon::Warning);
    else
        _tray->showMessage(tr("Uploads finished"), tr("%n file(s) are now in your album.", nullptr, done),
                           QSystemTrayIcon::Information);
}

} // namespace nestbox
