#pragma once

#include <QImage>

// How many different colours the pixels on a grid of `step` pixels have: the e2e suites' check
// that a screenshot shows a window that painted (one flat colour has 1).
int sampledColours(const QImage &image, int step);
