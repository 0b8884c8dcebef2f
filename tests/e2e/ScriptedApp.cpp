#include "ScriptedApp.h"

#include <QDir>
#include <QFile>
#include <QProcess>

ScriptedApp::ScriptedApp(const QString &program, const QString &root, const QString &display)
    : _program(program), _runtimeDir(QDir(root).filePath(QStringLiteral("runtime"))),
      _env(QProcessEnvironment::systemEnvironment())
{
    const QString home = QDir(root).filePath(QStringLiteral("home"));
    _env.insert(QStringLiteral("DISPLAY"), display);
    _env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
    _env.insert(QStringLiteral("HOME"), home);
    _env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/.config"));
    _env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/.local/share"));
    _env.insert(QStringLiteral("XDG_CACHE_HOME"), home + QStringLiteral("/.cache"));
    _env.insert(QStringLiteral("XDG_RUNTIME_DIR"), _runtimeDir);
    _env.insert(QStringLiteral("NESTBOX_TOKEN_STORE"), QStringLiteral("file"));
    _env.insert(QStringLiteral("NESTBOX_LANG"), QStringLiteral("en_US"));
    _env.insert(QStringLiteral("QT_SCALE_FACTOR"), QStringLiteral("1"));
    _env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("nestbox.automation.info=true"));
    _env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    _env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
}

int ScriptedApp::run(const QString &scriptPath, const QString &script, const QStringList &arguments, int timeoutMs,
                     QByteArray *log)
{
    QFile file(scriptPath);
    if (!file.open(QIODevice::WriteOnly))
        return -2;
    file.write(script.toUtf8());
    file.close();

    QDir().mkpath(_runtimeDir);
    QFile::setPermissions(_runtimeDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    QProcess app;
    app.setProcessEnvironment(_env);
    app.setProcessChannelMode(QProcess::MergedChannels);
    app.start(_program, QStringList{QStringLiteral("--script"), scriptPath} + arguments);
    if (!app.waitForStarted(10000))
        return -3;
    const bool ended = app.waitForFinished(timeoutMs);
    *log = app.readAll();
    if (!ended) {
        app.kill();
        app.waitForFinished();
        return -1;
    }
    return app.exitStatus() == QProcess::NormalExit ? app.exitCode() : -4;
}
