#pragma once

#include <QProcess>
#include <QString>

// A private X server (Xvfb) for the end-to-end suites: the first free display number in a range,
// no TCP listener; stopped when this object goes (or by stop()).
class XvfbDisplay
{
public:
    XvfbDisplay() = default;
    XvfbDisplay(const XvfbDisplay &) = delete;
    XvfbDisplay &operator=(const XvfbDisplay &) = delete;
    ~XvfbDisplay();

    // Starts Xvfb on the first display number in [first, last) with no socket or lock file yet,
    // one screen of `screen` (e.g. "1280x860x24"), and waits for its socket. False when Xvfb is
    // missing or no display in the range came up.
    bool start(int first, int last, const QString &screen);
    // ":N" once started; empty before.
    QString display() const { return _display; }
    void stop();

private:
    QProcess _xvfb;
    QString _display;
};
