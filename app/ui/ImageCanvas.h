#pragma once

#include <QPixmap>
#include <QWidget>

namespace nestbox {

// Shows one picture, either fitted into the widget (never enlarged past its own size) or at
// 100 %, dragged around with the mouse. GUI thread.
class ImageCanvas : public QWidget {
    Q_OBJECT

public:
    explicit ImageCanvas(QWidget *parent = nullptr);

    void setPixmap(const QPixmap &pixmap);
    QPixmap pixmap() const { return _pixmap; }
    void setPlaceholderText(const QString &text);
    void setFitToWindow(bool fit);
    bool fitToWindow() const { return _fit; }

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;

Q_SIGNALS:
    void fitChanged(bool fit);

private:
    QRectF targetRect() const;

    QPixmap _pixmap;
    QString _placeholder;
    QPointF _offset;
    QPoint _dragStart;
    QPointF _offsetAtDrag;
    bool _fit = true;
};

} // namespace nestbox
