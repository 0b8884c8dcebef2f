#include "XvfbDisplay.h"

#include <QFile>
#include <QThread>

XvfbDisplay::~XvfbDisplay()
{
    stop();
}

bool XvfbDisplay::start(int first, int last, const QString &screen)
{
    for (int n = first; n < last; ++n) {
        if (QFile::exists(QStringLiteral("/tmp/.X11-unix/X%1").arg(n)) || QFile::exists(QStringLiteral("/tmp/.X%1-lock").arg(n)))
            continue;
        _xvfb.start(QStringLiteral("Xvfb"), {QStringLiteral(":%1").arg(n), QStringLiteral("-screen"), QStringLiteral("0"), screen,
                                             QStringLiteral("-nolisten"), QStringLiteral("tcp")});
        if (!_xvfb.waitForStarted(5000))
            return false;
        for (int i = 0; i < 100 && _xvfb.state() == QProcess::Running; ++i) {
            if (QFile::exists(QStringLiteral("/tmp/.X11-unix/X%1").arg(n))) {
                _display = QStringLiteral(":%1").arg(n);
                return true;
            }
            QThread::msleep(50);
        }
        _xvfb.kill();
        _xvfb.waitForFinished();
    }
    return false;
}

void XvfbDisplay::stop()
{
    if (_xvfb.state() == QProcess::Running) {
        _xvfb.terminate();
        if (!_xvfb.waitForFinished(5000))
            _xvfb.kill();
    }
}
