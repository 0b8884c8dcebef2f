#include "UploadItemDelegate.h"

#include "Icons.h"
#include "LocalPreviewProvider.h"
#include "UploadItem.h"
#include "UploadQueueModel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QHelpEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QStyleOptionProgressBar>
#include <QToolTip>

namespace nestbox {

namespace {
constexpr int kPreview = 40;
constexpr int kMargin = 8;
constexpr int kButton = 26;
constexpr int kButtonGap = 2;

QString iconName(UploadItemDelegate::Action action)
{
    switch (action) {
    case UploadItemDelegate::Action::Pause:
        return QStringLiteral("pause");
    case UploadItemDelegate::Action::Resume:
        return QStringLiteral("resume");
    case UploadItemDelegate::Action::Retry:
        return QStringLiteral("retry");
    case UploadItemDelegate::Action::Cancel:
        return QStringLiteral("cancel");
    }
    return {};
}
} // namespace

UploadItemDelegate::UploadItemDelegate(LocalPreviewProvider *previews, QObject *parent)
    : QStyledItemDelegate(parent)
    , _previews(previews)
{
}

QList<UploadItemDelegate::Action> UploadItemDelegate::actionsFor(int state)
{
    switch (UploadState(state)) {
    case UploadState::Queued:
    case UploadState::Hashing:
    case UploadState::Uploading:
        return {Action::Pause, Action::Cancel};
    case UploadState::Paused:
        return {Action::Resume, Action::Cancel};
    case UploadState::Failed:
        return {Action::Retry, Action::Cancel};
    case UploadState::Canceled:
        return {Action::Retry};
    case UploadState::Done:
    case UploadState::Instant:
        break;
    }
    return {};
}

QString UploadItemDelegate::actionText(Action action)
{
    switch (action) {
    case Action::Pause:
        return tr("Pause");
    case Action::Resume:
        return tr("Resume");
    case Action::Retry:
        return tr("Retry");
    case Action::Cancel:
        return tr("Cancel");
    }
    return {};
}

QString UploadItemDelegate::speedText(qint64 bytesPerSecond)
{
    return tr("%1/s").arg(QLocale().formattedDataSize(bytesPerSecond, 1));
}

QString UploadItemDelegate::etaText(qint64 seconds)
{
    if (seconds < 0)
        return {};
    if (seconds < 60)
        return tr("%n second(s) left", nullptr, int(std::max<qint64>(1, seconds)));
    if (seconds < 3600)
        return tr("%n minute(s) left", nullptr, int((seconds + 59) / 60));
    return tr("%n hour(s) left", nullptr, int((seconds + 3599) / 3600));
}

QSize UploadItemDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    return {300, std::max(kPreview, option.fontMetrics.height() * 2 + 10) + 2 * kMargin};
}

QRect UploadItemDelegate::buttonRect(const QRect &row, int position, int count) const
{
    const int right = row.right() - kMargin;
    const int x = right - (count - position) * (kButton + kButtonGap) + kButtonGap;
    return {x, row.center().y() - kButton / 2, kButton, kButton};
}

void UploadItemDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    opt.icon = QIcon();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setRenderHint(QPainter::SmoothPixmapTransform, true);
    const QRect row = option.rect;
    const QPalette &palette = option.palette;
    const bool selected = option.state & QStyle::State_Selected;
    const QColor textColor = palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    QColor dimColor = textColor;
    dimColor.setAlphaF(0.7);

    // Preview, cropped to a square.
    const QRect previewRect(row.left() + kMargin, row.center().y() - kPreview / 2, kPreview, kPreview);
    const QPixmap preview = _previews->preview(index.data(UploadQueueModel::PathRole).toString());
    QPainterPath clip;
    clip.addRoundedRect(QRectF(previewRect), 4, 4);
    if (!preview.isNull()) {
        painter->setClipPath(clip);
        const QSize filled = preview.size().scaled(previewRect.size(), Qt::KeepAspectRatioByExpanding);
        QRect target(QPoint(), filled);
        target.moveCenter(previewRect.center());
        painter->drawPixmap(target, preview);
        painter->setClipping(false);
    } else {
        QColor fill = palette.color(QPalette::Mid);
        fill.setAlpha(60);
        painter->fillPath(clip, fill);
        Icons::icon(QStringLiteral("file")).paint(painter, previewRect.adjusted(10, 10, -10, -10));
    }

    const int state = index.data(UploadQueueModel::StateRole).toInt();
    const QList<Action> actions = actionsFor(state);
    const int textLeft = previewRect.right() + 1 + kMargin;
    const int buttonsWidth = 2 * (kButton + kButtonGap) + kMargin;
    const int textRight = row.right() - buttonsWidth - kMargin;
    const int lineHeight = option.fontMetrics.height();
    const int top = row.center().y() - (lineHeight * 2 + 8) / 2;

    // Line 1: name, and the state on the right.
    const QString stateText = index.data(UploadQueueModel::StateTextRole).toString();
    QFont bold = option.font;
    bold.setWeight(QFont::DemiBold);
    const QFontMetrics boldMetrics(bold);
    const int stateWidth = option.fontMetrics.horizontalAdvance(stateText) + 4;
    painter->setFont(bold);
    painter->setPen(textColor);
    const QRect nameRect(textLeft, top, textRight - textLeft - stateWidth - 8, lineHeight);
    painter->drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
                      boldMetrics.elidedText(index.data(UploadQueueModel::NameRole).toString(), Qt::ElideMiddle,
                                             nameRect.width()));
    painter->setFont(option.font);
    QColor stateColor = dimColor;
    switch (UploadState(state)) {
    case UploadState::Failed:
        stateColor = QColor(0xd9, 0x3b, 0x2f);
        break;
    case UploadState::Done:
    case UploadState::Instant:
        stateColor = QColor(0x2e, 0x9d, 0x5b);
        break;
    case UploadState::Paused:
        stateColor = QColor(0xc2, 0x7c, 0x0e);
        break;
    default:
        break;
    }
    painter->setPen(stateColor);
    painter->drawText(QRect(textRight - stateWidth, top, stateWidth, lineHeight), Qt::AlignRight | Qt::AlignVCenter,
                      stateText);

    // Progress bar.
    const double progress = index.data(UploadQueueModel::ProgressRole).toDouble();
    const QRectF bar(textLeft, top + lineHeight + 3, textRight - textLeft, 4);
    QColor track = palette.color(QPalette::Mid);
    track.setAlpha(70);
    painter->setPen(Qt::NoPen);
    painter->setBrush(track);
    painter->drawRoundedRect(bar, 2, 2);
    QRectF done = bar;
    done.setWidth(bar.width() * std::clamp(progress, 0.0, 1.0));
    QColor fill = UploadState(state) == UploadState::Failed ? QColor(0xd9, 0x3b, 0x2f)
                  : UploadState(state) == UploadState::Paused ? QColor(0xc2, 0x7c, 0x0e)
                                                              : palette.color(QPalette::Highlight);
    if (UploadState(state) == UploadState::Done || UploadState(state) == UploadState::Instant)
        fill = QColor(0x2e, 0x9d, 0x5b);
    painter->setBrush(fill);
    if (done.width() > 0)
        painter->drawRoundedRect(done, 2, 2);

    // Line 2: sizes, speed, time left, or the error.
    const QLocale locale;
    const qint64 size = index.data(UploadQueueModel::SizeRole).toLongLong();
    const qint64 bytesDone = index.data(UploadQueueModel::BytesDoneRole).toLongLong();
    QStringList parts;
    const QString error = index.data(UploadQueueModel::ErrorRole).toString();
    if (UploadState(state) == UploadState::Failed && !error.isEmpty()) {
        parts << error;
    } else if (UploadState(state) == UploadState::Uploading || UploadState(state) == UploadState::Paused) {
        parts << tr("%1 of %2").arg(locale.formattedDataSize(bytesDone, 1), locale.formattedDataSize(size, 1));
        const qint64 speed = index.data(UploadQueueModel::SpeedRole).toLongLong();
        if (UploadState(state) == UploadState::Uploading && speed > 0) {
            parts << speedText(speed);
            const QString eta = etaText(index.data(UploadQueueModel::EtaRole).toLongLong());
            if (!eta.isEmpty())
                parts << eta;
        }
    } else if (index.data(UploadQueueModel::IsInstantRole).toBool()) {
        parts << locale.formattedDataSize(size, 1) << tr("already on the server, nothing sent");
    } else {
        parts << locale.formattedDataSize(size, 1);
    }
    painter->setPen(UploadState(state) == UploadState::Failed ? stateColor : dimColor);
    const QRect detailRect(textLeft, int(bar.bottom()) + 3, textRight - textLeft, lineHeight);
    painter->drawText(detailRect, Qt::AlignLeft | Qt::AlignVCenter,
                      option.fontMetrics.elidedText(parts.join(QStringLiteral("  ·  ")), Qt::ElideRight,
                                                    detailRect.width()));

    // Buttons.
    const bool hovered = option.state & QStyle::State_MouseOver;
    for (int i = 0; i < actions.size(); ++i) {
        const QRect button = buttonRect(row, i, int(actions.size()));
        if (hovered) {
            QColor hover = palette.color(QPalette::Mid);
            hover.setAlpha(40);
            painter->setPen(Qt::NoPen);
            painter->setBrush(hover);
            painter->drawRoundedRect(QRectF(button), 4, 4);
        }
        Icons::icon(iconName(actions.at(i))).paint(painter, button.adjusted(5, 5, -5, -5));
    }
    painter->restore();
}

bool UploadItemDelegate::editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                                     const QModelIndex &index)
{
    if (event->type() == QEvent::MouseButtonRelease) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        const QList<Action> actions = actionsFor(index.data(UploadQueueModel::StateRole).toInt());
        for (int i = 0; i < actions.size(); ++i) {
            if (buttonRect(option.rect, i, int(actions.size())).contains(mouse->position().toPoint())) {
                Q_EMIT actionTriggered(index, actions.at(i));
                return true;
            }
        }
    }
    return QStyledItemDelegate::editorEvent(event, model, option, index);
}

bool UploadItemDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                                   const QModelIndex &index)
{
    const QList<Action> actions = actionsFor(index.data(UploadQueueModel::StateRole).toInt());
    for (int i = 0; i < actions.size(); ++i) {
        if (buttonRect(option.rect, i, int(actions.size())).contains(event->pos())) {
            QToolTip::showText(event->globalPos(), actionText(actions.at(i)), view);
            return true;
        }
    }
    QString tip = index.data(UploadQueueModel::PathRole).toString();
    const QString error = index.data(UploadQueueModel::ErrorRole).toString();
    if (!error.isEmpty())
        tip += QLatin1Char('\n') + error;
    QToolTip::showText(event->globalPos(), tip, view);
    return true;
}

} // namespace nestbox
