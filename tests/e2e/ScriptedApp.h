#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

// The real `nestbox` binary run by an end-to-end suite: on a given X display, with its HOME, XDG
// directories and token store inside the suite's temp dir, driven by an automation script
// (--script, see app/ui/AutomationScript.h).
class ScriptedApp
{
public:
    // `root`: the suite's temp dir (home/ and runtime/ go there); `display`: ":N".
    ScriptedApp(const QString &program, const QString &root, const QString &display);

    // The environment the app gets; add to it or change it before run().
    QProcessEnvironment &environment() { return _env; }

    // Writes `script` to `scriptPath` and runs the app with --script and `arguments`, stdout and
    // stderr into *log. Its exit code; -1 when it did not end within `timeoutMs` (then killed), -2
    // when the script could not be written, -3 when it did not start, -4 when it crashed.
    int run(const QString &scriptPath, const QString &script, const QStringList &arguments, int timeoutMs,
            QByteArray *log);

private:
    QString _program;
    QString _runtimeDir;
    QProcessEnvironment _env;
};
