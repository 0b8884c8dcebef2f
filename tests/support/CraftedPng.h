#pragma once

#include <QByteArray>
#include <QtGlobal>

// PNG files built byte by byte, so a header can claim whatever a hostile file would claim
// (the thumbnailer's and the server's hostile-image tests).

// One chunk: length, type, body, CRC-32 of type + body.
QByteArray pngChunk(const char *type, const QByteArray &body);

// A greyscale PNG of `width` x `height` whose pixel data is `rows` zero rows, deflated. With
// rows == height it is a valid all-black image: a decompression bomb of ratio ~1000:1.
QByteArray zeroPng(quint32 width, quint32 height, int bitDepth, quint32 rows);
