#include "CommandRunner.h"

#include <QProcess>

CommandResult runToCompletion(const QString &program, const QStringList &args, const QProcessEnvironment &env,
                              const QByteArray &input, int timeoutMs)
{
    CommandResult result;
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForStarted(10000))
        return result;
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        result.output = p.readAll();
        return result;
    }
    result.output = p.readAll();
    result.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return result;
}
