#include "ImageCanvas.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace nestbox {

ImageCanvas::ImageCanvas(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("imageCanvas"));
    setMinimumSize(320, 240);
    setAutoFillBackground(true);
    QPalette dark = palette();
    // A dark surround is what photo viewers use in light and dark themes alike.
    dark.setColor(QPalette::Window, QColor(24, 24, 27));
    dark.setColor(QPalette::WindowText, QColor(220, 220, 225));
    setPalette(dark);
}

void ImageCanvas::setPixmap(const QPixmap &pixmap)
{
    _pixmap = pixmap;
    _offset = {};
    update();
}

void ImageCanvas::setPlaceholderText(const QString &text)
{
    _placeholder = text;
    update();
}

void ImageCanvas::setFitToWindow(bool fit)
{
    if (_fit == fit)
        return;
    _fit = fit;
    _offset = {};
    setCursor(fit ? Qt::ArrowCursor : Qt::OpenHandCursor);
    update();
    Q_EMIT fitChanged(fit);
}

QRectF ImageCanvas::targetRect() const
{
    if (_pixmap.isNull())
        return {};
    const QSizeF natural = QSizeF(_pixmap.size()) / _pixmap.devicePixelRatio();
    QSizeF shown = natural;
    if (_fit && (natural.width() > width() || natural.height() > height()))
        shown = natural.scaled(size(), Qt::KeepAspectRatio);
    QRectF target(QPointF(), shown);
    target.moveCenter(QRectF(rect()).center() + (_fit ? QPointF() : _offset));
    return target;
}

void ImageCanvas::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    if (_pixmap.isNull()) {
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, _placeholder);
        return;
    }
    painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
    painter.drawPixmap(targetRect(), _pixmap, QRectF(_pixmap.rect()));
}

void ImageCanvas::mousePressEvent(QMouseEvent *event)
{
    _dragStart = event->position().toPoint();
    _offsetAtDrag = _offset;
    QWidget::mousePressEvent(event);
}

void ImageCanvas::mouseMoveEvent(QMouseEvent *event)
{
    if (_fit || !(event->buttons() & Qt::LeftButton))
        return;
    _offset = _offsetAtDrag + QPointF(event->position().toPoint() - _dragStart);
    update();
}

void ImageCanvas::mouseDoubleClickEvent(QMouseEvent *)
{
    setFitToWindow(!_fit);
}

} // namespace nestbox
