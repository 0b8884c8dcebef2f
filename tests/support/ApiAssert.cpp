#include "ApiAssert.h"

#include <QJsonObject>
#include <QTest>

bool nbCheckReply(const HttpReply &reply, int status, const char *code, const char *file, int line)
{
    QString problem;
    if (reply.status != status) {
        problem = QStringLiteral("expected HTTP %1").arg(status);
        if (code)
            problem += QLatin1Char(' ') + QLatin1String(code);
    } else if (code) {
        const QJsonObject error = reply.json().value(QLatin1String("error")).toObject();
        if (error.value(QLatin1String("code")).toString() != QLatin1String(code))
            problem = QStringLiteral("expected error code %1").arg(QLatin1String(code));
        else if (!error.value(QLatin1String("message")).isString() || error.value(QLatin1String("message")).toString().isEmpty())
            problem = QStringLiteral("error %1 without a message").arg(QLatin1String(code));
    }
    if (problem.isEmpty())
        return true;
    const QString message = problem + QLatin1String(", got: ") + reply.describe();
    QTest::qFail(qPrintable(message), file, line);
    return false;
}
