#include "ThumbnailDelegate.h"

#include "Icons.h"
#include "TimelineModel.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace nestbox {

namespace {
constexpr int kPadding = 6;
constexpr int kTextGap = 4;
constexpr qreal kRadius = 6.0;
} // namespace

ThumbnailDelegate::ThumbnailDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
    refreshIcons();
}

void ThumbnailDelegate::refreshIcons()
{
    _photoIcon = Icons::icon(QStringLiteral("photo"));
    _videoIcon = Icons::icon(QStringLiteral("video"));
    _fileIcon = Icons::icon(QStringLiteral("file"));
}

void ThumbnailDelegate::setThumbnailSize(int pixels)
{
    _thumbnailSize = pixels;
}

QSize ThumbnailDelegate::cellSize() const
{
    const int textHeight = QFontMetrics(QApplication::font()).height();
    return {_thumbnailSize + 2 * kPadding, _thumbnailSize + 2 * kPadding + kTextGap + textHeight};
}

QSize ThumbnailDelegate::sizeHint(const QStyleOptionViewItem &, const QModelIndex &) const
{
    return cellSize();
}

QRect ThumbnailDelegate::thumbnailRect(const QRect &cell) const
{
    return {cell.left() + kPadding, cell.top() + kPadding, _thumbnailSize, _thumbnailSize};
}

void ThumbnailDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setRenderHint(QPainter::SmoothPixmapTransform, true);
    const QPalette &palette = option.palette;
    const bool selected = option.state & QStyle::State_Selected;
    const bool hovered = option.state & QStyle::State_MouseOver;
    const QRect cell = option.rect;

    if (selected || hovered) {
        QColor background = palette.color(QPalette::Highlight);
        background.setAlpha(selected ? 70 : 28);
        painter->setPen(selected ? QPen(palette.color(QPalette::Highlight), 1.5) : Qt::NoPen);
        painter->setBrush(background);
        painter->drawRoundedRect(QRectF(cell).adjusted(1.5, 1.5, -1.5, -1.5), kRadius + 2, kRadius + 2);
    }

    const QRect square = thumbnailRect(cell);
    // The picture sits on the bottom of its square, right above its name; the month chip sits on
    // the picture's top-left corner.
    QRect picture = square;
    const QString kind = index.data(TimelineModel::KindRole).toString();
    const QPixmap pixmap = index.data(Qt::DecorationRole).value<QPixmap>();
    if (!pixmap.isNull()) {
        const QSize fitted = pixmap.size().scaled(square.size(), Qt::KeepAspectRatio);
        QRect target(QPoint(), fitted);
        target.moveCenter(square.center());
        target.moveBottom(square.bottom());
        picture = target;
        QPainterPath clip;
        clip.addRoundedRect(QRectF(target), kRadius / 1.5, kRadius / 1.5);
        painter->setClipPath(clip);
        painter->drawPixmap(target, pixmap);
        painter->setClipping(false);
    } else {
        QColor fill = palette.color(QPalette::Mid);
        fill.setAlpha(60);
        painter->setPen(Qt::NoPen);
        painter->setBrush(fill);
        painter->drawRoundedRect(QRectF(square), kRadius, kRadius);
        const QIcon &icon = kind == QLatin1String("video") ? _videoIcon
                            : kind == QLatin1String("image") ? _photoIcon
                                                             : _fileIcon;
        const int iconSize = std::max(24, _thumbnailSize / 4);
        QRect iconRect(0, 0, iconSize, iconSize);
        iconRect.moveCenter(square.center());
        painter->setOpacity(0.55);
        icon.paint(painter, iconRect, Qt::AlignCenter, QIcon::Disabled);
        painter->setOpacity(1.0);
        if (kind == QLatin1String("other")) {
            // The extension says more than a generic icon.
            const QString name = index.data(TimelineModel::NameRole).toString();
            const int dot = name.lastIndexOf(QLatin1Char('.'));
            if (dot > 0 && name.size() - dot <= 6) {
                QFont small = option.font;
                small.setBold(true);
                painter->setFont(small);
                painter->setPen(palette.color(QPalette::PlaceholderText));
                painter->drawText(square.adjusted(0, iconSize + 8, 0, 0), Qt::AlignHCenter | Qt::AlignVCenter,
                                  name.mid(dot + 1).toUpper());
            }
        }
    }

    if (kind == QLatin1String("video")) {
        const int badge = std::max(22, _thumbnailSize / 6);
        const QRectF circle(picture.right() - badge - 6, picture.bottom() - badge - 6, badge, badge);
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0, 0, 0, 140));
        painter->drawEllipse(circle);
        QPainterPath triangle;
        const QPointF c = circle.center();
        const qreal r = badge * 0.22;
        triangle.moveTo(c.x() - r * 0.7, c.y() - r);
        triangle.lineTo(c.x() + r, c.y());
        triangle.lineTo(c.x() - r * 0.7, c.y() + r);
        triangle.closeSubpath();
        painter->setBrush(Qt::white);
        painter->drawPath(triangle);
    }

    if (index.data(TimelineModel::SectionStartRole).toBool()) {
        // A chip marking where a month begins; the view's header names the month at the top.
        const QString month = index.data(TimelineModel::SectionTextRole).toString();
        QFont chipFont = option.font;
        chipFont.setPointSizeF(chipFont.pointSizeF() * 0.9);
        chipFont.setWeight(QFont::DemiBold);
        painter->setFont(chipFont);
        const QFontMetrics metrics(chipFont);
        const QRect textRect = metrics.boundingRect(month);
        QRectF chip(picture.left() + 6, picture.top() + 6, textRect.width() + 14, metrics.height() + 6);
        chip.setWidth(std::min(chip.width(), qreal(picture.width() - 12)));
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(20, 24, 31, 190));
        painter->drawRoundedRect(chip, chip.height() / 2, chip.height() / 2);
        painter->setPen(Qt::white);
        painter->drawText(chip, Qt::AlignCenter, metrics.elidedText(month, Qt::ElideRight, int(chip.width()) - 10));
    }

    const QRect textRect(cell.left() + kPadding, square.bottom() + 1 + kTextGap, cell.width() - 2 * kPadding,
                         option.fontMetrics.height());
    painter->setFont(option.font);
    painter->setPen(palette.color(selected ? QPalette::Text : QPalette::Text));
    const QString name = index.data(TimelineModel::NameRole).toString();
    painter->drawText(textRect, Qt::AlignHCenter | Qt::AlignVCenter,
                      option.fontMetrics.elidedText(name, Qt::ElideMiddle, textRect.width()));

    if (option.state & QStyle::State_HasFocus && selected) {
        painter->setPen(QPen(palette.color(QPalette::Highlight), 1, Qt::DotLine));
        painter->setBrush(Qt::NoBrush);
    }
    painter->restore();
}

} // namespace nestbox
